"""Elasticsearch 9 index and queries, through `elasticsearch.dsl` (part of the
`elasticsearch` client since 8.18; the old elasticsearch-dsl package is only a shim).

Analysis (the same folding as search.text.fold, done by the engine):
- `vi_text`: standard tokenizer, lower case, ASCII folding with the original token kept at
  the same position ("học" is indexed as "học" and "hoc"), so "tin hoc" finds "Tin học" and a
  query typed with marks matches both tokens and ranks the exact spelling first;
- `vi_folded`: folded tokens only (phrases typed without marks, search side of autocomplete);
- `vi_autocomplete`: folded edge n-grams of the title (1 to 20 letters) for suggestions.

Queries are built from a `SearchRequest` (folded words already understood: places, typos,
stop words), so the engine never parses a resident's raw text as query syntax.
"""

from __future__ import annotations

import datetime as dt

from elasticsearch.dsl import (
    A,
    Date,
    Document,
    Float,
    Index,
    Keyword,
    Q,
    Search,
    Text,
    analyzer,
    token_filter,
)

vi_folding = token_filter("vi_folding", type="asciifolding", preserve_original=True)
vi_edge = token_filter("vi_edge", type="edge_ngram", min_gram=1, max_gram=20)
vi_text = analyzer("vi_text", tokenizer="standard", filter=["lowercase", vi_folding])
vi_folded = analyzer("vi_folded", tokenizer="standard", filter=["lowercase", "asciifolding"])
vi_autocomplete = analyzer(
    "vi_autocomplete", tokenizer="standard", filter=["lowercase", "asciifolding", vi_edge]
)

SOURCE_FIELDS = ["title", "summary", "url_path", "kind", "date", "ward_code", "meta"]
FACET_FIELDS = {
    "kind": "kind",
    "ward": "ward_code",
    "topic": "topics",
    "audience": "audience",
    "mode": "delivery_mode",
}
FACET_SIZE = 50
TITLE_BOOST = 4


class PageDocument(Document):
    title = Text(
        analyzer=vi_text,
        fields={
            "folded": Text(analyzer=vi_folded),
            "autocomplete": Text(analyzer=vi_autocomplete, search_analyzer=vi_folded),
        },
    )
    text = Text(analyzer=vi_text)
    summary = Text(index=False)
    kind = Keyword()
    url_path = Keyword(index=False)
    ward_code = Keyword()
    audience = Keyword()
    delivery_mode = Keyword()
    topics = Keyword(multi=True)
    date = Date()
    meta = Keyword(index=False, multi=True)
    boost = Float()


def page_index(name: str) -> Index:
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0)
    index.document(PageDocument)
    return index


def document_body(doc: dict) -> dict:
    """The stored source of one page (from search.indexing.page_document_fields)."""
    return {
        "title": doc["title"],
        "text": doc["text"],
        "summary": doc["summary"],
        "kind": doc["kind"],
        "url_path": doc["url_path"],
        "ward_code": doc["ward_code"],
        "audience": doc["audience"],
        "delivery_mode": doc["delivery_mode"],
        "topics": [slug for slug, _label in doc["topics"]],
        "date": doc["date"].isoformat() if doc.get("date") else None,
        "meta": doc["meta"],
        "boost": doc["boost"],
    }


def _word_query(word: str, *, prefix: bool) -> Q:
    if " " in word:  # a recognised topic: its words together
        return Q(
            "multi_match",
            query=word,
            type="phrase_prefix" if prefix else "phrase",
            fields=[f"title^{TITLE_BOOST}", "text"],
        )
    match = Q("multi_match", query=word, fields=[f"title^{TITLE_BOOST}", "text"])
    if not prefix:
        return match
    return Q(
        "bool",
        should=[match, Q("prefix", title={"value": word}), Q("prefix", text={"value": word})],
        minimum_should_match=1,
    )


def build_page_search(request, *, index: str) -> Search:
    """The search for a `search.backends.SearchRequest`: every word (or its correction)
    must match; the typed phrase in the title, the folded phrase in the title and a
    recognised topic add to the score; the page type's prior multiplies it."""
    must = []
    groups = request.alternatives
    for i, group in enumerate(groups):
        prefix = request.prefix_last and i == len(groups) - 1
        queries = [_word_query(word, prefix=prefix) for word in group]
        must.append(queries[0] if len(queries) == 1 else Q("bool", should=queries))
    should = []
    if request.phrase_lower and request.has_marks:
        should.append(Q("match_phrase", title={"query": request.phrase_lower, "boost": 8}))
    if request.phrase_folded:
        should.append(
            Q("match_phrase", **{"title.folded": {"query": request.phrase_folded, "boost": 4}})
        )
    if request.boost_topics:
        should.append(Q("terms", topics=list(request.boost_topics), boost=1))
    filters = []
    if request.kinds:
        filters.append(Q("terms", kind=list(request.kinds)))
    for field, value in (
        ("ward_code", request.ward),
        ("topics", request.topic),
        ("audience", request.audience),
        ("delivery_mode", request.mode),
    ):
        if value:
            filters.append(Q("term", **{field: value}))
    query = Q("bool", must=must or [Q("match_all")], should=should, filter=filters)
    query = Q(
        "function_score",
        query=query,
        functions=[{"field_value_factor": {"field": "boost", "missing": 1}}],
        boost_mode="multiply",
    )
    search = Search(index=index).query(query).extra(track_total_hits=True)
    if request.sort == "date":
        today = request.today or dt.date.today()
        search = search.sort(_date_sort(today), "_score")
    search = search.source(SOURCE_FIELDS if request.fields else False)
    if request.with_facets:
        for name, field in FACET_FIELDS.items():
            search.aggs.bucket(name, A("terms", field=field, size=FACET_SIZE))
    return search[request.offset : request.offset + request.limit]


def _date_sort(today: dt.date) -> dict:
    """Upcoming dates soonest first, then past dates most recent first, undated last (the
    same order as the database engines)."""
    epoch = int(dt.datetime.combine(today, dt.time()).timestamp() * 1000)
    return {
        "_script": {
            "type": "number",
            "order": "asc",
            "script": {
                "lang": "painless",
                "source": (
                    "if (doc['date'].size() == 0) { return 1e15; } "
                    "long d = doc['date'].value.toInstant().toEpochMilli(); "
                    "return d >= params.today ? d - params.today : 1e13 + (params.today - d);"
                ),
                "params": {"today": epoch},
            },
        }
    }


def build_autocomplete_search(words: list[str], *, index: str, limit: int) -> Search:
    """Titles whose words start with the typed (folded) words, shortest first."""
    return (
        Search(index=index)
        .query(Q("match", **{"title.autocomplete": {"query": " ".join(words), "operator": "and"}}))
        .source(["title"])[: limit * 4]
    )
