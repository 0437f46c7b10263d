"""Search engines behind one interface, chosen in one place (`get_search_backend`) from
settings, so views never check which engine answers.

- `DatabaseSearchBackend` (search/backends/database.py): SQLite FTS5 or PostgreSQL full-text
  search plus `pg_trgm`, over the folded document table (the embedded default).
- `ElasticsearchSearchBackend` (search/backends/elastic.py): Elasticsearch 9 through
  `elasticsearch.dsl`, when ELASTICSEARCH_URL is set.

Every backend takes a `SearchRequest` (built from a `ParsedQuery`, engine-neutral) and
answers a `SearchResult`: the hits of one page, the total and the facet counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings

FACETS = ("kind", "ward", "topic", "audience", "mode")


@dataclass(frozen=True)
class SearchRequest:
    alternatives: list[tuple[str, ...]]  # per required folded word: itself (+ a correction)
    prefix_last: bool = True
    phrase_lower: str = ""  # the words as typed, lower case with marks
    phrase_folded: str = ""  # the corrected folded words
    has_marks: bool = False
    boost_topics: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    ward: str = ""
    topic: str = ""
    audience: str = ""
    mode: str = ""
    sort: str = "relevance"  # or "date": upcoming soonest first, then most recent
    offset: int = 0
    limit: int = 20
    today: dt.date | None = None
    with_facets: bool = True
    with_total: bool = True
    fields: bool = True  # False: page ids only (the catalogue needs no more)


@dataclass(frozen=True)
class Hit:
    page_id: int
    kind: str = ""
    title: str = ""
    summary: str = ""
    url_path: str = ""
    date: dt.date | None = None
    ward_code: str = ""
    meta: list = field(default_factory=list)


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    facets_sampled: bool = False  # counted on the first matches only (very large results)

    @property
    def page_ids(self) -> list[int]:
        return [hit.page_id for hit in self.hits]


@lru_cache(maxsize=4)
def _configured_backend(url: str, prefix: str):
    if url:
        from .elastic import ElasticsearchSearchBackend

        return ElasticsearchSearchBackend(url, prefix)
    from .database import DatabaseSearchBackend

    return DatabaseSearchBackend()


def get_search_backend():
    """The backend for this deployment: Elasticsearch when ELASTICSEARCH_URL is set."""
    return _configured_backend(
        getattr(settings, "ELASTICSEARCH_URL", ""),
        getattr(settings, "ELASTICSEARCH_INDEX_PREFIX", "hoctap"),
    )
