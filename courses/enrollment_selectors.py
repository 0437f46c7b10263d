"""Reads for enrollment pages, rosters, exports and feeds (composed QuerySets, no writes)."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from wagtail.permission_policies.pages import PagePermissionPolicy

from citizen_profiles.models import Citizen
from citizen_profiles.selectors import citizen_for_user  # noqa: F401 - views read it here
from search.text import fold

from .calendar import parse_feed_token, resident_feed_token
from .models import Attendance, CalendarFeedKey, CoursePage, CourseSession, Enrollment
from .services import enrollment_window_error, waitlist_position
from .status import course_status


def can_manage_course(user, course: CoursePage) -> bool:
    """Centre staff manage a course's enrollments and attendance iff they may edit its page
    (centre-scoped page permissions from the centres work)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return course.permissions_for_user(user).can_edit()


def manageable_course_ids(user) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    pages = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return set(CoursePage.objects.filter(pk__in=pages.values("pk")).values_list("pk", flat=True))


def seat_counts(course: CoursePage) -> dict[str, int]:
    counts = Enrollment.objects.filter(course=course).aggregate(
        taken=Count("id", filter=Q(status__in=Enrollment.SEAT_HOLDING_STATUSES)),
        waiting=Count("id", filter=Q(status="waitlisted")),
    )
    counts["left"] = max(course.capacity - counts["taken"], 0)
    return counts


def enrollment_box_context(course: CoursePage, request) -> dict:
    """Everything `courses/includes/enrollment_box.html` shows for this visitor."""
    counts = seat_counts(course)
    citizen = citizen_for_user(request.user)
    enrollment = None
    if citizen:
        enrollment = Enrollment.objects.filter(course=course, citizen=citizen).active().first()
    return {
        "course": course,
        "capacity": course.capacity,
        "seats_left": counts["left"],
        "waiting": counts["waiting"],
        "window_error": enrollment_window_error(course),
        "is_authenticated": request.user.is_authenticated,
        "has_citizen": citizen is not None,
        "enrollment": enrollment,
        "position": waitlist_position(enrollment) if enrollment else None,
        "enroll_url": reverse("courses:enroll", args=[course.pk]),
        "cancel_url": reverse("courses:cancel", args=[enrollment.pk]) if enrollment else "",
        "calendar_url": course.url + "lich.ics" if course.url else "",
        "login_url": f"{settings.LOGIN_URL}?{urlencode({'next': course.url or '/'})}",
        "status": course_status(
            opens=course.enrollment_opens,
            closes=course.enrollment_closes,
            seats_left=counts["left"],
            last_date=course.last_session_date,
        ),
    }


def _position_subquery():
    return Subquery(
        Enrollment.objects.filter(
            course_id=OuterRef("course_id"), status="waitlisted", id__lte=OuterRef("id")
        )
        .order_by()
        .values("course_id")
        .annotate(n=Count("id"))
        .values("n"),
        output_field=IntegerField(),
    )


def my_enrollments(citizen: Citizen):
    """A resident's enrollments, newest first, with waitlist position and sessions."""
    return (
        Enrollment.objects.filter(citizen=citizen)
        .select_related("course")
        .annotate(position=_position_subquery())
        .prefetch_related(
            Prefetch("course__sessions", queryset=CourseSession.objects.order_by("date"))
        )
        .order_by("-id")
    )


def feed_version(citizen_id: int) -> int:
    """The current version of a resident's private feed address (0 until first replaced)."""
    version = (
        CalendarFeedKey.objects.filter(citizen_id=citizen_id)
        .values_list("version", flat=True)
        .first()
    )
    return version or 0


def resident_feed_url(citizen: Citizen) -> str:
    token = resident_feed_token(citizen, feed_version(citizen.pk))
    return reverse("courses:resident_calendar", args=[token])


def citizen_id_for_feed_token(token: str) -> int | None:
    """The resident whose current feed address carries `token`; None for a forged token, a
    replaced address or a deleted resident."""
    parsed = parse_feed_token(token)
    if parsed is None:
        return None
    citizen_id, version = parsed
    if not Citizen.objects.filter(pk=citizen_id).exists() or feed_version(citizen_id) != version:
        return None
    return citizen_id


def resident_sessions(citizen_id: int):
    course_ids = (
        Enrollment.objects.filter(citizen_id=citizen_id)
        .filter(status__in=["confirmed", "waitlisted", "completed"])
        .values("course_id")
    )
    return CourseSession.objects.filter(course_id__in=course_ids).select_related("course")


def centre_sessions(centre):
    courses = CoursePage.objects.live().descendant_of(centre).values("pk")
    return CourseSession.objects.filter(course_id__in=courses).select_related("course")


def roster(session: CourseSession):
    """(enrollment, attendance status or None) for everyone holding a seat, in natural name
    order ("Học viên 2" before "Học viên 10"; Vietnamese letters in alphabet order)."""
    statuses = dict(Attendance.objects.filter(session=session).values_list("citizen_id", "status"))
    enrollments = (
        Enrollment.objects.filter(course_id=session.course_id)
        .attending()
        .select_related("citizen")
        .order_by("id")
    )
    rows = sorted(enrollments, key=lambda e: (natural_name_key(e.citizen.full_name), e.pk))
    return [(e, statuses.get(e.citizen_id)) for e in rows]


_NUMBER = re.compile(r"(\d+)")


def natural_name_key(name: str) -> tuple:
    """Sort key: folded text with numbers compared as numbers (what staff expect on a
    roster; plain text order puts 10 and 11 before 2)."""
    parts = _NUMBER.split(fold(name or ""))
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in parts if part)


def course_enrollments(course: CoursePage):
    return (
        Enrollment.objects.filter(course=course)
        .select_related("citizen", "citizen__ward", "enrolled_by")
        .annotate(position=_position_subquery())
        .annotate(
            present=Count("attendances", filter=Q(attendances__status=Attendance.Status.PRESENT))
        )
        .order_by("id")
    )


def attendance_matrix(course: CoursePage):
    """Sessions, and rows of (enrollment, [status per session]) for the attendance sheet."""
    sessions = list(CourseSession.objects.filter(course=course).order_by("date", "start_time"))
    enrollments = list(
        Enrollment.objects.filter(course=course)
        .attending()
        .select_related("citizen")
        .order_by("citizen__full_name", "id")
    )
    marks = {
        (a["session_id"], a["citizen_id"]): a["status"]
        for a in Attendance.objects.filter(session__course=course).values(
            "session_id", "citizen_id", "status"
        )
    }
    rows = [(e, [marks.get((s.pk, e.citizen_id)) for s in sessions]) for e in enrollments]
    return sessions, rows
