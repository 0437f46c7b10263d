"""Reads for the information site's pages. Every listing is built here with the joins it
needs, so the number of queries does not grow with the number of items."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from taggit.models import Tag
from wagtail.images import get_image_model

from cms.headlines import CurrentValue, current_values
from cms.models import NewsIndexPage, NewsPage, NewsPageTag, PlanIndexPage, PlanPage, PlanTarget

LISTING_IMAGE_SPEC = "fill-400x225"

__all__ = [
    "HeadlineTarget",
    "NewsIndexPage",
    "PlanIndexPage",
    "first_live",
    "headline_targets",
    "latest_news",
    "news_for_index",
    "news_tags",
    "plans_for_index",
]


def first_live(model):
    return model.objects.live().public().first()


def _news_queryset() -> QuerySet[NewsPage]:
    images = get_image_model().objects.prefetch_renditions(LISTING_IMAGE_SPEC)
    return (
        NewsPage.objects.live()
        .public()
        .order_by("-date", "-first_published_at", "-pk")
        .prefetch_related(Prefetch("lead_image", queryset=images), "tags")
    )


def news_for_index(*, index_page: NewsIndexPage) -> QuerySet[NewsPage]:
    """Live news under one index, newest first, with lead image renditions and tags."""
    return _news_queryset().child_of(index_page)


def latest_news(*, limit: int = 3) -> list[NewsPage]:
    return list(_news_queryset()[:limit])


def news_tags(*, index_page: NewsIndexPage) -> QuerySet[Tag]:
    """Tags used by live news under this index, alphabetical, for the filter list."""
    live_ids = NewsPage.objects.live().public().child_of(index_page).values("pk")
    tag_ids = NewsPageTag.objects.filter(content_object_id__in=live_ids).values("tag_id")
    return Tag.objects.filter(pk__in=tag_ids).order_by("name")


def plans_for_index(*, index_page: PlanIndexPage) -> QuerySet[PlanPage]:
    """Live plans under the index, newest signature first, with their target rows."""
    return (
        PlanPage.objects.live()
        .public()
        .child_of(index_page)
        .order_by("-date_signed", "title")
        .select_related("document")
        .prefetch_related("targets")
    )


@dataclass(frozen=True)
class HeadlineTarget:
    target: PlanTarget
    plan: PlanPage
    current: CurrentValue | None


def headline_target_rows() -> list[PlanTarget]:
    """Target rows flagged as headline on live plans, with their plan."""
    return list(
        PlanTarget.objects.filter(is_headline=True, page__live=True)
        .select_related("page")
        .order_by("page__path", "sort_order")
    )


def headline_targets(*, page=None, request=None, rows=None) -> list[HeadlineTarget]:
    """Target rows flagged as headline on live plans (`rows` when the caller has them),
    each with its current value if a statistics hook supplies one."""
    rows = headline_target_rows() if rows is None else rows
    values = current_values(page=page, request=request)
    return [
        HeadlineTarget(target=row, plan=row.page, current=values.get(row.key) if row.key else None)
        for row in rows
    ]


SITEMAP_CHILDREN = 200


def sitemap_sections(*, request) -> list[dict]:
    """The human site map (/so-do-trang/): the home page's live public sections, each with
    its own live public pages (plans, centres, news …; courses are reached through the
    catalogue and their centres). Two queries."""
    from wagtail.models import Page, Site

    site = Site.find_for_request(request)
    if site is None:
        return []
    root = site.root_page
    pages = (
        Page.objects.live()
        .public()
        .descendant_of(root)
        .filter(depth__in=(root.depth + 1, root.depth + 2))
        .only("id", "title", "path", "depth", "url_path")
        .order_by("path")
    )
    sections, by_path = [], {}
    for page in pages:
        if page.depth == root.depth + 1:
            entry = {"title": page.title, "url": page.get_url(request), "children": []}
            sections.append(entry)
            by_path[page.path] = entry
        else:
            parent = by_path.get(page.path[: -Page.steplen])
            if parent is not None and len(parent["children"]) < SITEMAP_CHILDREN:
                parent["children"].append({"title": page.title, "url": page.get_url(request)})
    return sections
