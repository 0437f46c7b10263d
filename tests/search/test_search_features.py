"""Places, typos, facets, cards, highlighting, sorting, autocomplete and the engine index
kept in step with the document table: on SQLite (FTS5) and PostgreSQL (tsvector)."""

import datetime as dt
import json

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from search.models import SearchDocument
from search.selectors import ranked_page_ids
from search.services import search_index_page, search_reindex_all
from tests.factories.cms import make_news
from tests.factories.courses import make_catalogue, make_centre, make_course
from tests.factories.geography import WardFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


@pytest.fixture
def town(db):
    make_catalogue()
    cau_giay = WardFactory(code="00167", name="Cầu Giấy", name_with_type="Phường Cầu Giấy")
    hong_ha = WardFactory(code="00004", name="Hồng Hà", name_with_type="Phường Hồng Hà")
    ngoc_ha = WardFactory(code="00008", name="Ngọc Hà", name_with_type="Phường Ngọc Hà")
    centres = {
        "cg": make_centre(ward=cau_giay, title="Trung tâm Cầu Giấy", address="1 Trần Thái Tông"),
        "hh": make_centre(ward=hong_ha, title="Trung tâm Hồng Hà", address="5 Phúc Tân"),
        "nh": make_centre(ward=ngoc_ha, title="Trung tâm Ngọc Hà", address="9 Đội Cấn"),
    }
    pages = {
        "tin_nh": make_course(
            centre=centres["nh"], title="Tin học cơ bản", topics=("Tin học",), days=(2,)
        ),
        "tin_hh": make_course(
            centre=centres["hh"], title="Tin học cơ bản", topics=("Tin học",), days=(9,)
        ),
        "tin_cg": make_course(
            centre=centres["cg"],
            title="Tin học văn phòng",
            topics=("Tin học",),
            days=(5,),
            capacity=12,
        ),
        "dao_tao": make_course(
            centre=centres["cg"], title="Đào tạo kỹ năng mềm", topics=("Kỹ năng sống",)
        ),
        "news": make_news(
            title="Tin học cho mọi người ở Hồng Hà",
            summary="Bản tin về lớp tin học.",
            date=dt.date(2025, 3, 4),
        ),
    }
    pages.update(centres)
    search_reindex_all()
    return pages


def test_tin_hoc_hong_ha_lists_the_hong_ha_course_first_and_shows_a_removable_place(town, client):
    assert ranked_page_ids("tin hoc hong ha")[0] == town["tin_hh"].pk
    response = client.get("/tim-kiem/", {"q": "tin hoc hong ha"})
    soup = BeautifulSoup(response.content, "html.parser")
    first = soup.select(".search-card")[0]
    assert "Tin học cơ bản" in first.get_text(" ").replace("  ", " ") or "Tin" in first.text
    assert first.select_one("a")["href"] == town["tin_hh"].url
    chip = soup.select_one(".search-chips li")
    assert "ở Phường Hồng Hà" in chip.get_text(" ")
    assert "noi=0" in chip.select_one("a")["href"]
    # Without the place, "hong ha" are plain words: only the news mentions them.
    unplaced = client.get("/tim-kiem/", {"q": "tin hoc hong ha", "noi": "0"})
    assert "Tin học cho mọi người" in _text(unplaced)


def test_place_with_kind_word_and_marks_filters_to_that_ward(town):
    for query in ("tin học phường Cầu Giấy", "tin hoc p cau giay", "TIN HOC CAU GIAY"):
        assert ranked_page_ids(query) == [town["tin_cg"].pk], query
    # A ward alone lists what is there: its centre and its courses.
    assert set(ranked_page_ids("cau giay")) == {
        town["cg"].pk,
        town["tin_cg"].pk,
        town["dao_tao"].pk,
    }


def test_words_match_whole_syllables_not_inside_other_words(town):
    from search.backends import SearchRequest, get_search_backend

    # "oc" is inside "học" and "ngọc": a substring match would find them all. (The site
    # search then reads "oc" as a typo for "co": that is the typo tolerance, not a match.)
    backend = get_search_backend()
    assert backend.search(SearchRequest(alternatives=[("oc",), ("ban",)])).total == 0
    assert backend.search(SearchRequest(alternatives=[("ngoc",)])).total > 0


