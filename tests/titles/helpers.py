"""Helpers for the titles' tests: people with records, and staff with step permissions."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Permission

from citizen_profiles.models import ParticipationRecord
from tests.factories.people import CitizenFactory, make_centre, make_centre_manager

_n = [0]


def record(citizen, *, kind="attendance", hours="10", year=2025, title="Buổi học", topics=""):
    _n[0] += 1
    if kind in ("completion", "declared") and "kỹ năng số" in f"{title} {topics}".lower():
        give_basic_digital_skills(citizen, datetime.date(year, 5, 1))
    return ParticipationRecord.objects.create(
        citizen=citizen,
        kind=kind,
        title=title,
        topics=topics,
        hours=Decimal(hours),
        date=datetime.date(year, 5, 1),
        source_type="test",
        source_id=str(_n[0]),
    )


def learner(ward, *, hours="20", courses=1, digital=True, year=2025, **fields):
    """A resident meeting every computed Citizen Learner indicator (by default)."""
    citizen = CitizenFactory(ward=ward, **fields)
    if hours:
        record(citizen, hours=hours, year=year)
    for _ in range(courses):
        record(citizen, kind="completion", hours="0", year=year, title="Khóa học")
    if digital:
        record(
            citizen,
            kind="completion",
            hours="0",
            year=year,
            title="Kỹ năng số cơ bản",
            topics="Kỹ năng số",
        )
    return citizen


def staff(ward, *perms, **user_fields):
    """A ward's centre manager holding the given citizen_titles permissions."""
    from learning_centers.models import LearningCenterPage

    centre = LearningCenterPage.objects.filter(ward=ward).first() or make_centre(ward)
    user = make_centre_manager(centre, **user_fields)
    for codename in perms:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="citizen_titles", codename=codename)
        )
    return type(user).objects.get(pk=user.pk)  # fresh permission cache


ALL_STEPS = (
    "view_evaluation",
    "submit_evaluation",
    "verify_evaluation",
    "recognise_evaluation",
    "revoke_evaluation",
    "run_evaluation",
)


def give_basic_digital_skills(citizen, day):
    """What finishing a digital-skills course does in the real flow (the courses' completion
    hook records the course's skills): here every skill of the framework in force, so the
    framework's rule is met."""
    from citizen_profiles.skills.models import Attainment, Skill
    from citizen_profiles.skills.selectors import current_framework
    from tests.factories.skills import make_framework

    framework = current_framework() or make_framework()
    for skill in Skill.objects.filter(framework=framework):
        Attainment.objects.get_or_create(
            citizen=citizen,
            skill=skill,
            source_type="test.course",
            source_id="1",
            defaults={"attained_on": day, "source": "course"},
        )
