"""Writes for enrollment, waitlist, attendance and completion.

Seats: every function that can change who holds a seat first locks the course row
(`SELECT ... FOR UPDATE` on `courses_coursepage`), so on PostgreSQL concurrent requests for
one course are serialised while other courses proceed in parallel; on SQLite a write
transaction is exclusive anyway. Waitlist order is the enrollment id: ids come from the
database sequence while the lock is held, so id order is arrival order.

Side effects (notifications) run in `transaction.on_commit`. Attendance and completion
write the resident's learning record only through `citizen_profiles.services`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from citizen_profiles.models import Citizen
from citizen_profiles.services import participation_record, participation_withdraw

from .models import Attendance, CoursePage, CourseSession, Enrollment
from .notifications import notify

ATTENDANCE_SOURCE_TYPE = "courses.session"
COMPLETION_SOURCE_TYPE = "courses.course"


class EnrollmentError(Exception):
    """A rule refused the action; `message` is shown to the user as is (Vietnamese)."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


class AttendanceError(EnrollmentError):
    pass


# --------------------------------------------------------------------------- enrollment


def _lock_course(course: CoursePage) -> CoursePage:
    # of=("self",) locks only the courses_coursepage row, not Wagtail's page row, so page
    # edits and publishing are not blocked by enrollments.
    return (
        CoursePage.objects.select_for_update(of=("self",))
        .only("id", "title", "capacity", "enrollment_opens", "enrollment_closes", "live")
        .get(pk=course.pk)
    )


def enrollment_window_error(course: CoursePage, now: datetime.datetime | None = None) -> str:
    """Why enrollment is closed now, or "" when it is open."""
    now = now or timezone.now()
    if not course.live:
        return _("Khóa học này chưa được công bố.")
    if course.enrollment_opens and now < course.enrollment_opens:
        opens = timezone.localtime(course.enrollment_opens)
        return _("Khóa học chưa mở đăng ký (mở từ %(when)s).") % {
            "when": opens.strftime("%H:%M %d/%m/%Y")
        }
    if course.enrollment_closes and now > course.enrollment_closes:
        return _("Khóa học đã hết hạn đăng ký.")
    return ""


def _seats_taken(course: CoursePage) -> int:
    return Enrollment.objects.filter(course=course).attending().count()


def _log(instance, action: str, user=None, **data) -> None:
    log(instance=instance, action=action, user=user, data=data)


def _notify_later(citizen: Citizen, subject: str, body: str) -> None:
    transaction.on_commit(lambda: notify(citizen, subject, body))


@transaction.atomic
def enrollment_create(*, course: CoursePage, citizen: Citizen, by=None) -> Enrollment:
    """Enroll a resident: confirmed while seats are left, otherwise at the end of the
    waitlist. Refused outside the enrollment window and when already enrolled.
    `by` is the staff user for an assisted enrollment."""
    locked = _lock_course(course)
    problem = enrollment_window_error(locked)
    if problem:
        raise EnrollmentError(problem, "window")
    duplicate = (
        _("Người học này đã đăng ký khóa học rồi.")
        if by is not None
        else _("Bạn đã đăng ký khóa học này rồi.")
    )
    if Enrollment.objects.active().filter(course=locked, citizen=citizen).exists():
        raise EnrollmentError(duplicate, "duplicate")
    taken = _seats_taken(locked)
    status = (
        Enrollment.Status.CONFIRMED if taken < locked.capacity else Enrollment.Status.WAITLISTED
    )
    try:
        with transaction.atomic():
            enrollment = Enrollment.objects.create(
                course=locked,
                citizen=citizen,
                status=status,
                enrolled_by=by,
                confirmed_at=timezone.now() if status == Enrollment.Status.CONFIRMED else None,
            )
    except IntegrityError as exc:  # the partial unique constraint, should the lock be bypassed
        raise EnrollmentError(duplicate, "duplicate") from exc
    _log(
        enrollment,
        "courses.enroll",
        by,
        course=locked.pk,
        citizen=citizen.pk,
        status=status,
        assisted=by is not None,
    )
    if status == Enrollment.Status.CONFIRMED:
        subject = _("Đăng ký thành công: %(course)s") % {"course": locked.title}
        body = _("Bạn đã có chỗ trong khóa học “%(course)s”.") % {"course": locked.title}
    else:
        subject = _("Bạn đang trong danh sách chờ: %(course)s") % {"course": locked.title}
        body = _(
            "Khóa học “%(course)s” đã đủ chỗ. Bạn ở danh sách chờ và sẽ được báo khi có chỗ."
        ) % {"course": locked.title}
    _notify_later(citizen, subject, body)
    return enrollment


