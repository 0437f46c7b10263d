"""Elasticsearch cannot run on these machines: the index definition and the queries are
checked as the dicts that would be sent (`to_dict()`), the response handling with responses
shaped as Elasticsearch 9 returns them, and the alias swap against a recording client. The
round trip against a real cluster runs only when ELASTICSEARCH_URL is set."""

import datetime as dt
import os
from types import SimpleNamespace

import pytest

from search.backends import SearchRequest
from search.backends.elastic import ElasticsearchSearchBackend
from search.documents import build_autocomplete_search, build_page_search, page_index


def test_index_definition_folds_keeps_originals_and_has_edge_ngrams():
    body = page_index("hoctap_pages_1").to_dict()
    assert body["settings"]["analysis"] == {
        "analyzer": {
            "vi_text": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["lowercase", "vi_folding"],
            },
            "vi_folded": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["lowercase", "asciifolding"],
            },
            "vi_autocomplete": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["lowercase", "asciifolding", "vi_edge"],
            },
        },
        "filter": {
            "vi_folding": {"type": "asciifolding", "preserve_original": True},
            "vi_edge": {"type": "edge_ngram", "min_gram": 1, "max_gram": 20},
        },
    }
    assert body["mappings"]["properties"] == {
        "title": {
            "type": "text",
            "analyzer": "vi_text",
            "fields": {
                "folded": {"type": "text", "analyzer": "vi_folded"},
                "autocomplete": {
                    "type": "text",
                    "analyzer": "vi_autocomplete",
                    "search_analyzer": "vi_folded",
                },
            },
        },
        "text": {"type": "text", "analyzer": "vi_text"},
        "summary": {"type": "text", "index": False},
        "kind": {"type": "keyword"},
        "url_path": {"type": "keyword", "index": False},
        "ward_code": {"type": "keyword"},
        "audience": {"type": "keyword"},
        "delivery_mode": {"type": "keyword"},
        "topics": {"type": "keyword"},
        "date": {"type": "date"},
        "meta": {"type": "keyword", "index": False},
        "boost": {"type": "float"},
    }
    assert body["settings"]["number_of_shards"] == 1


def _word(word, prefix=False):
    match = {"multi_match": {"query": word, "fields": ["title^4", "text"]}}
    if not prefix:
        return match
    return {
        "bool": {
            "should": [
                match,
                {"prefix": {"title": {"value": word}}},
                {"prefix": {"text": {"value": word}}},
            ],
            "minimum_should_match": 1,
        }
    }


def test_query_requires_every_word_or_its_correction_and_boosts_exact_phrases():
    request = SearchRequest(
        alternatives=[("tin",), ("hco", "hoc")],
        phrase_lower="tin học",
        phrase_folded="tin hoc",
        has_marks=True,
        boost_topics=("tin-hoc",),
        ward="00167",
        kinds=("courses.coursepage",),
        offset=20,
        limit=20,
    )
    assert build_page_search(request, index="hoctap_pages").to_dict() == {
        "query": {
            "function_score": {
                "query": {
                    "bool": {
                        "must": [
                            _word("tin"),
                            {"bool": {"should": [_word("hco", True), _word("hoc", True)]}},
                        ],
                        "should": [
                            {"match_phrase": {"title": {"query": "tin học", "boost": 8}}},
                            {"match_phrase": {"title.folded": {"query": "tin hoc", "boost": 4}}},
                            {"terms": {"topics": ["tin-hoc"], "boost": 1}},
                        ],
                        "filter": [
                            {"terms": {"kind": ["courses.coursepage"]}},
                            {"term": {"ward_code": "00167"}},
                        ],
                    }
                },
                "functions": [{"field_value_factor": {"field": "boost", "missing": 1}}],
                "boost_mode": "multiply",
            }
        },
        "aggs": {
            "kind": {"terms": {"field": "kind", "size": 50}},
            "ward": {"terms": {"field": "ward_code", "size": 50}},
            "topic": {"terms": {"field": "topics", "size": 50}},
            "audience": {"terms": {"field": "audience", "size": 50}},
            "mode": {"terms": {"field": "delivery_mode", "size": 50}},
        },
        "track_total_hits": True,
        "from": 20,
        "size": 20,
        "_source": ["title", "summary", "url_path", "kind", "date", "ward_code", "meta"],
    }


