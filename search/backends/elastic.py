"""Elasticsearch 9 behind the same interface as the database engines.

Pages live in a concrete index `<prefix>_pages_<timestamp>` reached through the alias
`<prefix>_pages`. A rebuild fills a new concrete index and then moves the alias in one
`update_aliases` call (atomic: readers see the old index until the new one is complete),
and deletes the old index. Publishing writes through the alias.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ..documents import (
    FACET_FIELDS,
    build_autocomplete_search,
    build_page_search,
    document_body,
    page_index,
)
from . import Hit, SearchRequest, SearchResult


class ElasticsearchSearchBackend:
    transactional = False

    def __init__(self, url: str, prefix: str, *, client=None):
        if client is None:
            from elasticsearch import Elasticsearch

            client = Elasticsearch(url, request_timeout=5)
        self.client = client
        self.alias = f"{prefix}_pages"

    # -- index management -----------------------------------------------------------------

    def new_index_name(self) -> str:
        return f"{self.alias}_{timezone.now().strftime('%Y%m%d%H%M%S%f')}"

    def create_index(self, name: str) -> None:
        page_index(name).create(using=self.client)

    def ensure_index(self) -> None:
        if not self.client.indices.exists_alias(name=self.alias):
            name = self.new_index_name()
            self.create_index(name)
            self.client.indices.put_alias(index=name, name=self.alias)

    def _bulk(self, index: str, docs: list[dict]) -> None:
        operations: list[dict] = []
        for doc in docs:
            operations.append({"index": {"_index": index, "_id": str(doc["page_id"])}})
            operations.append(document_body(doc))
        if operations:
            response = self.client.bulk(operations=operations)
            if response.get("errors"):
                raise RuntimeError("Elasticsearch bulk indexing reported errors")

    def index_documents(self, docs: list[dict]) -> None:
        self.ensure_index()
        self._bulk(self.alias, docs)

    def remove_pages(self, page_ids: list[int]) -> None:
        for page_id in page_ids:
            self.client.delete(index=self.alias, id=str(page_id), ignore_status=(404,))

    def rebuild(self, batches, *, progress=None) -> int:
        """Fill a new index, then swap the alias to it atomically and drop the old ones."""
        name = self.new_index_name()
        self.create_index(name)
        count = 0
        try:
            for batch in batches:
                self._bulk(name, batch)
                count += len(batch)
                if progress:
                    progress(count)
            self.client.indices.refresh(index=name)
        except Exception:
            self.client.indices.delete(index=name, ignore_unavailable=True)
            raise
        old = []
        if self.client.indices.exists_alias(name=self.alias):
            old = list(self.client.indices.get_alias(name=self.alias).keys())
        actions = [{"remove": {"index": index, "alias": self.alias}} for index in old]
        actions.append({"add": {"index": name, "alias": self.alias}})
        self.client.indices.update_aliases(actions=actions)
        for index in old:
            self.client.indices.delete(index=index, ignore_unavailable=True)
        return count

    def clear(self) -> None:
        self.rebuild([])

    # -- reads ----------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResult:
        search = build_page_search(request, index=self.alias).using(self.client)
        return parse_response(search.execute(), with_facets=request.with_facets)

    def autocomplete_titles(self, alternatives, *, limit: int = 6) -> list[str]:
        words = [group[0] for group in alternatives]
        search = build_autocomplete_search(words, index=self.alias, limit=limit)
        titles = [hit.title for hit in search.using(self.client).execute()]
        return sorted(dict.fromkeys(titles), key=len)[:limit]


def parse_response(response, *, with_facets: bool = True) -> SearchResult:
    """Hits, total and facet counts from an Elasticsearch 9 search response."""
    hits = []
    for hit in response:
        source = hit.to_dict()
        date = source.get("date")
        hits.append(
            Hit(
                page_id=int(hit.meta.id),
                kind=source.get("kind", ""),
                title=source.get("title", ""),
                summary=source.get("summary", ""),
                url_path=source.get("url_path", ""),
                date=dt.date.fromisoformat(str(date)[:10]) if date else None,
                ward_code=source.get("ward_code", ""),
                meta=list(source.get("meta") or []),
            )
        )
    facets = {}
    aggregations = response.to_dict().get("aggregations") or {}
    if with_facets:
        for name in FACET_FIELDS:
            buckets = (aggregations.get(name) or {}).get("buckets", [])
            facets[name] = {b["key"]: b["doc_count"] for b in buckets if b.get("key")}
    return SearchResult(hits=hits, total=int(response.hits.total.value), facets=facets)
