"""Completion: the attendance rule (80 % by default, per course) and the staff override;
a completed enrollment writes the resident's completion record."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from citizen_profiles.services import participation_record, participation_withdraw
from citizen_profiles.skills.services import course_attainments_record, course_attainments_withdraw

from ..models import Attendance, CoursePage, CourseSession, Enrollment
from .common import COMPLETION_SOURCE_TYPE, EnrollmentError, course_topics, log_action


def completion_apply(
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
            topics=topics if topics is not None else course_topics(course),
        )
        course_attainments_record(
            citizens=[citizen],
            skill_codes=course_skill_codes(course),
            date=last.date if last else timezone.localdate(),
            course_id=course.pk,
            by=by,
        )
    else:
        participation_withdraw(
            citizen=citizen,
            kind="completion",
            source_type=COMPLETION_SOURCE_TYPE,
            source_id=str(course.pk),
        )
        course_attainments_withdraw(citizen=citizen, course_id=course.pk, by=by)
    log_action(
        enrollment,
        "courses.complete" if completed else "courses.uncomplete",
        by,
        course=course.pk,
        citizen=enrollment.citizen_id,
        override=enrollment.completion_override,
    )
    return completed


def course_skill_codes(course: CoursePage) -> list[str]:
    """Codes of the digital skills the course builds (its tags; the skills service maps them
    to the current framework version)."""
    return list(course.digital_skill_areas.values_list("code", flat=True))


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
            "topics": course_topics(course),
        }
        participation_services.participation_record_many(
            records=[{**fields, "citizen": e.citizen} for e in done]
        )
        course_attainments_record(
            citizens=[e.citizen for e in done],
            skill_codes=course_skill_codes(course),
            date=fields["date"],
            course_id=course.pk,
            by=by,
        )
    for e in undone:
        participation_withdraw(
            citizen=e.citizen,
            kind="completion",
            source_type=COMPLETION_SOURCE_TYPE,
            source_id=str(course.pk),
        )
        course_attainments_withdraw(citizen=e.citizen, course_id=course.pk, by=by)
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
    log_action(
        enrollment,
        "courses.completion_override",
        by,
        completed=completed,
        reason=reason,
    )
    course = CoursePage.objects.get(pk=enrollment.course_id)
    completion_apply(enrollment=enrollment, course=course, by=by)
    return enrollment
