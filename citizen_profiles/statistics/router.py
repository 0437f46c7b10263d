"""Statistics reads on a PostgreSQL replica when DATABASE_REPLICA_URL is set.

A database router sends reads to the `replica` alias only inside `reading_statistics()`, the
block every statistics selector runs in; the rest of the site (sign-in, enrollment, writes and
the reads right after them) stays on the primary, so nobody reads their own write from a
lagging replica. No migrations run on the replica: it mirrors the primary."""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

from django.conf import settings

REPLICA_ALIAS = "replica"
_reading = ContextVar("reading_statistics", default=False)
# Rollup rows already read in this block (see rollups.read): one query per level and ward.
_memo: ContextVar[dict | None] = ContextVar("statistics_memo", default=None)


def replica_configured() -> bool:
    # STATISTICS_READ_REPLICA lets the test suite keep a mirrored replica alias defined while
    # only the router's own tests send reads to it.
    return REPLICA_ALIAS in settings.DATABASES and getattr(
        settings, "STATISTICS_READ_REPLICA", True
    )


@contextlib.contextmanager
def reading_statistics():
    token = _reading.set(True)
    memo_token = _memo.set(_memo.get() if _memo.get() is not None else {})
    try:
        yield
    finally:
        _memo.reset(memo_token)
        _reading.reset(token)


def memo() -> dict:
    """A dict that lives for the current `reading_statistics()` block (empty outside)."""
    value = _memo.get()
    return value if value is not None else {}


class StatisticsReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading.get() and replica_configured():
            return REPLICA_ALIAS
        return None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if db == REPLICA_ALIAS:
            return False
        return None
