"""Public pages: `/trung-tam/` (grouped, searchable without diacritics, paginated, constant
query count), a centre page (details, hours, materials, panels from other apps) and the API."""

import re

import pytest
from wagtail import hooks

from learning_centers.models import LearningCenterPage, Ward
from learning_centers.selectors import CENTRES_PER_PAGE
from tests.factories.centres import make_center, make_document, make_index, make_material
from tests.factories.geography import WardFactory

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return re.findall(r"<h3><a [^>]*>([^<]+)</a>", response.content.decode())


def ward(name, kind=Ward.Kind.WARD, **fields):
    return WardFactory(name=name, name_with_type=name, kind=kind, **fields)


@pytest.fixture
def hanoi_sample(db):
    make_center(ward=ward("Phường Đống Đa"), title="TTHTCĐ phường Đống Đa")
    make_center(ward=ward("Phường Ba Đình"), title="TTHTCĐ phường Ba Đình")
    make_center(ward=ward("Xã Sóc Sơn", kind=Ward.Kind.COMMUNE), title="TTHTCĐ xã Sóc Sơn")


def test_listing_groups_centres_by_kind(client, hanoi_sample):
    response = client.get("/trung-tam/")
    assert response.status_code == 200
    content = response.content.decode()
    assert content.index(">Phường</h2>") < content.index("TTHTCĐ phường Ba Đình")
    assert content.index("TTHTCĐ phường Đống Đa") < content.index(">Xã</h2>")
    assert content.index(">Xã</h2>") < content.index("TTHTCĐ xã Sóc Sơn")


@pytest.mark.parametrize(
    "query",
    ["dong da", "Đống Đa", "DONG DA", "đống  đa", "TTHTCĐ Đống Đa", "trung tam phuong dong da"],
)
def test_search_finds_centre_with_or_without_diacritics(client, hanoi_sample, query):
    assert titles(client.get("/trung-tam/", {"q": query})) == ["TTHTCĐ phường Đống Đa"]


def test_search_without_match_says_so(client, hanoi_sample):
    response = client.get("/trung-tam/", {"q": "khong co"})
    assert titles(response) == []
    assert "Không tìm thấy trung tâm nào" in response.content.decode()


def test_filter_by_kind_and_ignore_unknown_kind(client, hanoi_sample):
    assert titles(client.get("/trung-tam/", {"loai": "xa"})) == ["TTHTCĐ xã Sóc Sơn"]
    assert len(titles(client.get("/trung-tam/", {"loai": "quan"}))) == 3


@pytest.mark.parametrize("page", ["abc", "99999", "-1", "0", ""])
def test_bad_page_numbers_never_fail(client, hanoi_sample, page):
    response = client.get("/trung-tam/", {"page": page})
    assert response.status_code == 200
    assert len(titles(response)) == 3


def test_listing_paginates_and_keeps_filters_in_links(client, db):
    for n in range(CENTRES_PER_PAGE + 2):
        make_center(ward=ward(f"Phường Thử {n:03d}"), title=f"Trung tâm {n:03d}")
    first = client.get("/trung-tam/", {"loai": "phuong"})
    assert len(titles(first)) == CENTRES_PER_PAGE
    assert "?loai=phuong&amp;page=2" in first.content.decode()
    assert len(titles(client.get("/trung-tam/", {"loai": "phuong", "page": "2"}))) == 2


def test_listing_hides_unpublished_centres(client, hanoi_sample):
    center = make_center(ward=ward("Phường Ẩn"), title="Trung tâm nháp")
    center.unpublish()
    assert "Trung tâm nháp" not in titles(client.get("/trung-tam/"))


def _count_listing_queries(client, django_assert_max_num_queries, total, limit):
    make_index()
    while LearningCenterPage.objects.count() < total:
        i = LearningCenterPage.objects.count()
        make_center(ward=ward(f"Phường Số {i:03d}"), title=f"Trung tâm số {i:03d}")
    client.get("/trung-tam/")  # warm the site-root cache, as on a running server
    with django_assert_max_num_queries(limit) as captured:
        response = client.get("/trung-tam/", {"q": "phuong"})
    assert len(titles(response)) == total
    return len(captured.captured_queries)


def test_listing_query_count_does_not_grow_with_centres(client, db, django_assert_max_num_queries):
    small = _count_listing_queries(client, django_assert_max_num_queries, 3, 15)
    larger = _count_listing_queries(client, django_assert_max_num_queries, 30, 15)
    assert larger == small


# --- centre page -----------------------------------------------------------------------------


def test_centre_page_shows_details_hours_and_materials(client, db):
    center = make_center(
        ward=ward("Phường Hoàn Kiếm"),
        title="TTHTCĐ phường Hoàn Kiếm",
        address="Nhà văn hóa phường Hoàn Kiếm",
        phone="024 3825 1234",
        latitude="21.028500",
        longitude="105.852000",
        director_name="Phó Chủ tịch UBND phường",
    )
    make_material(center, title="Cổng Dịch vụ công quốc gia")
    material = make_material(center, title="Hướng dẫn VNeID")
    material.tags.add("kỹ năng số")
    material.save()
    response = client.get(center.url)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Nhà văn hóa phường Hoàn Kiếm" in content
    assert 'href="tel:02438251234"' in content
    assert '<th scope="row">Thứ Hai</th><td>07:30</td><td>17:00</td>' in content
    assert "Cổng Dịch vụ công quốc gia" in content
    # Tags are shared with course topics and case-insensitive ("Kỹ năng số" is seeded).
    assert "kỹ năng số" in content.lower()
    assert "openstreetmap.org/?mlat=21.028500&amp;mlon=105.852000" in content


