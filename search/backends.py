"""Search backends behind one interface, chosen in one place (`get_search_backend`) from
settings, so views never check which backend is configured.

- `DatabaseSearchBackend`: the embedded default, a folded-text table (search.models).
- `ElasticsearchSearchBackend`: Elasticsearch 9 through `elasticsearch.dsl`, for scale-out.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce

from .models import SearchDocument
from .text import fold, nfc

MAX_TERMS = 8


@dataclass(frozen=True)
class SearchHits:
    page_ids: list[int]
    total: int


def query_terms(query: str) -> tuple[str, str, list[str]]:
    """(lower-cased phrase with marks, folded phrase, folded terms) for a user's query."""
    phrase = " ".join(nfc(query).lower().split())[:200]
    folded = fold(phrase)
    return phrase, folded, folded.split()[:MAX_TERMS]


class DatabaseSearchBackend:
    """Folded substring search: every folded term must occur in the title or text; pages
    whose title contains the query exactly as typed (with diacritics) rank first."""

    transactional = True

    def index_page(self, page) -> None:
        from .indexing import page_document_fields

        fields = page_document_fields(page)
        SearchDocument.objects.update_or_create(
            page_id=page.pk,
            defaults={
                "kind": fields["kind"],
                "title": fields["title"],
                "title_lower": fields["title"].lower(),
                "title_folded": fields["title_folded"],
                "text_lower": fields["text"].lower(),
                "text_folded": fields["text_folded"],
                "summary": fields["summary"],
                "url_path": fields["url_path"],
            },
        )

    def remove_page(self, page_id: int) -> None:
        SearchDocument.objects.filter(page_id=page_id).delete()

    def clear(self) -> None:
        SearchDocument.objects.all().delete()

    def search(
        self, query: str, *, kinds: list[str] | None = None, offset: int = 0, limit: int = 20
    ) -> SearchHits:
        phrase, folded, terms = query_terms(query)
        if not terms:
            return SearchHits(page_ids=[], total=0)
        docs = SearchDocument.objects.all()
        if kinds:
            docs = docs.filter(kind__in=kinds)
        for term in terms:
            docs = docs.filter(Q(title_folded__contains=term) | Q(text_folded__contains=term))
        score = (
            Case(When(title_lower__contains=phrase, then=Value(8)), default=Value(0))
            + Case(When(title_folded__contains=folded, then=Value(4)), default=Value(0))
            + Case(When(text_lower__contains=phrase, then=Value(2)), default=Value(0))
            + Case(When(text_folded__contains=folded, then=Value(1)), default=Value(0))
        )
        docs = docs.annotate(score=Coalesce(score, 0, output_field=IntegerField()))
        total = docs.count()
        ids = list(
            docs.order_by("-score", "title").values_list("page_id", flat=True)[
                offset : offset + limit
            ]
        )
        return SearchHits(page_ids=ids, total=total)


class ElasticsearchSearchBackend:
    """The same interface over an Elasticsearch 9 index defined in search/documents.py."""

    transactional = False

    def __init__(self, url: str, index_name: str):
        from elasticsearch import Elasticsearch

        self.client = Elasticsearch(url, request_timeout=5)
        self.index_name = index_name

    def ensure_index(self) -> None:
        from .documents import page_index

        index = page_index(self.index_name)
        if not index.exists(using=self.client):
            index.create(using=self.client)

    def index_page(self, page) -> None:
        from .documents import page_document

        self.ensure_index()
        page_document(page).save(using=self.client, index=self.index_name)

    def remove_page(self, page_id: int) -> None:
        self.client.delete(index=self.index_name, id=str(page_id), ignore_status=(404,))

    def clear(self) -> None:
        from .documents import page_index

        page_index(self.index_name).delete(using=self.client, ignore_unavailable=True)
        self.ensure_index()

    def search(
        self, query: str, *, kinds: list[str] | None = None, offset: int = 0, limit: int = 20
    ) -> SearchHits:
        from .documents import build_page_search

        search = build_page_search(query, kinds=kinds, index=self.index_name).using(self.client)
        response = search[offset : offset + limit].execute()
        return SearchHits(
            page_ids=[int(hit.meta.id) for hit in response],
            total=int(response.hits.total.value),
        )


@lru_cache(maxsize=1)
def _configured_backend(url: str, prefix: str):
    if url:
        return ElasticsearchSearchBackend(url, f"{prefix}_pages")
    return DatabaseSearchBackend()


def get_search_backend():
    """The backend for this deployment: Elasticsearch when ELASTICSEARCH_URL is set."""
    return _configured_backend(
        getattr(settings, "ELASTICSEARCH_URL", ""),
        getattr(settings, "ELASTICSEARCH_INDEX_PREFIX", "hoctap"),
    )
