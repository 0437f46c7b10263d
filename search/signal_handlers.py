import logging

from django.db import transaction
from django.db.models.signals import post_delete
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from .backends import get_search_backend
from .services import search_index_page, search_remove_page

logger = logging.getLogger(__name__)


def _on_published(sender, instance, **kwargs):
    _schedule(search_index_page, page=instance)


def _on_unpublished(sender, instance, **kwargs):
    _schedule(search_remove_page, page_id=instance.pk)


def _on_deleted(sender, instance, **kwargs):
    _schedule(search_remove_page, page_id=instance.pk)


def _schedule(func, **kwargs):
    # The database index is written in the publishing transaction (so it commits or rolls
    # back with the page); an external index is only told once the page is committed.
    if get_search_backend().transactional:
        _safely(func, **kwargs)
    else:
        transaction.on_commit(lambda: _safely(func, **kwargs))


def _safely(func, **kwargs):
    # A search outage must never block publishing; `search_reindex` repairs the index.
    try:
        with transaction.atomic():
            func(**kwargs)
    except Exception:
        logger.exception("search index update failed")


def register_signal_handlers():
    page_published.connect(_on_published, dispatch_uid="search_page_published")
    page_unpublished.connect(_on_unpublished, dispatch_uid="search_page_unpublished")
    # sender=Page: every page type's delete removes its base Page row exactly once, and other
    # models keep Django's fast delete (a receiver for every model would switch it off).
    post_delete.connect(_on_deleted, sender=Page, dispatch_uid="search_page_deleted")
