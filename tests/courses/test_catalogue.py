import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.db.models import F
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses import selectors
from courses.wagtail_hooks import centre_courses_panel, home_courses_panel
from tests.factories.courses import make_catalogue, make_centre, make_course

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [h.get_text(strip=True) for h in soup.select(".course-card h3")]


def messages(response) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(li.get_text(" ", strip=True) for li in soup.select(".messages li"))


@pytest.fixture
def catalogue(home):
    return make_catalogue()


def test_catalogue_lists_only_upcoming_courses_sorted_by_next_session(client, catalogue):
    centre = make_centre()
    make_course(centre=centre, title="Đã kết thúc", days=(-10, -3))
    make_course(centre=centre, title="Tuần sau", days=(-2, 7))
    make_course(centre=centre, title="Hôm nay", days=(0,))
    make_course(centre=centre, title="Ngày mai", days=(1, 30))
    response = client.get("/khoa-hoc/")
    assert response.status_code == 200
    assert titles(response) == ["Hôm nay", "Ngày mai", "Tuần sau"]


def test_card_shows_centre_ward_next_session_and_seats(client, catalogue):
    centre = make_centre()
    make_course(centre=centre, title="Tin học", days=(-1, 2, 9), capacity=18)
    html = client.get("/khoa-hoc/").content.decode()
    card = BeautifulSoup(html, "html.parser").select_one(".course-card").get_text(" ", strip=True)
    next_day = timezone.localdate() + dt.timedelta(days=2)
    assert centre.title in card and centre.ward.name_with_type in card
    assert next_day.strftime("%d/%m/%Y") in card
    assert "Còn 18 chỗ" in card


def test_filters_by_ward_topic_audience_and_mode(client, catalogue):
    a, b = make_centre(), make_centre()
    make_course(centre=a, title="A tin học", topics=("Tin học",), audience="nguoi-cao-tuoi")
    make_course(
        centre=b,
        title="B ngoại ngữ",
        topics=("Ngoại ngữ",),
        delivery_mode="truc-tuyen",
        join_url="https://meet.example.vn/x",
    )
    assert titles(client.get("/khoa-hoc/", {"phuong": a.ward.code})) == ["A tin học"]
    assert titles(client.get("/khoa-hoc/", {"chu_de": "ngoai-ngu"})) == ["B ngoại ngữ"]
    assert titles(client.get("/khoa-hoc/", {"doi_tuong": "nguoi-cao-tuoi"})) == ["A tin học"]
    assert titles(client.get("/khoa-hoc/", {"hinh_thuc": "truc-tuyen"})) == ["B ngoại ngữ"]


def test_date_range_accepts_vietnamese_and_iso_dates(client, catalogue):
    centre = make_centre()
    make_course(centre=centre, title="Sớm", days=(2,))
    make_course(centre=centre, title="Muộn", days=(40,))
    today = timezone.localdate()
    start, end = today + dt.timedelta(days=30), today + dt.timedelta(days=50)
    vn = {"tu_ngay": start.strftime("%d/%m/%Y"), "den_ngay": end.strftime("%d/%m/%Y")}
    iso = {"tu_ngay": start.isoformat(), "den_ngay": end.isoformat()}
    assert titles(client.get("/khoa-hoc/", vn)) == ["Muộn"]
    assert titles(client.get("/khoa-hoc/", iso)) == ["Muộn"]


def test_only_with_seats_hides_full_courses(client, catalogue, monkeypatch):
    centre = make_centre()
    make_course(centre=centre, title="Nhỏ", capacity=5)
    make_course(centre=centre, title="Lớn", capacity=50)
    # Pretend 5 seats are taken everywhere: the filter and the cards read the one selector.
    monkeypatch.setattr(selectors, "seats_left_expression", lambda: F("capacity") - 5)
    response = client.get("/khoa-hoc/", {"con_cho": "1"})
    assert titles(response) == ["Lớn"]
    assert "Hết chỗ" in client.get("/khoa-hoc/").content.decode()


