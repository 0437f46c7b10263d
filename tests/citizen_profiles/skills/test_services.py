"""Attainment writes (idempotent per citizen, skill and source), the declaration hook, and
framework versions (copy, lock, make current)."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail import hooks
from wagtail.models import ModelLogEntry

from citizen_profiles.skills import services
from citizen_profiles.skills.models import Attainment, Framework, Skill
from citizen_profiles.skills.selectors import has_basic_digital_skills
from tests.factories.people import CitizenFactory
from tests.factories.skills import make_framework
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 5, 1)


@pytest.fixture
def framework():
    return make_framework()


def skill(framework, code):
    return Skill.objects.get(framework=framework, code=code)


def test_record_is_idempotent_per_citizen_skill_and_source(framework):
    citizen = CitizenFactory()
    a = skill(framework, "a")
    first = services.attainment_record(
        citizen=citizen, skill=a, date=DAY, source_type="courses.course", source_id="5"
    )
    again = services.attainment_record(
        citizen=citizen, skill=a, date=DAY, source_type="courses.course", source_id=5
    )
    assert first.pk == again.pk and first.source == Attainment.Source.COURSE
    services.attainment_record(
        citizen=citizen, skill=a, date=DAY, source_type="courses.course", source_id="6"
    )
    assert Attainment.objects.filter(citizen=citizen).count() == 2
    entry = ModelLogEntry.objects.filter(action="citizen_skills.attain").first()
    assert entry.label.startswith("Người học #") and citizen.full_name not in entry.label


def test_future_date_is_refused_and_nothing_written(framework):
    with pytest.raises(ValidationError):
        services.attainment_record(
            citizen=CitizenFactory(),
            skill=skill(framework, "a"),
            date=timezone.localdate() + datetime.timedelta(days=1),
            source_type="courses.course",
            source_id="1",
        )
    assert not Attainment.objects.exists()


def test_unknown_source_type_is_refused(framework):
    with pytest.raises(ValidationError):
        services.attainment_record(
            citizen=CitizenFactory(),
            skill=skill(framework, "a"),
            date=DAY,
            source_type="ai.guess",
            source_id="1",
        )
    assert not Attainment.objects.exists()


def test_withdraw_removes_only_that_source(framework):
    citizen = CitizenFactory()
    a = skill(framework, "a")
    services.attainment_record(
        citizen=citizen, skill=a, date=DAY, source_type="courses.course", source_id="5"
    )
    services.assessment_record(citizen=citizen, skill=a, date=DAY, by=UserFactory())
    assert services.course_attainments_withdraw(citizen=citizen, course_id=5) == 1
    assert services.course_attainments_withdraw(citizen=citizen, course_id=5) == 0
    assert list(Attainment.objects.values_list("source", flat=True)) == ["assessment"]


def test_course_attainments_map_tags_to_the_current_version_by_code(framework):
    old_a = skill(framework, "a")
    newer = make_framework((("G1", 1, ("a", "b")),))
    citizens = [CitizenFactory(), CitizenFactory()]
    created = services.course_attainments_record(
        citizens=citizens, skill_codes=[old_a.code, "zz"], date=DAY, course_id=9
    )
    assert created == 2
    assert set(Attainment.objects.values_list("skill__framework", flat=True)) == {newer.pk}
    assert (
        services.course_attainments_record(
            citizens=citizens, skill_codes=["a"], date=DAY, course_id=9
        )
        == 0
    )


def _declaration(citizen, *, kind="binh-dan-hoc-vu-so", status="verified", pk=41):
    # The contract's fields (h-decl's Declaration); a stand-in until that branch is merged.
    return SimpleNamespace(
        pk=pk,
        citizen=citizen,
        kind=kind,
        status=status,
        date=DAY,
        title="Chứng chỉ",
        hours=4,
        provider="",
        reviewed_by=None,
    )


def _fire(declaration, by=None):
    for fn in hooks.get_hooks("citizen_declaration_status_changed"):
        fn(declaration, by)


def test_verified_national_platform_certificate_gives_every_skill_and_the_rule(framework):
    citizen = CitizenFactory()
    staff = UserFactory()
    _fire(_declaration(citizen), by=staff)
    rows = Attainment.objects.filter(citizen=citizen)
    assert rows.count() == Skill.objects.filter(framework=framework).count()
    assert {r.source for r in rows} == {"national_platform"}
    assert {r.attained_on for r in rows} == {DAY}
    assert has_basic_digital_skills(citizen=citizen)
    _fire(_declaration(citizen))  # verified again: nothing doubled
    assert Attainment.objects.filter(citizen=citizen).count() == rows.count()


@pytest.mark.parametrize("status", ["rejected", "withdrawn", "pending"])
def test_certificate_no_longer_verified_removes_what_it_gave(framework, status):
    citizen = CitizenFactory()
    services.assessment_record(
        citizen=citizen, skill=skill(framework, "a"), date=DAY, by=UserFactory()
    )
    _fire(_declaration(citizen))
    _fire(_declaration(citizen, status=status))
    assert list(Attainment.objects.values_list("source", flat=True)) == ["assessment"]
    assert not has_basic_digital_skills(citizen=citizen)


def test_other_declaration_kinds_give_no_skill(framework):
    citizen = CitizenFactory()
    _fire(_declaration(citizen, kind="chung-chi"))
    assert not Attainment.objects.exists()


def test_framework_in_use_is_locked_and_a_new_version_copies_it(framework):
    assert not framework.is_in_use()
    services.check_framework_editable(framework)  # free while unused
    citizen = CitizenFactory()
    services.assessment_record(
        citizen=citizen, skill=skill(framework, "a"), date=DAY, by=UserFactory()
    )
    with pytest.raises(services.FrameworkLocked):
        services.check_framework_editable(framework)
    copy = services.framework_new_version(framework=framework, version="2.0")
    assert copy.status == "draft" and not copy.is_current and copy.previous == framework
    assert list(copy.skills.values_list("code", flat=True)) == ["a", "b", "c", "d", "e", "f"]
    assert list(copy.groups.values_list("code", "min_skills")) == [("G1", 2), ("G2", 1), ("G3", 0)]
    services.check_framework_editable(copy)
    with pytest.raises(ValidationError):
        services.framework_new_version(framework=framework, version="2.0")


def test_make_current_switches_and_calls_the_hook(framework):
    copy = services.framework_new_version(framework=framework, version="2.0")
    seen = []
    with hooks.register_temporarily(
        "citizen_skills_framework_changed", lambda old, new: seen.append((old.pk, new.pk))
    ):
        services.framework_make_current(framework=copy, by=UserFactory())
    assert list(Framework.objects.filter(is_current=True)) == [copy]
    assert seen == [(framework.pk, copy.pk)]


def test_an_empty_framework_cannot_be_made_current(framework):
    empty = Framework.objects.create(name="Rỗng", version="0")
    with pytest.raises(ValidationError):
        services.framework_make_current(framework=empty)
    assert Framework.objects.get(is_current=True) == framework
