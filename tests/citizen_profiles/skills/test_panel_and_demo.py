"""The "My learning" panel (attained with source and date, missing; constant queries), the
personal-data export, and the idempotent demo."""

import datetime

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail import hooks

from citizen_profiles.skills import demo, services
from citizen_profiles.skills.models import Attainment, Skill
from tests.factories.people import CitizenFactory, ResidentFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 6, 1)


def panel_for(citizen):
    request = RequestFactory().get("/tai-khoan/hoc-tap/")
    panels = [fn(citizen, request, 2025) for fn in hooks.get_hooks("my_learning_panels")]
    return next(p for p in panels if p and p["template"].startswith("citizen_skills/"))


def test_panel_lists_attained_with_source_and_date_and_missing():
    citizen = CitizenFactory()
    staff = UserFactory()
    services.assessment_record(
        citizen=citizen, skill=Skill.objects.current().get(code="an-toan-so"), date=DAY, by=staff
    )
    panel = panel_for(citizen)
    assert [i["skill"].code for i in panel["context"]["attained"]] == ["an-toan-so"]
    assert len(panel["context"]["missing"]) == Skill.objects.current().count() - 1
    assert panel["context"]["has_basic"] is False
    html = render_to_string(panel["template"], {"panel": panel["context"]})
    assert "Cán bộ đánh giá, 01/06/2025" in html and "chưa đạt" in html
    assert "bản nháp" in html


def test_panel_runs_a_constant_number_of_queries():
    citizen = CitizenFactory()
    staff = UserFactory()
    services.assessment_record(
        citizen=citizen, skill=Skill.objects.current().first(), date=DAY, by=staff
    )
    with CaptureQueriesContext(connection) as few:
        render_to_string(panel_for(citizen)["template"], {"panel": panel_for(citizen)["context"]})
    for skill in Skill.objects.current():
        for n in range(3):
            services.attainment_record(
                citizen=citizen, skill=skill, date=DAY, source_type="courses.course", source_id=n
            )
    with CaptureQueriesContext(connection) as many:
        render_to_string(panel_for(citizen)["template"], {"panel": panel_for(citizen)["context"]})
    assert len(many) == len(few)


def test_attainments_are_in_the_personal_data_export():
    from citizen_profiles.selectors import citizen_data_export

    citizen = ResidentFactory()
    services.assessment_record(
        citizen=citizen,
        skill=Skill.objects.current().get(code="dich-vu-so"),
        date=DAY,
        by=UserFactory(),
    )
    data = citizen_data_export(citizen=citizen)
    assert data["digital_skills"] == [
        {
            "skill": "dich-vu-so",
            "name": Skill.objects.current().get(code="dich-vu-so").name,
            "framework_version": "1.0-nháp",
            "attained_on": "2025-06-01",
            "source": "assessment",
        }
    ]


def test_demo_is_idempotent_and_gives_the_demo_residents_skills():
    from citizen_profiles import demo as people_demo
    from citizen_profiles.skills.selectors import has_basic_digital_skills
    from tests.factories.geography import WardFactory

    WardFactory()
    UserFactory(is_superuser=True, is_staff=True)
    people_demo.seed()
    demo.seed()
    from citizen_profiles.skills.services import ASSESSMENT_SOURCE_TYPE

    count = Attainment.objects.count()
    assert Attainment.objects.filter(source_type=ASSESSMENT_SOURCE_TYPE).count() == 6
    demo.seed()
    assert Attainment.objects.count() == count
    assisted = (
        Attainment.objects.filter(citizen__full_name=people_demo.ASSISTED_NAME).first().citizen
    )
    resident = (
        Attainment.objects.filter(citizen__user__phone=people_demo.DEMO_PHONE).first().citizen
    )
    assert has_basic_digital_skills(citizen=assisted)
    # The demo resident's verified "Bình dân học vụ số" certificate (declarations demo)
    # counts for every basic skill.
    assert has_basic_digital_skills(citizen=resident)