def test_typo_finds_the_course_and_suggests_the_spelling(town, client):
    ids = ranked_page_ids("tin hco co ban")
    assert set(ids[:2]) == {town["tin_nh"].pk, town["tin_hh"].pk}
    response = client.get("/tim-kiem/", {"q": "tin hco co ban"})
    soup = BeautifulSoup(response.content, "html.parser")
    suggestion = soup.select_one(".search-suggestion a")
    assert suggestion.text == "tin học cơ bản"
    for query in ("tin hoc co bna", "tinn hoc", "tn hoc", "dao tao ky nag"):
        assert ranked_page_ids(query), query


def test_capitals_and_marks_give_the_same_results(town):
    assert ranked_page_ids("ĐÀO TẠO") == ranked_page_ids("dao tao") == [town["dao_tao"].pk]


def test_exact_marks_rank_first(town):
    exact = make_course(centre=town["cg"], title="Tin học thì cơ bản", topics=())
    other = make_course(centre=town["cg"], title="Tín hóc thi cô bán", topics=())
    search_reindex_all()
    ids = ranked_page_ids("Tín hóc")
    assert ids.index(other.pk) < ids.index(exact.pk)


def test_cards_show_what_each_type_needs(town, client):
    html = client.get("/tim-kiem/", {"q": "tin hoc van phong"})
    card = _text(html)
    next_day = (timezone.localdate() + dt.timedelta(days=5)).strftime("%d/%m/%Y")
    assert "Trung tâm Cầu Giấy" in card and "Phường Cầu Giấy" in card
    assert f"Buổi tới: {next_day} 08:00" in card
    assert "Còn 12 chỗ" in card
    centre = _text(client.get("/tim-kiem/", {"q": "trung tam ngoc ha"}))
    assert "9 Đội Cấn" in centre and "Phường Ngọc Hà" in centre
    news = _text(client.get("/tim-kiem/", {"q": "moi nguoi", "noi": "0"}))
    assert "04/03/2025" in news


def test_matches_are_highlighted_and_titles_escaped(town, client):
    evil = make_course(centre=town["cg"], title="Tin <b>học</b> & <i>mạng</i>", topics=())
    search_index_page(page=evil)
    html = client.get("/tim-kiem/", {"q": "mang"}).content.decode()
    assert "&lt;b&gt;học&lt;/b&gt; &amp; &lt;i&gt;<mark>mạng</mark>&lt;/i&gt;" in html
    assert "<b>học</b>" not in html


def test_facets_count_and_narrow(town, client):
    soup = BeautifulSoup(client.get("/tim-kiem/", {"q": "tin hoc"}).content, "html.parser")
    facets = {
        section.h2.text: {li.a.text: li.select_one(".count").text for li in section.select("li")}
        for section in soup.select(".search-facets section")
    }
    assert (
        facets["Loại"] == {"Khóa học": "(3)", "Tin tức": "(1)"}
        or facets["Loại"]["Khóa học"] == "(3)"
    )
    assert facets["Phường/xã"]["Phường Cầu Giấy"] == "(1)"
    assert facets["Chủ đề"]["Tin học"] == "(3)"
    link = next(a for a in soup.select(".search-facets a") if a.text == "Phường Hồng Hà")["href"]
    narrowed = BeautifulSoup(client.get("/tim-kiem/" + link).content, "html.parser")
    assert len(narrowed.select(".search-card")) == 1
    assert "Phường Hồng Hà" in narrowed.select_one(".search-chips").text


def test_sort_by_date_puts_the_soonest_course_first(town):
    from search.selectors import site_search

    result = site_search(
        params={"q": "tin hoc co ban", "sap_xep": "ngay", "loai": "courses.coursepage"}
    )
    assert [c.page_id for c in result.cards] == [town["tin_nh"].pk, town["tin_hh"].pk]


