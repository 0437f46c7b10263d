"""Elasticsearch 9 mapping and queries, through `elasticsearch.dsl` (part of the
`elasticsearch` client since 8.18; the old elasticsearch-dsl package is only a shim).

The `vi_folded` analyzer lower-cases and folds marks (asciifolding maps "đ" to "d" too), so
it indexes and queries exactly as `search.text.fold` does; an `exact` sub-field keeps the
marks so that a query typed with diacritics ranks exact matches first.
"""

from elasticsearch.dsl import Document, Index, Keyword, Q, Search, Text, analyzer

vi_folded = analyzer("vi_folded", tokenizer="standard", filter=["lowercase", "asciifolding"])
vi_exact = analyzer("vi_exact", tokenizer="standard", filter=["lowercase"])


def _text() -> Text:
    return Text(analyzer=vi_folded, fields={"exact": Text(analyzer=vi_exact)})


class PageDocument(Document):
    title = _text()
    text = _text()
    summary = Text(index=False)
    kind = Keyword()
    url_path = Keyword()


def page_index(name: str) -> Index:
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0)
    index.document(PageDocument)
    return index


def page_document(page) -> PageDocument:
    from .indexing import page_document_fields

    fields = page_document_fields(page)
    return PageDocument(
        meta={"id": page.pk},
        title=fields["title"],
        text=fields["text"],
        summary=fields["summary"],
        kind=fields["kind"],
        url_path=fields["url_path"],
    )


def build_page_search(query: str, *, kinds: list[str] | None = None, index: str) -> Search:
    """All words must match (folded); exact-diacritic matches and title matches score higher."""
    search = Search(index=index).query(
        Q(
            "bool",
            must=[
                Q(
                    "multi_match",
                    query=query,
                    fields=["title^3", "text"],
                    operator="and",
                )
            ],
            should=[
                Q("match_phrase", **{"title.exact": {"query": query, "boost": 8}}),
                Q("match_phrase", **{"title": {"query": query, "boost": 4}}),
                Q("match", **{"text.exact": {"query": query, "boost": 2}}),
            ],
        )
    )
    if kinds:
        search = search.filter("terms", kind=kinds)
    return search.source(False)
