import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page

from search.models import SearchDocument
from search.query import parse_query
from search.selectors import ranked_page_ids
from search.services import search_index_page, search_reindex_all

pytestmark = pytest.mark.django_db


def _page(home, title, slug, **kwargs):
    page = home.add_child(instance=Page(title=title, slug=slug, **kwargs))
    page.save_revision().publish()
    return page


def test_query_words_fold_and_keep_marks(db):
    parsed = parse_query("  Tin HỌC  cơ bản ")
    assert parsed.phrase_lower == "tin học cơ bản"
    assert parsed.phrase_folded == "tin hoc co ban"
    assert parsed.terms == ["tin", "hoc", "co", "ban"]


def test_search_without_diacritics_finds_vietnamese_title(home, client):
    page = _page(home, "Tin học cơ bản cho người cao tuổi", "tin-hoc")
    _page(home, "Pháp luật giao thông", "phap-luat")
    response = client.get("/tim-kiem/", {"q": "tin hoc co ban"})
    assert response.status_code == 200
    text = BeautifulSoup(response.content, "html.parser").get_text(" ")
    assert " ".join(page.title.split()) in " ".join(text.split())
    assert "Pháp luật giao thông" not in text


def test_exact_diacritic_match_ranks_first(home):
    folded_only = _page(home, "Học tin thì cơ bản", "a")  # folds to the same words, other marks
    exact = _page(home, "Tin học cơ bản", "b")
    ids = ranked_page_ids("tin học")
    assert ids[0] == exact.pk
    assert set(ids) >= {exact.pk, folded_only.pk}


def test_all_words_must_match(home):
    _page(home, "Tiếng Anh giao tiếp", "tieng-anh")
    assert len(ranked_page_ids("tieng anh")) == 1
    assert ranked_page_ids("tieng nhat") == []


def test_unpublished_and_deleted_pages_leave_the_index(home, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = _page(home, "Kỹ năng số", "ky-nang-so")
    assert SearchDocument.objects.filter(page_id=page.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert not SearchDocument.objects.filter(page_id=page.pk).exists()
    search_index_page(page=Page.objects.get(pk=page.pk))
    assert not SearchDocument.objects.filter(page_id=page.pk).exists()


def test_reindex_skips_private_and_draft_pages(home):
    from wagtail.models import PageViewRestriction

    public = _page(home, "Công khai", "cong-khai")
    private = _page(home, "Riêng tư", "rieng-tu")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    draft = home.add_child(instance=Page(title="Bản nháp", slug="nhap", live=False))
    search_reindex_all()
    indexed = set(SearchDocument.objects.values_list("page_id", flat=True))
    assert public.pk in indexed
    assert private.pk not in indexed and draft.pk not in indexed


def test_empty_and_bad_queries_never_fail(home, client):
    for params in (
        {"q": ""},
        {"q": "   "},
        {"q": "x" * 500},
        {"q": "tin", "page": "abc"},
        {"q": "tin", "page": "99999"},
    ):
        assert client.get("/tim-kiem/", params).status_code == 200


def test_search_page_query_count_is_constant(home, client, django_assert_max_num_queries):
    for i in range(3):
        _page(home, f"Khóa học số {i}", f"k{i}")
    with django_assert_max_num_queries(20) as small:
        client.get("/tim-kiem/", {"q": "khoa hoc"})
    for i in range(3, 30):
        _page(home, f"Khóa học số {i}", f"k{i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/tim-kiem/", {"q": "khoa hoc"})


def test_search_index_command_rebuilds_with_progress_and_counts_on_dry_run(home):
    from io import StringIO

    from django.core.management import CommandError, call_command

    page = _page(home, "Sơ cứu ban đầu", "so-cuu")
    SearchDocument.objects.all().delete()
    out = StringIO()
    call_command("search_index", "--dry-run", stdout=out)
    assert "would be indexed" in out.getvalue()
    assert not SearchDocument.objects.exists()
    out = StringIO()
    call_command("search_index", "--rebuild", stdout=out)
    assert "Indexed" in out.getvalue() and "/" in out.getvalue()  # progress bar
    assert SearchDocument.objects.filter(page_id=page.pk).exists()
    with pytest.raises(CommandError):
        call_command("search_index", stdout=StringIO())
