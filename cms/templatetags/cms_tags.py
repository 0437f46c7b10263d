"""Template tags for the site chrome: menus, breadcrumbs and provenance labels.

Each tag reads through one query (menus are read once per request and remembered on it),
so the page shell costs the same whatever the menu length.
"""

from django import template
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from cms.models import FOOTER_MENU, MAIN_MENU, MenuItem, Provenance

register = template.Library()

# Used when nobody has built the menu in the admin yet, so a fresh site still navigates.
DEFAULT_MAIN_MENU = [
    (_("Khóa học"), "/khoa-hoc/"),
    (_("Trung tâm"), "/trung-tam/"),
    (_("Kế hoạch"), "/ke-hoach/"),
    (_("Tin tức"), "/tin-tuc/"),
]


def _menu_links(request, slug: str) -> list[dict]:
    cache = getattr(request, "_cms_menus", None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            request._cms_menus = cache
    if slug not in cache:
        items = (
            MenuItem.objects.filter(menu__slug=slug)
            .select_related("link_page")
            .order_by("sort_order", "pk")
        )
        links = []
        for item in items:
            if item.link_page_id and not item.link_page.live:
                continue
            url = item.get_url(request)
            if url:
                links.append({"title": item.title, "url": url})
        cache[slug] = links
    return cache[slug]


def _mark_current(links: list[dict], path: str) -> list[dict]:
    # The longest matching prefix is the current section ("/" only matches the home page).
    best = None
    for link in links:
        url = link["url"]
        if url == path or (url != "/" and url.startswith("/") and path.startswith(url)):
            if best is None or len(url) > len(best["url"]):
                best = link
    return [{**link, "current": link is best, "exact": link["url"] == path} for link in links]


@register.inclusion_tag("includes/menu_main.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    links = _menu_links(request, MAIN_MENU)
    if not links:
        links = [{"title": title, "url": url} for title, url in DEFAULT_MAIN_MENU]
    path = request.path if request is not None else ""
    return {"links": _mark_current(links, path), "request": request}


@register.inclusion_tag("includes/menu_footer.html", takes_context=True)
def footer_menu(context):
    request = context.get("request")
    return {"links": _menu_links(request, FOOTER_MENU), "request": request}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page=None):
    """Ancestors of the page below the site root (one query), ending at the page itself."""
    request = context.get("request")
    page = page or context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"crumbs": []}
    ancestors = page.get_ancestors().filter(depth__gte=2)
    crumbs = [{"title": a.title, "url": a.get_url(request)} for a in ancestors]
    if crumbs:
        crumbs[0]["title"] = _("Trang chủ")
    crumbs.append({"title": page.title, "url": None})
    return {"crumbs": crumbs}


@register.simple_tag
def provenance_label(value: str) -> str:
    try:
        return Provenance(value).label
    except ValueError:
        return ""


@register.filter
def is_wagtail_page(value) -> bool:
    """True for a Wagtail page (views of other apps may put a paginator page in `page`)."""
    return isinstance(value, Page)
