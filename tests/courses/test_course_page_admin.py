"""The admin form checks the sessions formset together with the course's own fields."""

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from courses.models import CoursePage
from tests.factories.courses import make_centre, make_course
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, home):
    user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    return client


def _post(client, course, *, sessions, **fields):
    data = {
        "title": course.title,
        "slug": course.slug,
        "summary": course.summary,
        "body": streamfield([]),
        "topics": "Tin học",
        "audience": "nguoi-lon",
        "language": "vi",
        "delivery_mode": "truc-tiep",
        "join_url": "",
        "location": "",
        "instructor": "",
        "total_hours": "4",
        "capacity": "20",
        "enrollment_opens": "",
        "enrollment_closes": "",
        "fee": "0",
        "completion_threshold_percent": "80",
        # The course's existing session is posted as deleted, so `sessions` is the schedule.
        "sessions": inline_formset(
            [
                {**_session(old.date, "08:00", "10:00"), "id": old.pk, "DELETE": "1"}
                for old in course.sessions.all()
            ]
            + sessions,
            initial=course.sessions.count(),
        ),
        "digital_skill_areas": [],
        "learner_indicators": [],
    }
    data.update(fields)
    return client.post(f"/admin/pages/{course.pk}/edit/", nested_form_data(data))


def _session(day: dt.date, start: str, end: str) -> dict:
    return {"date": day.isoformat(), "start_time": start, "end_time": end, "room": ""}


def _errors(response) -> str:
    return response.content.decode()


def test_admin_saves_a_valid_course(admin_client):
    course = make_course(centre=make_centre())
    day = timezone.localdate() + dt.timedelta(days=5)
    response = _post(
        admin_client,
        course,
        sessions=[_session(day, "08:00", "10:00"), _session(day, "14:00", "16:00")],
    )
    assert response.status_code == 302, _errors(response)[:3000]
    draft = CoursePage.objects.get(pk=course.pk).get_latest_revision_as_object()
    assert len(draft.sessions.all()) == 2


@pytest.mark.parametrize(
    "sessions, fields, message",
    [
        ([("08:00", "07:00")], {}, "Giờ kết thúc phải sau giờ bắt đầu."),
        ([("08:00", "10:00"), ("09:30", "11:00")], {}, "trùng giờ"),
        ([], {}, "Khóa học cần ít nhất một buổi học."),
        ([("08:00", "10:00")], {"capacity": "0"}, "Số chỗ phải từ 1 trở lên"),
        ([("08:00", "10:00")], {"delivery_mode": "truc-tuyen"}, "cần có đường dẫn"),
        (
            [("08:00", "10:00")],
            {"enrollment_closes": "AFTER"},
            "Hạn đóng đăng ký phải trước khi buổi học cuối cùng kết thúc.",
        ),
        (
            [("08:00", "10:00")],
            {"enrollment_opens": "AFTER", "enrollment_closes": "BEFORE"},
            "mở đăng ký phải trước",
        ),
    ],
)
def test_admin_refuses_bad_schedule_with_vietnamese_message(
    admin_client, sessions, fields, message
):
    course = make_course(centre=make_centre())
    day = timezone.localdate() + dt.timedelta(days=5)
    stamps = {
        "AFTER": (day + dt.timedelta(days=1)).strftime("%Y-%m-%d 09:00"),
        "BEFORE": (day - dt.timedelta(days=2)).strftime("%Y-%m-%d 09:00"),
    }
    fields = {k: stamps.get(v, v) for k, v in fields.items()}
    response = _post(
        admin_client, course, sessions=[_session(day, s, e) for s, e in sessions], **fields
    )
    assert response.status_code == 200
    assert message in _errors(response)
    assert CoursePage.objects.get(pk=course.pk).get_latest_revision() is None


def test_staff_see_indicator_provenance_in_the_admin(admin_client):
    from django.urls import reverse

    html = admin_client.get(reverse("citizen_skills_indicator:index")).content.decode()
    assert "CS5" in html and "read (2020 draft wording)" in html


def test_admin_creates_a_course_linked_to_its_centre(admin_client):
    centre = make_centre()
    day = timezone.localdate() + dt.timedelta(days=4)
    data = {
        "title": "Tiếng Anh giao tiếp",
        "slug": "tieng-anh-giao-tiep",
        "summary": "Học nói tiếng Anh qua tình huống hằng ngày.",
        "body": streamfield([]),
        "topics": "Ngoại ngữ",
        "audience": "thanh-nien",
        "language": "en",
        "delivery_mode": "truc-tiep",
        "total_hours": "10",
        "capacity": "25",
        "fee": "0",
        "completion_threshold_percent": "80",
        "sessions": inline_formset([_session(day, "19:00", "21:00")]),
        "action-publish": "1",
    }
    response = admin_client.post(
        f"/admin/pages/add/courses/coursepage/{centre.pk}/", nested_form_data(data)
    )
    assert response.status_code == 302, _errors(response)[:2000]
    course = CoursePage.objects.get(slug="tieng-anh-giao-tiep")
    assert course.live and course.centre_id == centre.pk
    assert "tieng anh giao tiep" in course.search_folded and "ngoai ngu" in course.search_folded
    assert course.sessions.count() == 1
