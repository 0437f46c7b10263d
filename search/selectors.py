"""Reads for the site search page."""

from dataclasses import dataclass

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from wagtail.models import Page

from .backends import get_search_backend

RESULTS_PER_PAGE = 20


@dataclass
class SearchResults:
    query: str
    total: int
    pages: list[Page]
    page_obj: PaginatorPage | None


class _HitCounter:
    """Lets Django's Paginator page through a backend result without loading all of it."""

    def __init__(self, total: int):
        self.total = total

    def count(self) -> int:
        return self.total

    def __getitem__(self, item):
        return []


def _page_number(raw) -> int:
    try:
        return max(int(raw), 1)
    except (TypeError, ValueError):
        return 1


def site_search(*, query: str, page_number=1, kinds: list[str] | None = None) -> SearchResults:
    """Live public pages matching `query` (with or without diacritics), best first.

    One backend call for the requested page (it returns the total too); a second only when
    the requested page lies beyond the last one."""
    backend = get_search_backend()
    number = _page_number(page_number)
    hits = backend.search(
        query, kinds=kinds, offset=(number - 1) * RESULTS_PER_PAGE, limit=RESULTS_PER_PAGE
    )
    if hits.total == 0:
        return SearchResults(query=query, total=0, pages=[], page_obj=None)
    page_obj = Paginator(_HitCounter(hits.total), RESULTS_PER_PAGE).get_page(number)
    if page_obj.number != number:
        hits = backend.search(
            query, kinds=kinds, offset=page_obj.start_index() - 1, limit=RESULTS_PER_PAGE
        )
    by_id = {p.pk: p for p in Page.objects.live().public().filter(pk__in=hits.page_ids)}
    pages = [by_id[pk] for pk in hits.page_ids if pk in by_id]
    return SearchResults(query=query, total=hits.total, pages=pages, page_obj=page_obj)
