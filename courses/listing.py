"""One page of a course listing (catalogue, centre page, home panel), kept in the cache.

Why: the rows of a listing page (count, 24 cards with their next session and seats left) are
the same for every visitor until a course is published, unpublished or moved (the page
cache's generation), an enrollment changes seats (`courses.seat_version`) or the day changes
(what is "upcoming"). Reading them costs a count, a sorted scan with a seats subquery and a
topics query; the cached copy costs one cache read. The page around them is still rendered
for every request (the filter form, pagination, the signed-in user's header).

The key comes from `listing_key()`; the selectors store and read it with
`cms.page_cache.remember()`. Off when fragment caching is off
(`PAGE_FRAGMENT_CACHE_SECONDS=0`, as in the test settings unless a test turns it on); then
every listing is read from the database.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field

from cms import page_cache
from courses import seat_version


@dataclass
class ListingPage:
    """The part of django.core.paginator.Page the listing templates use (`page_obj`), with
    the cards as its object list; picklable and small, unlike a Page over a queryset."""

    object_list: list = field(default_factory=list)
    number: int = 1
    count: int = 0
    per_page: int = 24
    # The listing cache key it was stored under (None: not cached); the card list's HTML
    # fragment is cached under it too.
    cache_key: str | None = None

    @property
    def paginator(self) -> ListingPage:
        return self  # `page_obj.paginator.count` / `.num_pages` in templates

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.per_page))

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous() or self.has_next()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def listing_key(request, *parts) -> str | None:
    """Cache key for a listing, or None when listings are not cached: a fragment key (the
    generation and the host) with the seat version and `parts`, which name what selects the
    rows (centre, validated filters, requested page number, day)."""
    if page_cache.fragment_seconds() <= 0:
        return None
    # Filters hold free text (q): hash them so the key is short and safe for any backend.
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return page_cache.fragment_key(request, "listing", seat_version.current(), digest)