def test_date_sort_puts_upcoming_first_and_ids_only_requests_skip_source_and_facets():
    request = SearchRequest(
        alternatives=[("yoga",)],
        prefix_last=False,
        sort="date",
        today=dt.date(2026, 12, 1),
        with_facets=False,
        fields=False,
    )
    body = build_page_search(request, index="x").to_dict()
    script = body["sort"][0]["_script"]
    assert script["order"] == "asc"
    assert script["script"]["params"]["today"] == int(
        dt.datetime.combine(dt.date(2026, 12, 1), dt.time()).timestamp() * 1000
    )
    assert body["sort"][1] == "_score"
    assert body["_source"] is False
    assert "aggs" not in body
    assert body["query"]["function_score"]["query"]["bool"]["must"] == [_word("yoga")]


def test_autocomplete_query_uses_the_edge_ngram_field():
    body = build_autocomplete_search(["tin", "ho"], index="x", limit=6).to_dict()
    assert body == {
        "query": {"match": {"title.autocomplete": {"query": "tin ho", "operator": "and"}}},
        "_source": ["title"],
        "size": 24,
    }


# -- a recording client with Elasticsearch 9-shaped answers ------------------------------------

SEARCH_RESPONSE = {
    "took": 3,
    "timed_out": False,
    "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
    "hits": {
        "total": {"value": 2, "relation": "eq"},
        "max_score": 7.1,
        "hits": [
            {
                "_index": "hoctap_pages_20261201",
                "_id": "42",
                "_score": 7.1,
                "_source": {
                    "title": "Tin học cơ bản",
                    "summary": "Làm quen máy tính.",
                    "url_path": "/trang-chu/trung-tam/cau-giay/tin-hoc/",
                    "kind": "courses.coursepage",
                    "date": "2026-12-08",
                    "ward_code": "00167",
                    "meta": ["Phường Cầu Giấy"],
                },
            },
            {
                "_index": "hoctap_pages_20261201",
                "_id": "7",
                "_score": 2.0,
                "_source": {"title": "Tin tức", "kind": "cms.newspage", "url_path": "/x/"},
            },
        ],
    },
    "aggregations": {
        "kind": {
            "doc_count_error_upper_bound": 0,
            "sum_other_doc_count": 0,
            "buckets": [
                {"key": "courses.coursepage", "doc_count": 1},
                {"key": "cms.newspage", "doc_count": 1},
            ],
        },
        "ward": {
            "doc_count_error_upper_bound": 0,
            "sum_other_doc_count": 0,
            "buckets": [{"key": "00167", "doc_count": 1}],
        },
        "topic": {"doc_count_error_upper_bound": 0, "sum_other_doc_count": 0, "buckets": []},
        "audience": {"doc_count_error_upper_bound": 0, "sum_other_doc_count": 0, "buckets": []},
        "mode": {"doc_count_error_upper_bound": 0, "sum_other_doc_count": 0, "buckets": []},
    },
}


class RecordingClient:
    """Answers like elasticsearch.Elasticsearch 9 (responses carry `.body`) and records calls."""

    def __init__(self, *, aliases=None, search_body=None):
        self.calls = []
        self.aliases = aliases or {}
        self.search_body = search_body or SEARCH_RESPONSE
        self.indices = SimpleNamespace(
            create=self._record("indices.create"),
            refresh=self._record("indices.refresh"),
            delete=self._record("indices.delete"),
            put_alias=self._record("indices.put_alias"),
            update_aliases=self._record("indices.update_aliases"),
            exists_alias=lambda name: bool(self.aliases),
            get_alias=lambda name: {index: {"aliases": {name: {}}} for index in self.aliases},
        )

    def _record(self, name):
        def call(*args, **kwargs):
            self.calls.append((name, kwargs))
            return {"acknowledged": True}

        return call

    def bulk(self, *, operations):
        self.calls.append(("bulk", {"operations": operations}))
        return {"errors": False, "items": []}

    def search(self, *, index, body, **params):
        self.calls.append(("search", {"index": index, "body": body}))
        return SimpleNamespace(body=self.search_body)


