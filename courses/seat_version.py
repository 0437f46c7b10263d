"""A counter that changes whenever free seats may have changed anywhere.

Why: the catalogue's listing cache (courses/listing.py) shows seats left on every card.
Publishing bumps the page cache's generation, but enrolling does not (it would empty every
cached page under load). So listings carry this second counter in their keys: an enrollment
created, changed or deleted bumps it once its transaction commits, and the next listing read
builds fresh cards (the cards themselves are still cached one by one, so only the cards whose
seats changed are re-rendered).

Like the generation, the counter lives in the shared cache (Redis in production), so every
worker sees a bump at once; with the local-memory default each process has its own.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from cms import page_cache

KEY = "courses:seat-version"


def current() -> int:
    return page_cache.read_counter(KEY)


def bump() -> None:
    page_cache.bump_counter(KEY)


def bump_on_commit(**_kwargs) -> None:
    """Signal receiver: bump after the writing transaction commits (at once outside one), so
    a reader never caches a listing built before the write became visible."""
    transaction.on_commit(bump)


def connect_signals() -> None:
    """Every enrollment write goes through save() or delete() (courses/services/); the one
    bulk update there only moves enrollments between confirmed and completed, which both hold
    a seat. Idempotent."""
    from courses.models import Enrollment

    post_save.connect(bump_on_commit, sender=Enrollment, dispatch_uid="courses.seat_version.save")
    post_delete.connect(
        bump_on_commit, sender=Enrollment, dispatch_uid="courses.seat_version.delete"
    )
