"""Elasticsearch cannot run here, so its mapping and queries are checked as the dicts that
would be sent; the round trip against a real cluster is in test_site_search.py (skipped)."""

from search.documents import build_page_search, page_index


def test_mapping_folds_vietnamese_and_keeps_an_exact_subfield():
    body = page_index("hoctap_pages").to_dict()
    analysis = body["settings"]["analysis"]["analyzer"]
    assert analysis["vi_folded"] == {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["lowercase", "asciifolding"],
    }
    assert analysis["vi_exact"]["filter"] == ["lowercase"]
    props = body["mappings"]["properties"]
    assert props["title"]["analyzer"] == "vi_folded"
    assert props["title"]["fields"]["exact"]["analyzer"] == "vi_exact"
    assert props["kind"] == {"type": "keyword"}
    assert props["summary"]["index"] is False


def test_query_requires_all_words_and_boosts_exact_matches():
    query = build_page_search("tin học", kinds=["courses.coursepage"], index="x").to_dict()
    bool_query = query["query"]["bool"]
    must = bool_query["must"][0]["multi_match"]
    assert must["query"] == "tin học" and must["operator"] == "and"
    assert {"match_phrase": {"title.exact": {"query": "tin học", "boost": 8}}} in bool_query[
        "should"
    ]
    assert bool_query["filter"] == [{"terms": {"kind": ["courses.coursepage"]}}]
    assert query["_source"] is False
