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


def site_search(
    *, query: str, page_number: int = 1, kinds: list[str] | None = None
) -> SearchResults:
    """Live public pages matching `query` (with or without diacritics), best first."""
    backend = get_search_backend()
    first = backend.search(query, kinds=kinds, offset=0, limit=0)
    if first.total == 0:
        return SearchResults(query=query, total=0, pages=[], page_obj=None)
    paginator = Paginator(_HitCounter(first.total), RESULTS_PER_PAGE)
    page_obj = paginator.get_page(page_number)
    hits = backend.search(
        query, kinds=kinds, offset=page_obj.start_index() - 1, limit=RESULTS_PER_PAGE
    )
    by_id = {p.pk: p for p in Page.objects.live().public().filter(pk__in=hits.page_ids)}
    pages = [by_id[pk] for pk in hits.page_ids if pk in by_id]
    return SearchResults(query=query, total=first.total, pages=pages, page_obj=page_obj)
