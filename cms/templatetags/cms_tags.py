"""Template tags for the site chrome: menus, breadcrumbs and provenance labels.

Each tag reads through one query (menus are read once per request and remembered on it),
so the page shell costs the same whatever the menu length. When fragment caching is on
(`PAGE_FRAGMENT_CACHE_SECONDS` > 0, as in production), the menus, the footer settings and the
breadcrumbs of a page are also kept in the low-level cache under the page cache's generation,
which publishing a page or saving a menu or the footer settings bumps
(`cms.page_cache.connect_signals`): a page then renders its chrome without a query.
"""

from django import template
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import Page

from cms import page_cache
from cms.models import FOOTER_MENU, MAIN_MENU, FooterSettings, MenuItem

register = template.Library()

# Used when nobody has built the menu in the admin yet, so a fresh site still navigates.
DEFAULT_MAIN_MENU = [
    (_("Khóa học"), "/khoa-hoc/"),
    (pgettext_lazy("danh sách trung tâm", "Trung tâm"), "/trung-tam/"),
    (_("Kế hoạch"), "/ke-hoach/"),
    (_("Tin tức"), "/tin-tuc/"),
]


def _menu_links(request, slug: str) -> list[dict]:
    return page_cache.remember(
        page_cache.fragment_key(request, "menu", slug), lambda: _read_menu_links(request, slug)
    )


def _read_menu_links(request, slug: str) -> list[dict]:
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
            links.append({"title": str(item.title), "url": url})
    return links


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
    _prime_footer_settings(request)
    return {"links": _menu_links(request, FOOTER_MENU), "request": request}


def _prime_footer_settings(request) -> None:
    """Put the cached FooterSettings where `{{ settings.cms.FooterSettings }}` (rendered just
    after the footer menu) looks first, so the footer costs no query on a warm cache."""
    key = page_cache.fragment_key(request, "footer-settings")
    attr = FooterSettings.get_cache_attr_name()
    if key is None or hasattr(request, attr):
        return
    instance = page_cache.remember(key, lambda: FooterSettings.for_request(request))
    instance._request = request
    setattr(request, attr, instance)


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page=None):
    """Ancestors of the page below the site root (one query), ending at the page itself."""
    request = context.get("request")
    page = page or context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"crumbs": []}

    def build():
        ancestors = page.get_ancestors().filter(depth__gte=2)
        return [{"title": a.title, "url": a.get_url(request)} for a in ancestors]

    crumbs = list(page_cache.remember(page_cache.fragment_key(request, "crumbs", page.path), build))
    if crumbs:
        crumbs[0] = {**crumbs[0], "title": _("Trang chủ")}
    crumbs.append({"title": page.title, "url": None})
    return {"crumbs": crumbs}


@register.simple_tag
def select_options(choices, selected="", blank=None):
    """The <option> elements of a <select>: `blank` (if given) for "no choice", then the
    (value, label) pairs, with `selected` marked. Built in Python because a template loop
    over the 126 wards of a filter costs more than the rest of the page."""
    selected = "" if selected is None else str(selected)
    parts = [f'<option value="">{escape(blank)}</option>'] if blank is not None else []
    for value, label in choices:
        value = str(value)
        mark = " selected" if value == selected else ""
        parts.append(f'<option value="{escape(value)}"{mark}>{escape(label)}</option>')
    return mark_safe("".join(parts))  # noqa: S308 - every value and label escaped above


@register.filter
def meta_description(page) -> str:
    """The page's description for search engines and link previews: its search description,
    else its summary or intro, as plain text of at most 300 characters. (Looking the missing
    attributes up in the template instead costs a dir() of the whole page object each.)"""
    for name in ("search_description", "summary", "intro"):
        value = getattr(page, name, "")
        if value:
            return Truncator(strip_tags(str(value))).chars(300)
    return ""


@register.filter
def is_wagtail_page(value) -> bool:
    """True for a Wagtail page (views of other apps may put a paginator page in `page`)."""
    return isinstance(value, Page)


@register.filter
def can_access_admin(user) -> bool:
    """Whether the signed-in user works in the Wagtail admin (staff get the admin's account
    page, residents their own pages). Only asked for signed-in users: anonymous pages
    (the cached ones) pay nothing."""
    return bool(user and user.is_authenticated and user.has_perm("wagtailadmin.access_admin"))


@register.simple_tag
def vi_lang() -> str:
    """` lang="vi"` on an element holding Vietnamese content (titles, bodies, course cards)
    when the interface is in another language, so screen readers and translators read it
    as Vietnamese; nothing when the page is Vietnamese already."""
    from django.utils.translation import get_language

    return "" if (get_language() or "vi").startswith("vi") else mark_safe(' lang="vi"')


@register.simple_tag(takes_context=True)
def absolute_page_url(context, page) -> str:
    """The page's public address on the real host: SITE_URL when set (production, behind a
    proxy), else the request's own scheme and host; never the Site record's placeholder
    hostname (the demo's `localhost`). For canonical and og:url."""
    from django.conf import settings

    request = context.get("request")
    path = page.get_url(request=request) or "/"
    if path.startswith(("http://", "https://")):
        from urllib.parse import urlsplit

        parts = urlsplit(path)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
    base = (getattr(settings, "SITE_URL", "") or "").rstrip("/")
    if not base and request is not None:
        base = f"{request.scheme}://{request.get_host()}"
    return f"{base}{path}"
