"""Writes to the search index. Called on publish/unpublish/delete (wired in apps.py, the
same way Wagtail keeps its own index) and by `manage.py search_reindex`."""

from django.db import transaction
from wagtail.models import Page

from .backends import get_search_backend


def search_index_page(*, page: Page) -> None:
    """Index one page if it is live and public, otherwise remove it."""
    page = page.specific
    backend = get_search_backend()
    if page.live and not page.get_view_restrictions().exists() and not page.is_root():
        backend.index_page(page)
    else:
        backend.remove_page(page.pk)


def search_remove_page(*, page_id: int) -> None:
    get_search_backend().remove_page(page_id)


@transaction.atomic
def search_reindex_all(*, batch_size: int = 200) -> int:
    """Rebuild the whole index from the live public pages; returns the number indexed."""
    backend = get_search_backend()
    backend.clear()
    count = 0
    pages = Page.objects.live().public().filter(depth__gt=1).specific(defer=False)
    for page in pages.iterator(chunk_size=batch_size):
        backend.index_page(page)
        count += 1
    return count