def test_centre_page_renders_panels_registered_by_other_apps(client, db, settings, tmp_path):
    center = make_center(title="TTHTCĐ có khóa học")
    (tmp_path / "panel.html").write_text("<section>PANEL {{ panel.label }}</section>")
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    calls = []

    def second(page, request):
        calls.append(page.pk)
        return {"template": "panel.html", "context": {"label": "hai"}, "order": 20}

    def first(page, request):
        return {"template": "panel.html", "context": {"label": "một"}, "order": 10}

    def nothing(page, request):
        return None

    with (
        hooks.register_temporarily("learning_center_page_panels", second),
        hooks.register_temporarily("learning_center_page_panels", first),
        hooks.register_temporarily("learning_center_page_panels", nothing),
    ):
        content = client.get(center.url).content.decode()
    assert calls == [center.pk]
    assert content.index("PANEL một") < content.index("PANEL hai")


def _count_centre_queries(client, django_assert_max_num_queries, n, limit):
    center = make_center(title=f"Trung tâm {n}")
    for i in range(n):
        material = make_material(center, title=f"Học liệu {i}")
        material.tags.add("pháp luật", "sức khỏe")
        material.save()
    client.get(center.url)  # warm the site-root cache, as on a running server
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(center.url).status_code == 200
    return len(captured.captured_queries)


def test_centre_page_query_count_does_not_grow_with_materials(
    client, db, django_assert_max_num_queries
):
    small = _count_centre_queries(client, django_assert_max_num_queries, 2, 22)
    larger = _count_centre_queries(client, django_assert_max_num_queries, 20, 22)
    assert larger == small


def test_material_page_offers_its_document(client, db):
    center = make_center(title="Trung tâm có tài liệu")
    document = make_document(center, title="Sổ tay")
    material = make_material(center, title="Sổ tay", kind="tai-lieu", document=document)
    response = client.get(material.url)
    assert response.status_code == 200
    assert document.url in response.content.decode()


def test_unknown_centre_slug_is_404(client, hanoi_sample):
    assert client.get("/trung-tam/khong-co-trung-tam-nay/").status_code == 404


# --- API -------------------------------------------------------------------------------------


def test_api_lists_centres_with_ward_code_and_public_contact_only(client, db):
    center = make_center(ward=ward("Phường Cửa Nam", code="00082"), phone="024 3825 0000")
    response = client.get(
        "/api/v2/pages/",
        {
            "type": "learning_centers.LearningCenterPage",
            "fields": "ward_code,ward_name,phone,address,opening_hours,director_name",
        },
    )
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert item["id"] == center.pk
    assert item["ward_code"] == "00082"
    assert item["ward_name"] == "Phường Cửa Nam"
    assert item["opening_hours"][0]["opens"] == "07:30:00"
    detail = client.get(f"/api/v2/pages/{center.pk}/").json()
    assert "trusted" not in detail and "collection" not in detail


def test_api_filters_centres_by_ward_code(client, db):
    make_center(ward=ward("Phường Một", code="00101"))
    make_center(ward=ward("Phường Hai", code="00102"))
    response = client.get(
        "/api/v2/pages/",
        {"type": "learning_centers.LearningCenterPage", "fields": "ward_code", "limit": 50},
    )
    codes = sorted(item["ward_code"] for item in response.json()["items"])
    assert codes == ["00101", "00102"]


def test_api_bad_type_is_a_client_error(client, db):
    response = client.get("/api/v2/pages/", {"type": "learning_centers.Khong"})
    assert response.status_code == 400


def test_video_material_falls_back_to_a_link_when_the_embed_is_unavailable(client, db):
    from unittest import mock

    from wagtail.embeds.exceptions import EmbedNotFoundException

    center = make_center(title="Trung tâm có video")
    material = make_material(
        center, title="Video", kind="video", video_url="https://www.youtube.com/watch?v=abc"
    )
    with mock.patch(
        "wagtail.embeds.embeds.get_embed", side_effect=EmbedNotFoundException
    ) as get_embed:
        response = client.get(material.url)
    assert get_embed.called
    assert response.status_code == 200
    assert 'href="https://www.youtube.com/watch?v=abc"' in response.content.decode()


def _count_api_queries(client, django_assert_max_num_queries, total):
    while LearningCenterPage.objects.count() < total:
        i = LearningCenterPage.objects.count()
        make_center(ward=ward(f"Phường API {i:03d}"))
    params = {"type": "learning_centers.LearningCenterPage", "fields": "ward_code,ward_name"}
    client.get("/api/v2/pages/", params)
    with django_assert_max_num_queries(20) as captured:
        assert len(client.get("/api/v2/pages/", params).json()["items"]) == total
    return len(captured.captured_queries)


def test_api_query_count_does_not_grow_with_centres(client, db, django_assert_max_num_queries):
    small = _count_api_queries(client, django_assert_max_num_queries, 2)
    assert _count_api_queries(client, django_assert_max_num_queries, 12) == small