def test_response_handling_reads_hits_total_and_facets():
    client = RecordingClient(aliases={"hoctap_pages_1": {}})
    backend = ElasticsearchSearchBackend("http://unused", "hoctap", client=client)
    result = backend.search(SearchRequest(alternatives=[("tin",), ("hoc",)]))
    assert result.total == 2
    assert result.page_ids == [42, 7]
    first = result.hits[0]
    assert (first.title, first.kind, first.ward_code) == (
        "Tin học cơ bản",
        "courses.coursepage",
        "00167",
    )
    assert first.date == dt.date(2026, 12, 8)
    assert first.meta == ["Phường Cầu Giấy"]
    assert result.hits[1].date is None
    assert result.facets["kind"] == {"courses.coursepage": 1, "cms.newspage": 1}
    assert result.facets["ward"] == {"00167": 1}
    assert client.calls[0][1]["index"] == ["hoctap_pages"]


def _doc(page_id):
    return {
        "page_id": page_id,
        "title": "Tin học",
        "text": "Tin học cơ bản",
        "summary": "",
        "kind": "courses.coursepage",
        "url_path": "/a/",
        "ward_code": "00167",
        "audience": "moi-nguoi",
        "delivery_mode": "truc-tiep",
        "topics": [("tin-hoc", "Tin học")],
        "date": dt.date(2026, 12, 8),
        "meta": [],
        "boost": 1.5,
    }


def test_rebuild_fills_a_new_index_then_swaps_the_alias_in_one_call():
    client = RecordingClient(aliases={"hoctap_pages_old": {}})
    backend = ElasticsearchSearchBackend("http://unused", "hoctap", client=client)
    seen = []
    count = backend.rebuild([[_doc(1), _doc(2)], [_doc(3)]], progress=seen.append)
    assert count == 3 and seen == [2, 3]
    names = [name for name, _ in client.calls]
    assert names == [
        "indices.create",
        "bulk",
        "bulk",
        "indices.refresh",
        "indices.update_aliases",
        "indices.delete",
    ]
    new_index = client.calls[0][1]["index"]
    assert new_index.startswith("hoctap_pages_") and new_index != "hoctap_pages_old"
    assert client.calls[1][1]["operations"][0] == {"index": {"_index": new_index, "_id": "1"}}
    assert client.calls[1][1]["operations"][1]["topics"] == ["tin-hoc"]
    assert client.calls[1][1]["operations"][1]["date"] == "2026-12-08"
    assert client.calls[4][1]["actions"] == [
        {"remove": {"index": "hoctap_pages_old", "alias": "hoctap_pages"}},
        {"add": {"index": new_index, "alias": "hoctap_pages"}},
    ]
    assert client.calls[5][1]["index"] == "hoctap_pages_old"


def test_publishing_writes_through_the_alias_and_delete_ignores_missing():
    client = RecordingClient(aliases={"hoctap_pages_1": {}})
    client.delete = lambda **kwargs: client.calls.append(("delete", kwargs))
    backend = ElasticsearchSearchBackend("http://unused", "hoctap", client=client)
    backend.index_documents([_doc(5)])
    backend.remove_pages([5])
    assert client.calls[0] == (
        "bulk",
        {
            "operations": [
                {"index": {"_index": "hoctap_pages", "_id": "5"}},
                client.calls[0][1]["operations"][1],
            ]
        },
    )
    assert client.calls[1] == (
        "delete",
        {"index": "hoctap_pages", "id": "5", "ignore_status": (404,)},
    )


ES_URL = os.environ.get("ELASTICSEARCH_URL", "")
needs_es = pytest.mark.skipif(not ES_URL, reason="no Elasticsearch at ELASTICSEARCH_URL")


@pytest.mark.elasticsearch
@needs_es
@pytest.mark.django_db
def test_elasticsearch_round_trip_finds_folded_words_and_places():
    backend = ElasticsearchSearchBackend(ES_URL, "hoctap_test")
    backend.rebuild([[_doc(1)]])
    result = backend.search(
        SearchRequest(alternatives=[("tin",), ("hoc",)], phrase_folded="tin hoc", ward="00167")
    )
    assert result.page_ids == [1]
    assert result.facets["topic"] == {"tin-hoc": 1}
    assert backend.autocomplete_titles([("tin",), ("ho",)]) == ["Tin học"]


@pytest.mark.elasticsearch
@needs_es
@pytest.mark.django_db
def test_elasticsearch_rebuild_keeps_one_index_behind_the_alias():
    backend = ElasticsearchSearchBackend(ES_URL, "hoctap_test")
    backend.rebuild([[_doc(1)]])
    backend.rebuild([[_doc(2)]])
    assert len(backend.client.indices.get_alias(name="hoctap_test_pages")) == 1
