"""Attendance: roster marks, QR self check-in and the learning-record entry of each
session attended (written only through `citizen_profiles.services`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from citizen_profiles.models import Citizen
from citizen_profiles.services import participation_record, participation_withdraw

from ..models import Attendance, CoursePage, CourseSession, Enrollment
from .common import (
    ATTENDANCE_SOURCE_TYPE,
    COMPLETION_SOURCE_TYPE,
    AttendanceError,
    course_topics,
    log_action,
)
from .completion import completion_apply


def session_hours(session: CourseSession) -> Decimal:
    start = datetime.datetime.combine(session.date, session.start_time)
    end = datetime.datetime.combine(session.date, session.end_time)
    hours = Decimal(max((end - start).total_seconds(), 0)) / Decimal(3600)
    return hours.quantize(Decimal("0.1"))


def attendance_record_fields(attendance: Attendance, course: CoursePage, topics: list[str]):
    """The participation-log fields for one attendance (kwargs of participation_record)."""
    session = attendance.session
    return {
        "citizen": attendance.citizen,
        "kind": "attendance",
        "title": f"{course.title} – {session.date:%d/%m/%Y}",
        "hours": session_hours(session),
        "date": session.date,
        "source_type": ATTENDANCE_SOURCE_TYPE,
        "source_id": str(session.pk),
        "topics": topics,
        # The session is part of its course: the hours rule then counts the course's
        # completion record for nothing where attendance was recorded.
        "activity": f"{COMPLETION_SOURCE_TYPE}:{course.pk}",
    }


def write_attendance_record(attendance: Attendance, course: CoursePage, topics: list[str]):
    if attendance.status == Attendance.Status.PRESENT:
        participation_record(**attendance_record_fields(attendance, course, topics))
    else:
        participation_withdraw(
            citizen=attendance.citizen,
            kind="attendance",
            source_type=ATTENDANCE_SOURCE_TYPE,
            source_id=str(attendance.session_id),
        )


def _enrollment_for(session: CourseSession, citizen: Citizen) -> Enrollment:
    enrollment = (
        Enrollment.objects.filter(course_id=session.course_id, citizen=citizen).attending().first()
    )
    if enrollment is None:
        raise AttendanceError(
            _("Người học chưa có chỗ chính thức trong khóa học này."), "not_enrolled"
        )
    return enrollment


@dataclass
class MarkResult:
    attendance: Attendance
    created: bool
    changed: bool


@transaction.atomic
def attendance_mark(
    *,
    session: CourseSession,
    status: str,
    source: str,
    by=None,
    citizen: Citizen | None = None,
    enrollment: Enrollment | None = None,
    evaluate: bool = True,
) -> MarkResult:
    """Record one resident's attendance at one session (create or change). Present writes
    the participation record; a change away from present withdraws it. Then re-applies the
    completion rule to that enrollment."""
    if status not in Attendance.Status.values:
        raise AttendanceError(_("Trạng thái điểm danh không hợp lệ."), "status")
    if enrollment is None:
        if citizen is None:
            raise TypeError("attendance_mark needs citizen or enrollment")
        enrollment = _enrollment_for(session, citizen)
    elif enrollment.course_id != session.course_id or enrollment.status not in (
        Enrollment.Status.CONFIRMED,
        Enrollment.Status.COMPLETED,
    ):
        raise AttendanceError(
            _("Người học chưa có chỗ chính thức trong khóa học này."), "not_enrolled"
        )
    existing = (
        Attendance.objects.select_for_update()
        .filter(session=session, citizen_id=enrollment.citizen_id)
        .first()
    )
    if existing and existing.status == status:
        return MarkResult(existing, created=False, changed=False)
    old_status = existing.status if existing else None
    if existing:
        existing.status = status
        existing.source = source
        existing.recorded_by = by
        existing.enrollment = enrollment
        existing.save()
        attendance = existing
    else:
        attendance = Attendance.objects.create(
            session=session,
            enrollment=enrollment,
            citizen_id=enrollment.citizen_id,
            status=status,
            source=source,
            recorded_by=by,
        )
    attendance.session = session
    course = session.course
    if status == Attendance.Status.PRESENT or old_status == Attendance.Status.PRESENT:
        write_attendance_record(attendance, course, course_topics(course))
    log_action(
        enrollment,
        "courses.attendance",
        by,
        session=session.pk,
        date=session.date.isoformat(),
        status=status,
        previous=old_status,
        source=source,
    )
    if evaluate:
        completion_apply(enrollment=enrollment, course=course, by=by)
    return MarkResult(attendance, created=existing is None, changed=True)


@transaction.atomic
def attendance_check_in(*, session: CourseSession, citizen: Citizen) -> Attendance:
    """QR self check-in: marks present once. A second scan (or a record staff already
    made) records nothing; the token itself is validated by `courses.qr`."""
    enrollment = _enrollment_for(session, citizen)
    existing = Attendance.objects.filter(session=session, citizen=citizen).first()
    if existing is not None:
        if existing.status == Attendance.Status.PRESENT:
            raise AttendanceError(
                _("Bạn đã điểm danh buổi học này rồi; mã QR chỉ dùng được một lần."), "reused"
            )
        raise AttendanceError(
            _("Cán bộ đã ghi nhận bạn “%(status)s” ở buổi này; xin liên hệ cán bộ lớp.")
            % {"status": existing.get_status_display()},
            "recorded",
        )
    try:
        with transaction.atomic():
            result = attendance_mark(
                session=session,
                enrollment=enrollment,
                status=Attendance.Status.PRESENT,
                source=Attendance.Source.QR,
                by=citizen.user if citizen.user_id else None,
            )
    except IntegrityError as exc:  # two scans at the same instant
        raise AttendanceError(
            _("Bạn đã điểm danh buổi học này rồi; mã QR chỉ dùng được một lần."), "reused"
        ) from exc
    return result.attendance


@transaction.atomic
def attendance_mark_all_present(*, session: CourseSession, by) -> int:
    """Mark everyone holding a seat present, except those already recorded (so staff press
    it first, then change the few who are absent). Returns how many were marked."""
    recorded = set(Attendance.objects.filter(session=session).values_list("citizen_id", flat=True))
    enrollments = (
        Enrollment.objects.filter(course_id=session.course_id)
        .attending()
        .exclude(citizen_id__in=recorded)
        .select_related("citizen")
    )
    count = 0
    for enrollment in enrollments:
        attendance_mark(
            session=session,
            enrollment=enrollment,
            status=Attendance.Status.PRESENT,
            source=Attendance.Source.ROSTER,
            by=by,
        )
        count += 1
    return count
