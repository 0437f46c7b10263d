"""Courses a resident can join come first, every card says whether one can join, and
"open now" / "seats left" mean exactly that (issue 13, finding 2)."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from django.utils import timezone

from citizen_profiles.services import citizen_create_assisted
from courses.services import enrollment_create
from courses.status import Status, course_status
from courses.wagtail_hooks import home_courses_panel
from tests.factories.courses import make_catalogue, make_centre, make_course

pytestmark = pytest.mark.django_db


def cards(response) -> dict[str, str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        card.select_one("h3").get_text(strip=True): card.select_one(".badge").get_text(strip=True)
        for card in soup.select(".course-card")
    }


@pytest.fixture
def courses(home):
    make_catalogue()
    centre = make_centre()
    now = timezone.now()
    day = dt.timedelta(days=1)
    made = {
        "open": make_course(centre=centre, title="Mở", days=(10,), enrollment_closes=now + 8 * day),
        "closing": make_course(
            centre=centre, title="Sắp đóng", days=(10,), enrollment_closes=now + 2 * day
        ),
        "closed": make_course(
            centre=centre, title="Đã đóng", days=(1,), enrollment_closes=now - day
        ),
        "later": make_course(
            centre=centre,
            title="Sắp mở",
            days=(40,),
            enrollment_opens=now + 5 * day,
            enrollment_closes=now + 30 * day,
        ),
        "full": make_course(centre=centre, title="Đầy", days=(12,), capacity=1),
    }
    enrollment_create(
        course=made["full"],
        citizen=citizen_create_assisted(full_name="Lê Thị A", birth_year=1970, ward=centre.ward),
    )
    return made


def test_catalogue_hides_closed_courses_by_default_and_labels_every_card(client, courses):
    shown = cards(client.get("/khoa-hoc/"))
    assert "Đã đóng" not in shown
    closes = timezone.localtime(courses["closing"].enrollment_closes).strftime("%d/%m/%Y")
    opens = timezone.localtime(courses["later"].enrollment_opens).strftime("%d/%m/%Y")
    assert shown == {
        "Mở": "Đang mở đăng ký",
        "Sắp đóng": f"Hạn đăng ký {closes}",
        "Đầy": "Hết chỗ — nhận danh sách chờ",
        "Sắp mở": f"Mở đăng ký từ {opens}",
    }
    # Open now before opening later, whatever the dates.
    assert list(shown)[-1] == "Sắp mở"


def test_all_upcoming_on_request_shows_closed_as_closed(client, courses):
    shown = cards(client.get("/khoa-hoc/", {"trang_thai": "tat-ca"}))
    assert shown["Đã đóng"] == "Đã hết hạn đăng ký"


def test_open_now_filter_means_open_now(client, courses):
    assert set(cards(client.get("/khoa-hoc/", {"trang_thai": "dang-mo"}))) == {
        "Mở",
        "Sắp đóng",
        "Đầy",
    }


def test_seats_left_filter_means_one_can_take_a_seat_now(client, courses):
    assert set(cards(client.get("/khoa-hoc/", {"con_cho": "1"}))) == {"Mở", "Sắp đóng"}


def test_home_panel_offers_only_courses_open_now(courses, home):
    panel = home_courses_panel(home, RequestFactory().get("/"))
    titles = [card.title for card in panel["context"]["courses"]]
    assert "Đã đóng" not in titles and "Sắp mở" not in titles
    assert titles[0] == "Mở" or titles[0] == "Sắp đóng"


def test_finished_course_status():
    status = course_status(
        opens=None, closes=None, seats_left=3, last_date=timezone.localdate() - dt.timedelta(1)
    )
    assert status.code == Status.FINISHED and not status.joinable


def test_course_page_summary_shows_when_where_who_cost_and_seats(client, courses):
    soup = BeautifulSoup(client.get(courses["closing"].url).content, "html.parser")
    summary = {
        div.dt.get_text(strip=True): div.dd.get_text(" ", strip=True)
        for div in soup.select("dl.course-summary > div")
    }
    assert {"Thời gian", "Địa điểm", "Dành cho", "Học phí", "Chỗ học"} <= set(summary)
    assert summary["Chỗ học"].startswith("Hạn đăng ký")
    # The enrollment box sits beside the summary (first on phones: see site.css).
    assert soup.select_one(".course-layout > aside.course-aside .enrollment-box")