def test_pagination_keeps_the_query_and_filters(town, client):
    for i in range(25):
        make_course(centre=town["cg"], title=f"Tin học nhóm {i}", topics=("Tin học",))
    search_reindex_all()
    soup = BeautifulSoup(
        client.get("/tim-kiem/", {"q": "tin hoc", "loai": "courses.coursepage"}).content,
        "html.parser",
    )
    assert len(soup.select(".search-card")) == 20
    next_link = soup.select_one(".pagination a")["href"]
    assert "loai=courses.coursepage" in next_link and "page=2" in next_link
    page2 = BeautifulSoup(client.get("/tim-kiem/" + next_link).content, "html.parser")
    assert len(page2.select(".search-card")) == 8


def test_autocomplete_suggests_titles_places_and_topics(town, client):
    data = json.loads(client.get("/tim-kiem/goi-y/", {"q": "tin h"}).content)
    labels = [s["label"] for s in data["suggestions"]]
    assert "Tin học cơ bản" in labels and "Tin học" in labels
    assert labels.count("Tin học cơ bản") == 1
    data = json.loads(client.get("/tim-kiem/goi-y/", {"q": "cau g"}).content)
    assert {"type": "place", "label": "Phường Cầu Giấy", "q": "Phường Cầu Giấy"} in data[
        "suggestions"
    ]


def test_engine_index_follows_edits_and_deletes(town, django_capture_on_commit_callbacks):
    course = town["dao_tao"]
    course.title = "Thư pháp chữ Việt"
    with django_capture_on_commit_callbacks(execute=True):
        course.save_revision().publish()
    assert ranked_page_ids("thu phap") == [course.pk]
    assert ranked_page_ids("ky nang mem") == []
    with django_capture_on_commit_callbacks(execute=True):
        course.delete()
    assert ranked_page_ids("thu phap") == []
    assert not SearchDocument.objects.filter(page_id=course.pk).exists()


def test_catalogue_q_uses_the_site_search(town, client):
    soup = BeautifulSoup(client.get("/khoa-hoc/", {"q": "tin hco"}).content, "html.parser")
    text = " ".join(soup.get_text(" ").split())
    assert "Tin học cơ bản" in text and "Tin học văn phòng" in text
    assert "Đào tạo kỹ năng mềm" not in text
    ranked = BeautifulSoup(
        client.get("/khoa-hoc/", {"q": "tin hoc cau giay"}).content, "html.parser"
    )
    assert "Tin học văn phòng" in " ".join(ranked.get_text(" ").split())
    assert "Tin học cơ bản" not in " ".join(ranked.get_text(" ").split())


def test_search_page_query_count_does_not_grow_with_results(
    town, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30) as small:
        client.get("/tim-kiem/", {"q": "tin hoc"})
    for i in range(15):
        make_course(centre=town["hh"], title=f"Tin học lớp {i}", topics=("Tin học",))
    search_reindex_all()
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/tim-kiem/", {"q": "tin hoc"})


def test_very_common_words_still_find_everything_with_title_matches_first(town, monkeypatch):
    expected = ranked_page_ids("tin hoc")
    monkeypatch.setattr("search.backends.database.RANK_ALL", 1)
    huge = ranked_page_ids("tin hoc")
    assert set(huge) == set(expected)
    titles_with_words = {town["tin_nh"].pk, town["tin_hh"].pk, town["tin_cg"].pk, town["news"].pk}
    assert set(huge[:4]) == titles_with_words


def test_pages_are_indexed_in_vietnamese_whatever_the_editors_language(town):
    from django.utils import translation

    course = make_course(centre=town["hh"], title="Dưỡng sinh", audience="nguoi-cao-tuoi")
    with translation.override("en"):
        search_index_page(page=course)
    assert ranked_page_ids("duong sinh nguoi cao tuoi") == [course.pk]


def test_a_recognised_topic_matches_as_one_compound(town):
    apart = make_course(centre=town["cg"], title="Thông tin về lớp học nấu ăn", topics=())
    search_index_page(page=apart)
    assert apart.pk not in ranked_page_ids("tin hoc")
    assert apart.pk in ranked_page_ids("thong tin lop hoc")


def test_nothing_at_the_place_shows_results_elsewhere_and_says_so(town, client):
    response = client.get("/tim-kiem/", {"q": "dao tao ky nang mem hong ha"})
    text = _text(response)
    assert "Không có kết quả ở Phường Hồng Hà" in text
    assert "Đào tạo kỹ năng mềm" in text
