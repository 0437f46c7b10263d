"""A short-lived cache of the indicators' raw counts, so the dashboard and the public pages
answer warm in milliseconds at city scale. Only plain numbers are cached (per indicator,
year and breakdown) with the time they were computed, which every view shows as the data's
"as of" time. `STATISTICS_CACHE_SECONDS` (default 900; 0 turns it off) bounds how old a
figure can be; `python manage.py statistics_refresh` recomputes them ahead of time."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

KEY_PREFIX = "stats:v1"


def seconds() -> int:
    return int(getattr(settings, "STATISTICS_CACHE_SECONDS", 900))


def cached(key: str, build, *, refresh: bool = False) -> tuple[object, datetime.datetime]:
    """(value, computed_at) for `key`, building and storing it when missing."""
    timeout = seconds()
    full_key = f"{KEY_PREFIX}:{key}"
    if timeout > 0 and not refresh:
        hit = cache.get(full_key)
        if hit is not None:
            return hit
    entry = (build(), timezone.now())
    if timeout > 0:
        cache.set(full_key, entry, timeout)
    return entry
