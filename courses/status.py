"""A course's enrollment status as residents read it on cards and course pages: open,
closing on …, full (waitlist), opens on …, closed, finished.

The enrollment window rule (opens ≤ now ≤ closes, either end optional) is the one
`courses.services.enrollment.enrollment_window_error` enforces; here it is also written as
query conditions so listings can filter and sort on it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: An open course whose enrollment closes within this many days says "closing on …".
CLOSING_SOON_DAYS = 7


class Status:
    OPEN = "open"
    CLOSING = "closing"
    FULL = "full"
    OPENS_LATER = "opens"
    CLOSED = "closed"
    FINISHED = "finished"


def open_now_q(now: dt.datetime) -> Q:
    """Courses whose enrollment window contains `now`."""
    return (Q(enrollment_opens__isnull=True) | Q(enrollment_opens__lte=now)) & (
        Q(enrollment_closes__isnull=True) | Q(enrollment_closes__gte=now)
    )


def opens_later_q(now: dt.datetime) -> Q:
    return Q(enrollment_opens__gt=now)


def joinable_q(now: dt.datetime) -> Q:
    """What listings show by default: open now, or opening later (not closed)."""
    return open_now_q(now) | opens_later_q(now)


def joinable_rank(now: dt.datetime) -> Case:
    """0 for courses open now, 1 otherwise: listings put what one can join first."""
    return Case(When(open_now_q(now), then=Value(0)), default=Value(1), output_field=IntegerField())


_LABELS = {
    Status.OPEN: _("Đang mở đăng ký"),
    Status.FULL: _("Hết chỗ — nhận danh sách chờ"),
    Status.CLOSED: _("Đã hết hạn đăng ký"),
    Status.FINISHED: _("Đã kết thúc"),
}


@dataclass(frozen=True)
class CourseStatus:
    code: str
    when: dt.datetime | None = None

    @property
    def day(self) -> str:
        return timezone.localtime(self.when).strftime("%d/%m/%Y") if self.when else ""

    @property
    def label(self) -> str:
        if self.code == Status.CLOSING:
            return _("Hạn đăng ký %(day)s") % {"day": self.day}
        if self.code == Status.OPENS_LATER:
            return _("Mở đăng ký từ %(day)s") % {"day": self.day}
        return str(_LABELS[self.code])

    @property
    def joinable(self) -> bool:
        return self.code in (Status.OPEN, Status.CLOSING, Status.FULL)


def course_status(
    *,
    opens: dt.datetime | None,
    closes: dt.datetime | None,
    seats_left: int,
    last_date: dt.date | None,
    now: dt.datetime | None = None,
) -> CourseStatus:
    now = now or timezone.now()
    if last_date is not None and last_date < timezone.localdate(now):
        return CourseStatus(Status.FINISHED)
    if opens is not None and now < opens:
        return CourseStatus(Status.OPENS_LATER, opens)
    if closes is not None and now > closes:
        return CourseStatus(Status.CLOSED, closes)
    if seats_left <= 0:
        return CourseStatus(Status.FULL)
    if closes is not None and closes - now <= dt.timedelta(days=CLOSING_SOON_DAYS):
        return CourseStatus(Status.CLOSING, closes)
    return CourseStatus(Status.OPEN)