def test_search_without_diacritics_finds_and_exact_spelling_ranks_first(client, catalogue):
    centre = make_centre()
    make_course(centre=centre, title="Lớp tin hoc van phong", days=(1,))
    make_course(centre=centre, title="Tin học cơ bản", days=(5,))
    make_course(centre=centre, title="Trồng rau sạch", days=(2,))
    # Both match "tin hoc" in their titles (ranked by the site search's relevance).
    assert set(titles(client.get("/khoa-hoc/", {"q": "tin hoc"}))) == {
        "Lớp tin hoc van phong",
        "Tin học cơ bản",
    }
    assert titles(client.get("/khoa-hoc/", {"q": "Tin học"})) == [
        "Tin học cơ bản",
        "Lớp tin hoc van phong",
    ]
    assert titles(client.get("/khoa-hoc/", {"q": "TRONG RAU"})) == ["Trồng rau sạch"]


def test_search_finds_courses_by_topic_without_diacritics(client, catalogue):
    make_course(centre=make_centre(), title="Lớp buổi tối", topics=("Kỹ năng sống",))
    assert titles(client.get("/khoa-hoc/", {"q": "ky nang song"})) == ["Lớp buổi tối"]


@pytest.mark.parametrize(
    "params, expected_message",
    [
        ({"phuong": "99999x"}, "Không có phường/xã"),
        ({"chu_de": "khong-co"}, "Không có chủ đề"),
        ({"tu_ngay": "31/02/2026"}, "Ngày không hợp lệ"),
        ({"den_ngay": "hôm qua"}, "Ngày không hợp lệ"),
        ({"doi_tuong": "nguoi-ngoai-hanh-tinh"}, "không có trong danh sách"),
        ({"hinh_thuc": "'; DROP TABLE"}, "không có trong danh sách"),
    ],
)
def test_bad_filter_values_are_ignored_with_a_vietnamese_message(
    client, catalogue, params, expected_message
):
    make_course(centre=make_centre(), title="Vẫn hiện")
    response = client.get("/khoa-hoc/", params)
    assert response.status_code == 200
    assert expected_message in messages(response)
    assert titles(response) == ["Vẫn hiện"]


def test_reversed_date_range_is_ignored_with_a_message(client, catalogue):
    make_course(centre=make_centre(), title="Vẫn hiện")
    response = client.get("/khoa-hoc/", {"tu_ngay": "10/10/2030", "den_ngay": "01/01/2030"})
    assert "phải sau" in messages(response)
    assert titles(response) == ["Vẫn hiện"]


def test_pagination_shows_24_and_survives_bad_page_numbers(client, catalogue):
    centre = make_centre()
    for i in range(26):
        make_course(centre=centre, title=f"Khóa {i:02d}", days=(1 + i,))
    first = client.get("/khoa-hoc/")
    assert len(titles(first)) == 24
    assert 'href="?page=2"' in first.content.decode()
    assert titles(client.get("/khoa-hoc/", {"page": "2"})) == ["Khóa 24", "Khóa 25"]
    assert len(titles(client.get("/khoa-hoc/", {"page": "abc"}))) == 24
    last = client.get("/khoa-hoc/", {"page": "99999"})
    assert last.status_code == 200 and titles(last) == ["Khóa 24", "Khóa 25"]


def test_page_links_keep_the_filters(client, catalogue):
    centre = make_centre()
    for i in range(25):
        make_course(centre=centre, title=f"Khóa {i:02d}", topics=("Tin học",))
    html = client.get("/khoa-hoc/", {"chu_de": "tin-hoc", "page": "1"}).content.decode()
    assert "?chu_de=tin-hoc&amp;page=2" in html


def _make_data(n_courses: int, n_centres: int = 4) -> list:
    centres = [make_centre() for _ in range(n_centres)]
    topics = ("Tin học", "Ngoại ngữ", "Sức khỏe", "Pháp luật")
    for i in range(n_courses):
        make_course(
            centre=centres[i % n_centres],
            days=(1 + i % 20, 25 + i % 7),
            topics=topics[: 1 + i % 3],
        )
    return centres