def _promote(course: CoursePage, by=None) -> list[Enrollment]:
    """Fill free seats from the head of the waitlist. The caller holds the course lock."""
    free = course.capacity - _seats_taken(course)
    if free <= 0:
        return []
    promoted = list(
        Enrollment.objects.filter(course=course)
        .waitlisted()
        .select_related("citizen__user")
        .select_for_update(of=("self",))[:free]
    )
    now = timezone.now()
    for enrollment in promoted:
        enrollment.status = Enrollment.Status.CONFIRMED
        enrollment.confirmed_at = now
        enrollment.save(update_fields=["status", "confirmed_at", "updated_at"])
        _log(enrollment, "courses.promote", by, course=course.pk, citizen=enrollment.citizen_id)
        _notify_later(
            enrollment.citizen,
            _("Đã có chỗ cho bạn: %(course)s") % {"course": course.title},
            _(
                "Một chỗ trong khóa học “%(course)s” vừa trống và đã được dành cho bạn. "
                "Nếu không tham gia được, xin hủy đăng ký để nhường chỗ cho người khác."
            )
            % {"course": course.title},
        )
    return promoted


def _end_enrollment(*, enrollment: Enrollment, status: str, by, reason: str, action: str):
    locked_course = _lock_course(enrollment.course)
    current = Enrollment.objects.select_for_update(of=("self",)).get(pk=enrollment.pk)
    if current.status not in (Enrollment.Status.CONFIRMED, Enrollment.Status.WAITLISTED):
        raise EnrollmentError(
            _("Không thể hủy: đăng ký đang ở trạng thái “%(status)s”.")
            % {"status": current.get_status_display()},
            "state",
        )
    held_seat = current.status == Enrollment.Status.CONFIRMED
    current.status = status
    current.cancelled_at = timezone.now()
    current.removal_reason = reason[:255]
    current.save(update_fields=["status", "cancelled_at", "removal_reason", "updated_at"])
    _log(current, action, by, course=locked_course.pk, citizen=current.citizen_id, reason=reason)
    promoted = _promote(locked_course, by) if held_seat else []
    enrollment.status = current.status
    return current, promoted


@transaction.atomic
def enrollment_cancel(*, enrollment: Enrollment, by=None) -> list[Enrollment]:
    """The resident (or staff on their behalf) cancels; a freed seat goes to the first on
    the waitlist in the same transaction. Returns the promoted enrollments."""
    _current, promoted = _end_enrollment(
        enrollment=enrollment,
        status=Enrollment.Status.CANCELLED,
        by=by,
        reason="",
        action="courses.cancel",
    )
    return promoted


@transaction.atomic
def enrollment_remove(*, enrollment: Enrollment, by, reason: str) -> list[Enrollment]:
    """Staff take a resident off the course (with a reason); the seat is re-allocated."""
    reason = (reason or "").strip()
    if not reason:
        raise EnrollmentError(_("Cần ghi lý do rút tên."), "reason")
    current, promoted = _end_enrollment(
        enrollment=enrollment,
        status=Enrollment.Status.REMOVED,
        by=by,
        reason=reason,
        action="courses.remove",
    )
    course_title = enrollment.course.title
    _notify_later(
        current.citizen,
        _("Bạn đã được rút tên khỏi khóa học: %(course)s") % {"course": course_title},
        _("Lý do: %(reason)s") % {"reason": reason},
    )
    return promoted


