"""Completing a course records the digital skills it builds (citizen_skills); un-completing
withdraws them, leaving other sources alone. Both completion paths: one enrollment
(completion_apply via attendance / override) and the batch (completion_evaluate)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from citizen_profiles.skills import services as skill_services
from citizen_profiles.skills.models import Attainment, Skill
from courses.services import (
    attendance_mark,
    completion_evaluate,
    completion_override,
    enrollment_create,
)
from tests.factories.enrollment import CitizenFactory, make_course
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(home):
    course = make_course(capacity=5, sessions=5, total_hours=Decimal("10"))
    course.digital_skill_areas.add(
        *Skill.objects.current().filter(code__in=["an-toan-so", "dich-vu-so"])
    )
    course.save()
    return course


def mark(course, enrollment, n, status="present"):
    for session in list(course.sessions.all())[:n]:
        attendance_mark(session=session, enrollment=enrollment, status=status, source="roster")


def codes(citizen):
    return set(Attainment.objects.filter(citizen=citizen).values_list("skill__code", flat=True))


def test_completion_records_the_course_skills_and_uncompletion_withdraws_them(course):
    enrollment = enrollment_create(course=course, citizen=CitizenFactory())
    citizen = enrollment.citizen
    mark(course, enrollment, 4)
    assert codes(citizen) == {"an-toan-so", "dich-vu-so"}
    rows = Attainment.objects.filter(citizen=citizen)
    assert {(r.source, r.source_type, r.source_id) for r in rows} == {
        ("course", "courses.course", str(course.pk))
    }
    assert all(r.attained_on <= timezone.localdate() for r in rows)
    attendance_mark(
        session=course.sessions.first(), enrollment=enrollment, status="absent", source="roster"
    )
    assert codes(citizen) == set()


def test_uncompletion_keeps_a_staff_assessment_of_the_same_skill(course):
    enrollment = enrollment_create(course=course, citizen=CitizenFactory())
    skill = Skill.objects.current().get(code="an-toan-so")
    skill_services.assessment_record(
        citizen=enrollment.citizen, skill=skill, date=datetime.date(2025, 1, 2), by=UserFactory()
    )
    staff = UserFactory()
    completion_override(enrollment=enrollment, completed=True, reason="Học bù", by=staff)
    assert Attainment.objects.filter(citizen=enrollment.citizen).count() == 3
    completion_override(enrollment=enrollment, completed=False, reason="Nhầm", by=staff)
    assert list(Attainment.objects.values_list("source", flat=True)) == ["assessment"]


def test_batch_evaluation_records_and_withdraws_for_the_whole_class(course):
    enrollments = [enrollment_create(course=course, citizen=CitizenFactory()) for _ in range(3)]
    for enrollment in enrollments:
        mark(course, enrollment, 2)  # 2 of 5: not completed at the default 80 %
    assert not Attainment.objects.exists()
    course.completion_threshold_percent = 40
    course.save()
    completion_evaluate(course=course)
    assert Attainment.objects.count() == 6
    completion_evaluate(course=course)  # again: nothing doubled
    assert Attainment.objects.count() == 6
    course.completion_threshold_percent = 100
    course.save()
    completion_evaluate(course=course)
    assert not Attainment.objects.exists()


def test_a_course_without_skill_tags_records_none(home):
    course = make_course(capacity=5, sessions=1)
    enrollment = enrollment_create(course=course, citizen=CitizenFactory())
    mark(course, enrollment, 1)
    enrollment.refresh_from_db()
    assert enrollment.status == "completed" and not Attainment.objects.exists()


def test_a_new_framework_version_moves_course_tags_by_code(course):
    old = Skill.objects.current().first().framework
    copy = skill_services.framework_new_version(framework=old, version="2.0")
    skill_services.framework_make_current(framework=copy)
    course.refresh_from_db()
    tags = list(course.digital_skill_areas.all())
    assert {s.code for s in tags} == {"an-toan-so", "dich-vu-so"}
    assert {s.framework_id for s in tags} == {copy.pk}
    assert set(course.digital_skill_area_codes) == {"an-toan-so", "dich-vu-so"}
