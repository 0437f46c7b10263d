"""Writes to the search index. Called on publish/unpublish/delete (wired in apps.py, the
same way Wagtail keeps its own index) and by `manage.py search_index --rebuild`.

Whatever the engine, the vocabulary (typo correction) and the facet values (labels, places
and topics recognised in queries) are kept in the database: they are small and query
understanding reads them before any engine is asked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from wagtail.models import Page

from .backends import get_search_backend
from .indexing import page_document_fields
from .models import SearchFacetValue, SearchTerm
from .query import FACET_CACHE_KEY
from .text import folded_text

MAX_WORD = 60
PLACE_PREFIXES = ("phuong ", "xa ", "dac khu ")


def is_indexable(page: Page) -> bool:
    return page.live and not page.is_root() and not page.get_view_restrictions().exists()


def search_index_page(*, page: Page) -> None:
    """Index one page if it is live and public, otherwise remove it."""
    page = page.specific
    backend = get_search_backend()
    if is_indexable(page):
        doc = page_document_fields(page)
        backend.index_documents([doc])
        remember_documents([doc])
    else:
        backend.remove_pages([page.pk])


def search_remove_page(*, page_id: int) -> None:
    get_search_backend().remove_pages([page_id])


def _document_batches(batch_size: int) -> Iterator[list[dict]]:
    pages = Page.objects.live().public().filter(depth__gt=1).specific(defer=False)
    batch: list[dict] = []
    for page in pages.iterator(chunk_size=batch_size):
        batch.append(page_document_fields(page))
        if len(batch) >= batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def search_reindex_all(
    *, batch_size: int = 200, progress: Callable[[int], None] | None = None
) -> int:
    """Rebuild the whole index from the live public pages; returns the number indexed.

    The database engines replace the table in one transaction; Elasticsearch builds a new
    index and swaps the alias (search/backends/elastic.py). The vocabulary and facet values
    are rebuilt from the same documents."""
    return search_rebuild_from(_document_batches(batch_size), progress=progress)


def search_rebuild_from(batches, *, progress: Callable[[int], None] | None = None) -> int:
    """Replace the index, vocabulary and facet values with `batches` of documents (dicts
    as search.indexing.page_document_fields makes them). Used by the rebuild above and by
    benchmarks/search_bench.py with generated documents."""
    words: Counter = Counter()
    displays: dict[str, str] = {}
    facets: dict[tuple[str, str], str] = {}

    def collected():
        for batch in batches:
            _collect(batch, words, displays, facets)
            yield batch

    count = get_search_backend().rebuild(collected(), progress=progress)
    with transaction.atomic():
        SearchTerm.objects.all().delete()
        SearchTerm.objects.bulk_create(
            [SearchTerm(term=w, display=displays.get(w, w), doc_count=n) for w, n in words.items()],
            batch_size=1000,
        )
        SearchFacetValue.objects.all().delete()
        _write_facets(facets)
    cache.delete(FACET_CACHE_KEY)
    return count


def remember_documents(docs: list[dict]) -> None:
    """Add the words and facet values of freshly indexed documents (a publish). Counts are
    exact after a rebuild; between rebuilds a new word starts at one document."""
    words: Counter = Counter()
    displays: dict[str, str] = {}
    facets: dict[tuple[str, str], str] = {}
    _collect(docs, words, displays, facets)
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=w, display=displays.get(w, w), doc_count=n) for w, n in words.items()],
        ignore_conflicts=True,
        batch_size=1000,
    )
    known = {
        (facet, value): label
        for facet, value, label in SearchFacetValue.objects.values_list("facet", "value", "label")
    }
    changed = {key: label for key, label in facets.items() if known.get(key) != label}
    if changed:
        stale = Q()
        for facet, value in changed:
            stale |= Q(facet=facet, value=value)
        SearchFacetValue.objects.filter(stale).delete()
        _write_facets(changed)
        cache.delete(FACET_CACHE_KEY)


def _collect(docs, words: Counter, displays: dict, facets: dict) -> None:
    for doc in docs:
        lower = doc["text_lower"].split()
        folded = doc["text_folded"].split()
        seen = set()
        # The two columns hold the same words (folded and not), so they pair up; when they
        # do not (an unusual character) the folded word is its own display form.
        paired = len(lower) == len(folded)
        for i, word in enumerate(folded):
            if len(word) > MAX_WORD or word in seen:
                continue
            seen.add(word)
            if word not in displays:
                displays[word] = lower[i] if paired else word
        words.update(seen)
        if doc["ward_code"]:
            facets[("ward", doc["ward_code"])] = doc["ward_label"] or doc["ward_code"]
        for slug, label in doc["topics"]:
            facets[("topic", slug)] = label
        if doc["audience"]:
            facets[("audience", doc["audience"])] = doc["audience_label"] or doc["audience"]
        if doc["delivery_mode"]:
            facets[("mode", doc["delivery_mode"])] = (
                doc["delivery_mode_label"] or doc["delivery_mode"]
            )


def _write_facets(facets: dict[tuple[str, str], str]) -> None:
    rows = []
    for (facet, value), label in facets.items():
        folded = folded_text(label)
        if facet == "ward":
            for prefix in PLACE_PREFIXES:
                if folded.startswith(prefix):
                    folded = folded[len(prefix) :]
                    break
        rows.append(
            SearchFacetValue(
                facet=facet, value=value[:120], label=str(label)[:200], label_folded=folded[:200]
            )
        )
    SearchFacetValue.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
