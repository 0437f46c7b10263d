"""The one definition of learning hours (citizen_profiles.record.hours): each hour once."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from citizen_profiles import selectors
from citizen_profiles.models import Citizen, ParticipationRecord
from citizen_profiles.services import participation_record, participation_withdraw
from courses.services import (
    attendance_mark,
    completion_evaluate,
    completion_override,
    enrollment_create,
)
from tests.factories.enrollment import CitizenFactory, make_course
from tests.factories.people import ParticipationRecordFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(home):
    # 9 sessions of 2 hours = the 18-hour course of the demo resident, all in one past year.
    year = timezone.localdate().year - 1
    return make_course(
        sessions=9, total_hours=Decimal("18"), first_date=datetime.date(year, 3, 2), capacity=9
    )


def _year(course):
    return course.sessions.first().date.year


def test_eighteen_hour_course_with_nine_sessions_attended_counts_18(course):
    citizen = CitizenFactory()
    enrollment = enrollment_create(course=course, citizen=citizen)
    for session in course.sessions.all():
        attendance_mark(session=session, enrollment=enrollment, status="present", source="roster")
    completion_evaluate(course=course)
    records = ParticipationRecord.objects.filter(citizen=citizen)
    assert records.filter(kind="attendance").count() == 9
    assert records.filter(kind="completion").count() == 1
    # Stored: 9 x 2 + 18 = 36; counted once: 18.
    assert selectors.learning_hours(citizen=citizen) == Decimal("18")
    assert selectors.learning_hours(citizen=citizen, year=_year(course)) == Decimal("18")
    assert records.total_hours() == Decimal("18")
    completion = selectors.credited_records(records.filter(kind="completion")).get()
    assert completion.hours == Decimal("18") and completion.credited_hours == 0


def test_completion_by_staff_override_without_attendance_counts_course_hours(course):
    citizen = CitizenFactory()
    enrollment = enrollment_create(course=course, citizen=citizen)
    completion_override(enrollment=enrollment, completed=True, reason="Học ở nơi khác", by=None)
    assert selectors.learning_hours(citizen=citizen) == Decimal("18")


def test_partial_attendance_then_override_counts_only_attended_sessions(course):
    citizen = CitizenFactory()
    enrollment = enrollment_create(course=course, citizen=citizen)
    for session in list(course.sessions.all())[:3]:
        attendance_mark(session=session, enrollment=enrollment, status="present", source="roster")
    completion_override(enrollment=enrollment, completed=True, reason="Ốm, học bù", by=None)
    assert selectors.learning_hours(citizen=citizen) == Decimal("6")


def test_attendance_withdrawn_after_completion_gives_the_completion_its_hours(course):
    citizen = CitizenFactory()
    enrollment = enrollment_create(course=course, citizen=citizen)
    session = course.sessions.first()
    attendance_mark(session=session, enrollment=enrollment, status="present", source="roster")
    completion_override(enrollment=enrollment, completed=True, reason="Đạt", by=None)
    assert selectors.learning_hours(citizen=citizen) == Decimal("2")
    attendance_mark(session=session, enrollment=enrollment, status="absent", source="roster")
    assert selectors.learning_hours(citizen=citizen) == Decimal("18")


def test_verified_declaration_counts_its_hours():
    citizen = CitizenFactory(user=None)
    participation_record(
        citizen=citizen,
        kind="declared",
        title="Bình dân học vụ số",
        hours=Decimal("6.5"),
        date=timezone.localdate(),
        source_type="citizen_profiles.declaration",
        source_id="7",
    )
    assert selectors.learning_hours(citizen=citizen) == Decimal("6.5")
    participation_withdraw(
        citizen=citizen,
        kind="declared",
        source_type="citizen_profiles.declaration",
        source_id="7",
    )
    assert selectors.learning_hours(citizen=citizen) == 0


def test_another_persons_attendance_does_not_cancel_my_completion(course):
    me, other = CitizenFactory(), CitizenFactory()
    for citizen in (me, other):
        enrollment_create(course=course, citizen=citizen)
    attendance_mark(
        session=course.sessions.first(), citizen=other, status="present", source="roster"
    )
    completion_override(
        enrollment=me.enrollments.get(), completed=True, reason="Học bù", by=UserFactory()
    )
    assert selectors.learning_hours(citizen=me) == Decimal("18")
    assert selectors.learning_hours(citizen=other) == Decimal("2")


def test_services_name_the_activity_attendance_the_course_completion_itself(course):
    citizen = CitizenFactory()
    enrollment = enrollment_create(course=course, citizen=citizen)
    attendance_mark(
        session=course.sessions.first(), enrollment=enrollment, status="present", source="qr"
    )
    completion_override(enrollment=enrollment, completed=True, reason="Đạt", by=None)
    keys = set(ParticipationRecord.objects.values_list("kind", "activity"))
    assert keys == {
        ("attendance", f"courses.course:{course.pk}"),
        ("completion", f"courses.course:{course.pk}"),
    }


def test_year_filter_and_months():
    citizen = CitizenFactory(user=None)
    ParticipationRecordFactory(
        citizen=citizen, kind="attendance", hours=2, date=datetime.date(2025, 3, 5), activity="a:1"
    )
    ParticipationRecordFactory(
        citizen=citizen, kind="completion", hours=9, date=datetime.date(2025, 3, 30), activity="a:1"
    )
    ParticipationRecordFactory(
        citizen=citizen, kind="declared", hours=3, date=datetime.date(2025, 11, 1), activity="d:1"
    )
    ParticipationRecordFactory(
        citizen=citizen, kind="declared", hours=40, date=datetime.date(2024, 11, 1)
    )
    assert selectors.learning_hours(citizen=citizen, year=2025) == Decimal("5")
    months = selectors.learning_hours_by_month(citizen=citizen, year=2025)
    assert months[2] == Decimal("2") and months[10] == Decimal("3") and sum(months) == 5
    assert selectors.learning_hours(citizen=citizen) == Decimal("45")


def test_with_learning_hours_matches_the_one_person_answer_in_one_query(
    django_assert_num_queries,
):
    a, b, c = (CitizenFactory(user=None) for _ in range(3))
    day = datetime.date(2025, 6, 1)
    for citizen in (a, b):
        ParticipationRecordFactory(
            citizen=citizen, kind="attendance", hours=2, date=day, activity="courses.course:9"
        )
        ParticipationRecordFactory(
            citizen=citizen, kind="completion", hours=18, date=day, activity="courses.course:9"
        )
    ParticipationRecordFactory(citizen=b, kind="declared", hours=4, date=day, activity="d:1")
    ParticipationRecordFactory(citizen=c, kind="completion", hours=18, date=day, activity="x:1")
    with django_assert_num_queries(1):
        rows = dict(
            selectors.with_learning_hours(Citizen.objects.all(), year=2025).values_list(
                "pk", "learning_hours"
            )
        )
    assert rows == {a.pk: Decimal("2"), b.pk: Decimal("6"), c.pk: Decimal("18")}
    for citizen in (a, b, c):
        assert rows[citizen.pk] == selectors.learning_hours(citizen=citizen, year=2025)
    assert (
        selectors.with_learning_hours(Citizen.objects.all(), year=2024)
        .filter(learning_hours__gt=0)
        .count()
        == 0
    )
    at_least_five = selectors.with_learning_hours(Citizen.objects.all(), year=2025).filter(
        learning_hours__gte=5
    )
    assert set(at_least_five.values_list("pk", flat=True)) == {b.pk, c.pk}
