"""Dates typed the Vietnamese way in the admin are read as such: dd/mm/yyyy or ISO, the
expected format shown, anything else refused (issue 13, finding 1)."""

import datetime as dt

import pytest
from django.utils import timezone, translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from courses.models import CoursePage
from tests.factories.courses import make_centre
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, home):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def _course_data(*, date: str, closes: str = "", slug: str = "tin-hoc-moi") -> dict:
    return {
        "title": "Tin học mới",
        "slug": slug,
        "summary": "Học máy tính.",
        "body": streamfield([]),
        "topics": "Tin học",
        "audience": "nguoi-lon",
        "language": "vi",
        "delivery_mode": "truc-tiep",
        "total_hours": "2",
        "capacity": "20",
        "enrollment_closes": closes,
        "fee": "0",
        "completion_threshold_percent": "80",
        "sessions": inline_formset(
            [{"date": date, "start_time": "08:00", "end_time": "10:00", "room": ""}]
        ),
        "action-publish": "1",
    }


@pytest.mark.parametrize("typed", ["20/12/2026", "2026-12-20"])
def test_session_date_typed_dd_mm_yyyy_or_iso_is_that_day(admin_client, typed):
    centre = make_centre()
    response = admin_client.post(
        f"/admin/pages/add/courses/coursepage/{centre.pk}/",
        nested_form_data(_course_data(date=typed)),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    course = CoursePage.objects.get(slug="tin-hoc-moi")
    assert [s.date for s in course.sessions.all()] == [dt.date(2026, 12, 20)]


def test_admin_in_english_reads_datetimes_day_first_not_us_style(admin_client):
    centre = make_centre()
    admin_client.cookies["django_language"] = "en"
    with translation.override("en"):
        response = admin_client.post(
            f"/admin/pages/add/courses/coursepage/{centre.pk}/",
            nested_form_data(_course_data(date="20/12/2026", closes="01/12/2026 17:00")),
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    closes = timezone.localtime(CoursePage.objects.get(slug="tin-hoc-moi").enrollment_closes)
    assert (closes.year, closes.month, closes.day, closes.hour) == (2026, 12, 1, 17)


def test_unreadable_date_is_refused_and_nothing_saved(admin_client):
    centre = make_centre()
    response = admin_client.post(
        f"/admin/pages/add/courses/coursepage/{centre.pk}/",
        nested_form_data(_course_data(date="20.12.26")),
    )
    assert response.status_code == 200
    assert not CoursePage.objects.filter(slug="tin-hoc-moi").exists()


def test_admin_date_widget_shows_and_expects_dd_mm_yyyy(admin_client):
    centre = make_centre()
    html = admin_client.get(f"/admin/pages/add/courses/coursepage/{centre.pk}/").content.decode()
    assert 'placeholder="dd/mm/yyyy"' in html
    assert '"format": "d/m/Y"' in html
    assert '"validateOnBlur": false' in html


def test_new_course_address_is_folded_ascii(admin_client):
    centre = make_centre()
    data = _course_data(date="20/12/2026", slug="kỹ-năng-số-cho-người-cao-tuổi")
    data["title"] = "Kỹ năng số cho người cao tuổi"
    response = admin_client.post(
        f"/admin/pages/add/courses/coursepage/{centre.pk}/", nested_form_data(data)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    course = CoursePage.objects.get(title="Kỹ năng số cho người cao tuổi")
    assert course.slug == "ky-nang-so-cho-nguoi-cao-tuoi"
    assert course.url.isascii()
