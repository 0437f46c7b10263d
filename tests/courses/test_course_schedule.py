"""The denormalised next/last session of a course (courses.models.course SCHEDULE_FIELDS):
kept exact by saves and session changes, moved on daily by `refresh_course_schedule`, and
never trusted by the catalogue when it is stale."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from courses.models import CoursePage, CourseSession
from tests.factories.courses import make_catalogue, make_centre, make_course

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    return timezone.localdate()


def stored(course) -> tuple:
    row = CoursePage.objects.values_list("next_session_date", "last_session_date").get(pk=course.pk)
    return row


def titles(html: str) -> list[str]:
    return re.findall(r"<h3><a [^>]*>([^<]+)</a></h3>", html)


def test_saving_a_course_stores_its_next_and_last_session(home):
    course = make_course(centre=make_centre(), days=(-2, 4, 9))
    assert stored(course) == (today() + dt.timedelta(days=4), today() + dt.timedelta(days=9))


def test_adding_and_deleting_a_session_updates_the_course(home):
    course = make_course(centre=make_centre(), days=(5,))
    session = CourseSession.objects.create(
        course=course,
        date=today() + dt.timedelta(days=1),
        start_time=dt.time(7),
        end_time=dt.time(8),
    )
    assert stored(course) == (today() + dt.timedelta(days=1), today() + dt.timedelta(days=5))
    CourseSession.objects.filter(course=course).exclude(pk=session.pk).get().delete()
    assert stored(course) == (today() + dt.timedelta(days=1), today() + dt.timedelta(days=1))


def test_catalogue_is_right_when_the_daily_refresh_has_not_run(client, home):
    make_catalogue()
    centre = make_centre()
    later = make_course(centre=centre, title="Khóa học buổi tới xa", days=(-1, 6))
    make_course(centre=centre, title="Khóa học buổi tới gần", days=(2,))
    # As if yesterday's values were still stored: `later` seems to start first.
    CoursePage.objects.filter(pk=later.pk).update(next_session_date=today() - dt.timedelta(days=1))
    html = client.get("/khoa-hoc/").content.decode()
    assert titles(html) == ["Khóa học buổi tới gần", "Khóa học buổi tới xa"]
    assert (today() + dt.timedelta(days=6)).strftime("%d/%m/%Y") in html

    call_command("refresh_course_schedule", "--dry-run")
    assert stored(later)[0] == today() - dt.timedelta(days=1)  # dry run writes nothing
    call_command("refresh_course_schedule")
    assert stored(later)[0] == today() + dt.timedelta(days=6)
    assert titles(client.get("/khoa-hoc/").content.decode()) == [
        "Khóa học buổi tới gần",
        "Khóa học buổi tới xa",
    ]


def test_finished_course_leaves_the_catalogue(client, home):
    make_catalogue()
    make_course(centre=make_centre(), title="Khóa học đã xong", days=(-3, -1))
    assert "Khóa học đã xong" not in client.get("/khoa-hoc/").content.decode()
