from decimal import Decimal

import pytest
from wagtail.models import ModelLogEntry

from citizen_profiles.models import ParticipationRecord
from courses.models import Attendance
from courses.services import (
    AttendanceError,
    EnrollmentError,
    attendance_mark,
    attendance_mark_all_present,
    completion_evaluate,
    completion_override,
    enrollment_create,
)
from tests.factories.enrollment import CitizenFactory, make_course
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(home):
    return make_course(capacity=5, sessions=5, total_hours=Decimal("10"))


@pytest.fixture
def enrollment(course):
    return enrollment_create(course=course, citizen=CitizenFactory())


def mark(course, enrollment, n, status="present"):
    for session in list(course.sessions.all())[:n]:
        attendance_mark(session=session, enrollment=enrollment, status=status, source="roster")


def test_present_writes_participation_record_with_session_hours(course, enrollment):
    session = course.sessions.first()
    attendance_mark(session=session, citizen=enrollment.citizen, status="present", source="roster")
    record = ParticipationRecord.objects.get(citizen=enrollment.citizen, kind="attendance")
    assert record.hours == Decimal("2.0") and record.date == session.date
    assert record.source_id == str(session.pk)


def test_changing_away_from_present_withdraws_record(course, enrollment):
    session = course.sessions.first()
    attendance_mark(session=session, enrollment=enrollment, status="present", source="roster")
    attendance_mark(session=session, enrollment=enrollment, status="excused", source="roster")
    assert not ParticipationRecord.objects.filter(kind="attendance").exists()
    assert Attendance.objects.get().status == "excused"


def test_attendance_changes_are_in_audit_log(course, enrollment):
    staff = UserFactory()
    session = course.sessions.first()
    attendance_mark(
        session=session, enrollment=enrollment, status="absent", source="roster", by=staff
    )
    attendance_mark(
        session=session, enrollment=enrollment, status="present", source="roster", by=staff
    )
    entries = ModelLogEntry.objects.filter(action="courses.attendance").order_by("id")
    assert [(e.data["previous"], e.data["status"]) for e in entries] == [
        (None, "absent"),
        ("absent", "present"),
    ]
    assert all(e.user == staff for e in entries)


def test_waitlisted_resident_cannot_be_marked(course):
    course.capacity = 1
    course.save()
    enrollment_create(course=course, citizen=CitizenFactory())
    waiting = enrollment_create(course=course, citizen=CitizenFactory())
    with pytest.raises(AttendanceError):
        attendance_mark(
            session=course.sessions.first(), enrollment=waiting, status="present", source="roster"
        )


def test_all_present_marks_only_unrecorded(course, enrollment):
    other = enrollment_create(course=course, citizen=CitizenFactory())
    session = course.sessions.first()
    attendance_mark(session=session, enrollment=other, status="excused", source="roster")
    assert attendance_mark_all_present(session=session, by=UserFactory()) == 1
    statuses = dict(Attendance.objects.values_list("citizen_id", "status"))
    assert statuses == {enrollment.citizen_id: "present", other.citizen_id: "excused"}


def test_completion_at_80_percent_writes_completion_record(course, enrollment):
    mark(course, enrollment, 3)
    enrollment.refresh_from_db()
    assert enrollment.status == "confirmed"
    mark(course, enrollment, 4)  # 4/5 = 80 %
    enrollment.refresh_from_db()
    assert enrollment.status == "completed"
    record = ParticipationRecord.objects.get(kind="completion")
    assert record.hours == Decimal("10") and record.title == course.title


def test_completion_is_withdrawn_when_attendance_drops(course, enrollment):
    mark(course, enrollment, 4)
    attendance_mark(
        session=course.sessions.first(), enrollment=enrollment, status="absent", source="roster"
    )
    enrollment.refresh_from_db()
    assert enrollment.status == "confirmed"
    assert not ParticipationRecord.objects.filter(kind="completion").exists()


def test_threshold_is_configurable_per_course(course, enrollment):
    course.completion_threshold_percent = 60
    course.save()
    mark(course, enrollment, 3)
    counts = completion_evaluate(course=course)
    enrollment.refresh_from_db()
    assert enrollment.status == "completed" and counts == {"completed": 1, "not_completed": 0}


def test_override_requires_reason_and_wins_over_rule(course, enrollment):
    staff = UserFactory()
    with pytest.raises(EnrollmentError):
        completion_override(enrollment=enrollment, completed=True, reason="", by=staff)
    completion_override(enrollment=enrollment, completed=True, reason="Học bù tại nhà", by=staff)
    enrollment.refresh_from_db()
    assert enrollment.status == "completed"
    assert ParticipationRecord.objects.filter(kind="completion").count() == 1
    completion_evaluate(course=course)  # the rule alone would say no
    enrollment.refresh_from_db()
    assert enrollment.status == "completed"
    entry = ModelLogEntry.objects.get(action="courses.completion_override")
    assert entry.user == staff and entry.data["reason"] == "Học bù tại nhà"


def test_override_to_not_completed_and_back_to_rule(course, enrollment):
    mark(course, enrollment, 5)
    completion_override(enrollment=enrollment, completed=False, reason="Sai danh tính", by=None)
    enrollment.refresh_from_db()
    assert enrollment.status == "confirmed"
    assert not ParticipationRecord.objects.filter(kind="completion").exists()
    completion_override(enrollment=enrollment, completed=None, reason="", by=None)
    enrollment.refresh_from_db()
    assert enrollment.status == "completed"