def _count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("params", [{}, {"chu_de": "tin-hoc", "q": "khoa hoc", "con_cho": "1"}])
def test_catalogue_query_count_does_not_grow_with_courses(client, catalogue, params):
    _make_data(30)
    client.get("/khoa-hoc/")  # warm Wagtail's site-root-paths cache, as in production
    small = _count_queries(client, "/khoa-hoc/", params)
    _make_data(170)
    large = _count_queries(client, "/khoa-hoc/", params)
    assert small == large
    # With `q`, the site search adds its reads (known words, count, ranked ids).
    assert large <= 20


def _render_centre_panel(centre, params=None) -> tuple[str, int]:
    request = RequestFactory().get(centre.url, params or {})
    with CaptureQueriesContext(connection) as ctx:
        panel = centre_courses_panel(centre, request)
        html = render_to_string(panel["template"], {"panel": panel["context"]}, request=request)
    return html, len(ctx.captured_queries)


def test_centre_panel_lists_only_its_own_courses_with_filters(home):
    a, b = make_centre(), make_centre()
    make_course(centre=a, title="Của A", topics=("Tin học",))
    make_course(centre=a, title="Của A, ngoại ngữ", topics=("Ngoại ngữ",))
    make_course(centre=b, title="Của B", topics=("Tin học",))
    html, _ = _render_centre_panel(a)
    assert "Của A" in html and "Của B" not in html
    assert 'name="phuong"' not in html  # the ward is the centre's own
    html, _ = _render_centre_panel(a, {"chu_de": "tin-hoc", "phuong": b.ward.code})
    soup = BeautifulSoup(html, "html.parser")
    assert [h.get_text(strip=True) for h in soup.select(".course-card h3")] == ["Của A"]


def test_centre_panel_query_count_does_not_grow_with_courses(home):
    [centre, *_] = _make_data(30)
    _, small = _render_centre_panel(centre)
    _make_data(170)
    more = [make_course(centre=centre) for _ in range(30)]
    assert more
    _, large = _render_centre_panel(centre)
    assert small == large


def test_home_panel_shows_six_upcoming_courses_and_counts(home):
    make_catalogue()
    centres = _make_data(8, n_centres=2)
    make_course(centre=centres[0], title="Đã xong", days=(-5,))
    request = RequestFactory().get("/")
    panel = home_courses_panel(home, request)
    context = panel["context"]
    assert len(context["courses"]) == 6
    assert context["centre_count"] == 2 and context["course_count"] == 9
    html = render_to_string(panel["template"], {"panel": context}, request=request)
    assert "/khoa-hoc/" in html
    assert "2 trung tâm học tập cộng đồng, 9 khóa học" in html


def test_catalogue_markup_is_accessible_and_shows_fees(client, catalogue):
    make_course(centre=make_centre(), title="Có học phí", fee=300000)
    soup = BeautifulSoup(client.get("/khoa-hoc/").content, "html.parser")
    form = soup.select_one("form.filters")
    labelled = {label.get("for") for label in form.select("label[for]")}
    for control in form.select("input, select"):
        if control.get("type") in ("checkbox", "submit"):
            assert control.find_parent("label") is not None
        else:
            assert control["id"] in labelled, control
    levels = [int(h.name[1]) for h in soup.select("main h1, main h2, main h3")]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    assert "300.000 đ" in soup.select_one(".course-card").get_text()


def test_seats_left_counts_confirmed_enrollments(client, catalogue):
    from citizen_profiles.services import citizen_create_assisted
    from courses.selectors import course_seats_left
    from courses.services import enrollment_create

    course = make_course(centre=make_centre(), capacity=2)
    for name in ("An", "Bình", "Chi"):
        enrollment_create(course=course, citizen=citizen_create_assisted(full_name=name))
    assert course_seats_left(course=course) == 0
    html = client.get("/khoa-hoc/").content.decode()
    assert "Hết chỗ" in html
    assert course.title not in client.get("/khoa-hoc/", {"con_cho": "1"}).content.decode()