@transaction.atomic
def course_capacity_changed(*, course: CoursePage, by=None) -> list[Enrollment]:
    """Call after a course's capacity is saved: promotes from the waitlist into new seats.
    Lowering the capacity never removes anyone already confirmed."""
    return _promote(_lock_course(course), by)


def waitlist_position(enrollment: Enrollment) -> int | None:
    """1-based place in the course's waitlist, or None when not waitlisted."""
    if enrollment.status != Enrollment.Status.WAITLISTED:
        return None
    return Enrollment.objects.filter(
        course_id=enrollment.course_id,
        status=Enrollment.Status.WAITLISTED,
        id__lte=enrollment.id,
    ).count()


# --------------------------------------------------------------------------- attendance


def session_hours(session: CourseSession) -> Decimal:
    start = datetime.datetime.combine(session.date, session.start_time)
    end = datetime.datetime.combine(session.date, session.end_time)
    hours = Decimal(max((end - start).total_seconds(), 0)) / Decimal(3600)
    return hours.quantize(Decimal("0.1"))


def _course_topics(course: CoursePage) -> list[str]:
    return [tag.name for tag in course.topics.all()]


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
    }


def _write_attendance_record(attendance: Attendance, course: CoursePage, topics: list[str]):
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
        _write_attendance_record(attendance, course, _course_topics(course))
    _log(
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
        _completion_apply(enrollment=enrollment, course=course, by=by)
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


# --------------------------------------------------------------------------- completion


def _completion_apply(
    *,
    enrollment: Enrollment,
    course: CoursePage,
    by=None,
    present: int | None = None,
    total: int | None = None,
    topics: list[str] | None = None,
) -> bool | None:
    """Set completed/confirmed for one enrollment from the rule or the override; write or
    withdraw the completion record on a change. Returns the new completed state, or None
    when the enrollment is not one that can complete."""
    if enrollment.status not in (Enrollment.Status.CONFIRMED, Enrollment.Status.COMPLETED):
        return None
    if enrollment.completion_override is not None:
        completed = enrollment.completion_override
    else:
        if total is None:
            total = CourseSession.objects.filter(course_id=course.pk).count()
        if present is None:
            present = Attendance.objects.filter(
                enrollment__course_id=course.pk,
                citizen_id=enrollment.citizen_id,
                status=Attendance.Status.PRESENT,
            ).count()
        threshold = getattr(course, "completion_threshold_percent", 80) or 80
        completed = total > 0 and present * 100 >= threshold * total
    was_completed = enrollment.status == Enrollment.Status.COMPLETED
    if completed == was_completed:
        return completed
    enrollment.status = Enrollment.Status.COMPLETED if completed else Enrollment.Status.CONFIRMED
    enrollment.save(update_fields=["status", "updated_at"])
    citizen = enrollment.citizen
    if completed:
        last = CourseSession.objects.filter(course_id=course.pk).order_by("-date").first()
        participation_record(
            citizen=citizen,
            kind="completion",
            title=course.title,
            hours=course.total_hours,
            date=last.date if last else timezone.localdate(),
            source_type=COMPLETION_SOURCE_TYPE,
            source_id=str(course.pk),
            topics=topics if topics is not None else _course_topics(course),
        )
    else:
        participation_withdraw(
            citizen=citizen,
            kind="completion",
            source_type=COMPLETION_SOURCE_TYPE,
            source_id=str(course.pk),
        )
    _log(
        enrollment,
        "courses.complete" if completed else "courses.uncomplete",
        by,
        course=course.pk,
        citizen=enrollment.citizen_id,
        override=enrollment.completion_override,
    )
    return completed


def _rule_says_completed(enrollment: Enrollment, present: int, total: int, threshold: int):
    if enrollment.completion_override is not None:
        return enrollment.completion_override
    return total > 0 and present * 100 >= threshold * total


@transaction.atomic
def completion_evaluate(*, course: CoursePage, by=None) -> dict[str, int]:
    """Apply the course's completion rule (present at ≥ completion_threshold_percent of its
    sessions; 80 % by default; a staff override wins) to every enrollment holding a seat.
    Batched: one UPDATE per direction, bulk log entries and the bulk participation write,
    so an imported sheet can complete hundreds at once."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    from citizen_profiles import services as participation_services

    total = CourseSession.objects.filter(course_id=course.pk).count()
    threshold = course.completion_threshold_percent or 80
    enrollments = list(
        Enrollment.objects.filter(course=course)
        .attending()
        .select_related("citizen")
        .annotate(
            present=Count(
                "citizen__attendances",
                filter=Q(
                    citizen__attendances__session__course_id=course.pk,
                    citizen__attendances__status=Attendance.Status.PRESENT,
                ),
            )
        )
    )
    done, undone = [], []
    for enrollment in enrollments:
        completed = _rule_says_completed(enrollment, enrollment.present, total, threshold)
        if completed and enrollment.status != Enrollment.Status.COMPLETED:
            done.append(enrollment)
        elif not completed and enrollment.status == Enrollment.Status.COMPLETED:
            undone.append(enrollment)
    counts = {
        "completed": sum(
            1 for e in enrollments if _rule_says_completed(e, e.present, total, threshold)
        ),
    }
    counts["not_completed"] = len(enrollments) - counts["completed"]
    if not (done or undone):
        return counts
    Enrollment.objects.filter(pk__in=[e.pk for e in done]).update(
        status=Enrollment.Status.COMPLETED, updated_at=timezone.now()
    )
    Enrollment.objects.filter(pk__in=[e.pk for e in undone]).update(
        status=Enrollment.Status.CONFIRMED, updated_at=timezone.now()
    )
    if done:
        last = CourseSession.objects.filter(course_id=course.pk).order_by("-date").first()
        fields = {
            "kind": "completion",
            "title": course.title,
            "hours": course.total_hours,
            "date": last.date if last else timezone.localdate(),
            "source_type": COMPLETION_SOURCE_TYPE,
            "source_id": str(course.pk),
            "topics": _course_topics(course),
        }
        participation_services.participation_record_many(
            records=[{**fields, "citizen": e.citizen} for e in done]
        )
    for e in undone:
        participation_withdraw(
            citizen=e.citizen,
            kind="completion",
            source_type=COMPLETION_SOURCE_TYPE,
            source_id=str(course.pk),
        )
    content_type = ContentType.objects.get_for_model(Enrollment)
    now = timezone.now()
    ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type=content_type,
                label=f"{e.citizen} – {course.title}",
                action="courses.complete" if e in done else "courses.uncomplete",
                data={"course": course.pk, "citizen": e.citizen_id, "present": e.present},
                timestamp=now,
                user=by,
                object_id=str(e.pk),
            )
            for e in done + undone
        ],
        batch_size=1000,
    )
    return counts


@transaction.atomic
def completion_override(
    *, enrollment: Enrollment, completed: bool | None, reason: str, by
) -> Enrollment:
    """Staff decide completion regardless of the rule (`None` returns to the rule)."""
    reason = (reason or "").strip()
    if completed is not None and not reason:
        raise EnrollmentError(_("Cần ghi lý do khi ghi đè kết quả hoàn thành."), "reason")
    enrollment = Enrollment.objects.select_for_update(of=("self",)).get(pk=enrollment.pk)
    if enrollment.status not in (Enrollment.Status.CONFIRMED, Enrollment.Status.COMPLETED):
        raise EnrollmentError(_("Chỉ ghi đè được cho người học đã có chỗ."), "state")
    enrollment.completion_override = completed
    enrollment.completion_override_reason = reason[:255]
    enrollment.save(
        update_fields=["completion_override", "completion_override_reason", "updated_at"]
    )
    _log(
        enrollment,
        "courses.completion_override",
        by,
        completed=completed,
        reason=reason,
    )
    course = CoursePage.objects.get(pk=enrollment.course_id)
    _completion_apply(enrollment=enrollment, course=course, by=by)
    return enrollment
