"""Exports show times on Hanoi's clock and say so (issue 13, finding 4)."""

import datetime as dt

import pytest
from django.utils import timezone

from courses.exports import roster_rows
from courses.models import Enrollment
from courses.services.enrollment import enrollment_window_error
from tests.factories.enrollment import CitizenFactory, make_course

pytestmark = pytest.mark.django_db


def test_roster_export_time_is_hanoi_time_with_the_zone_in_the_header(home):
    course = make_course()
    enrollment = Enrollment.objects.create(
        course=course, citizen=CitizenFactory(), status=Enrollment.Status.CONFIRMED
    )
    # 18:38 UTC on 1 December is 01:38 on 2 December in Hanoi.
    Enrollment.objects.filter(pk=enrollment.pk).update(
        created_at=dt.datetime(2026, 12, 1, 18, 38, tzinfo=dt.UTC)
    )
    header, rows = roster_rows(course)
    column = next(i for i, h in enumerate(header) if str(h).startswith("Đăng ký lúc"))
    assert "UTC+7" in str(header[column])
    assert rows[0][column] == "02/12/2026 01:38"


def test_not_yet_open_message_states_hanoi_time(home):
    opens = dt.datetime(2026, 12, 1, 18, 0, tzinfo=dt.UTC)
    course = make_course(opens=opens, closes=opens + dt.timedelta(days=3))
    message = enrollment_window_error(course, now=opens - dt.timedelta(days=1))
    assert "01:00 02/12/2026" not in message  # not time-first any more
    assert "02/12/2026 01:00" in message and "UTC+7" in message
    assert timezone.get_current_timezone_name() == "Asia/Ho_Chi_Minh"
