"""The move of `courses.DigitalSkillArea` and `courses.LearnerIndicator` down to
citizen_skills (citizen_skills 0002 + courses 0008): every row keeps its primary key and
fields, every course link survives, nothing is lost (SQLite and PostgreSQL)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from citizen_profiles.skills.models import LearnerIndicator, Skill
from courses.models import CoursePage
from tests.factories.enrollment import make_course

# Transactional (schema changes cannot run inside the test's transaction); serialized
# rollback restores the migrations' reference data for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("courses", "0007_calendar_feed_key"), ("citizen_skills", "0001_initial")]


def test_moving_the_reference_tables_keeps_rows_keys_and_course_links(home):
    course_a = make_course(title="Khóa A", sessions=1)
    course_b = make_course(title="Khóa B", sessions=1)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Area = old.get_model("courses", "DigitalSkillArea")
    Indicator = old.get_model("courses", "LearnerIndicator")
    Links = old.get_model("courses", "CoursePage").digital_skill_areas.through
    IndicatorLinks = old.get_model("courses", "CoursePage").learner_indicators.through
    # An area staff might have added in the old admin: it must move too.
    Area.objects.create(code="ma-rieng", sort_order=99)
    areas = {a.code: a.pk for a in Area.objects.all()}
    Links.objects.bulk_create(
        [
            Links(coursepage_id=course_a.pk, digitalskillarea_id=areas["an-toan-so"]),
            Links(coursepage_id=course_a.pk, digitalskillarea_id=areas["ma-rieng"]),
            Links(coursepage_id=course_b.pk, digitalskillarea_id=areas["thiet-bi-so"]),
        ]
    )
    cs5 = Indicator.objects.get(code="CS5")
    IndicatorLinks.objects.create(coursepage_id=course_b.pk, learnerindicator_id=cs5.pk)
    areas_before = set(Area.objects.values_list("pk", "code"))
    indicators_before = set(
        Indicator.objects.values_list("pk", "code", "criterion_code", "text", "provenance")
    )
    links_before = set(
        Links.objects.values_list("coursepage_id", "digitalskillarea_id", "digitalskillarea__code")
    )
    indicator_links_before = set(
        IndicatorLinks.objects.values_list("coursepage_id", "learnerindicator_id")
    )
    assert len(areas_before) == 8 and len(indicators_before) == 10

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert set(Skill.objects.values_list("pk", "code")) == areas_before
    assert Skill.objects.get(code="ma-rieng").provenance == "not_found"
    assert set(Skill.objects.values_list("framework__is_current", flat=True)) == {True}
    assert (
        set(
            LearnerIndicator.objects.values_list(
                "pk", "code", "criterion_code", "text", "provenance"
            )
        )
        == indicators_before
    )
    links = CoursePage.digital_skill_areas.through.objects
    assert set(links.values_list("coursepage_id", "skill_id", "skill__code")) == links_before
    indicator_links = CoursePage.learner_indicators.through.objects
    assert set(indicator_links.values_list("coursepage_id", "learnerindicator_id")) == (
        indicator_links_before
    )
    # New rows get fresh keys after the copied ones (PostgreSQL sequences were reset).
    group = Skill.objects.get(code="ma-rieng").group
    added = Skill.objects.create(group=group, code="moi", name="Mới")
    assert added.pk > max(pk for pk, _code in areas_before)
    assert CoursePage.objects.get(pk=course_a.pk).digital_skill_area_codes
