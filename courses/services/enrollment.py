"""Enrollment and the waitlist: enroll, cancel, remove, promote when seats free up.

Every function that can change who holds a seat first locks the course row
(`SELECT ... FOR UPDATE` on `courses_coursepage`), so on PostgreSQL concurrent requests for
one course are serialised while other courses proceed in parallel; on SQLite a write
transaction is exclusive anyway. Waitlist order is the enrollment id: ids come from the
database sequence while the lock is held, so id order is arrival order. Notifications are
sent in `transaction.on_commit`.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citizen_profiles.models import Citizen
from cms.timefmt import ZONE_LABEL, local_stamp

from ..models import CoursePage, Enrollment
from .common import EnrollmentError, log_action, notify_after_commit


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
        return _("Khóa học chưa mở đăng ký (mở từ %(when)s, %(zone)s).") % {
            "when": local_stamp(course.enrollment_opens),
            "zone": ZONE_LABEL,
        }
    if course.enrollment_closes and now > course.enrollment_closes:
        return _("Khóa học đã hết hạn đăng ký.")
    return ""


def _seats_taken(course: CoursePage) -> int:
    return Enrollment.objects.filter(course=course).attending().count()


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
    log_action(
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
    notify_after_commit(citizen, subject, body)
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
        log_action(
            enrollment, "courses.promote", by, course=course.pk, citizen=enrollment.citizen_id
        )
        notify_after_commit(
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
    log_action(
        current, action, by, course=locked_course.pk, citizen=current.citizen_id, reason=reason
    )
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
    notify_after_commit(
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
