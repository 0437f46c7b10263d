"""The rule "has basic digital skills" on hand-built frameworks, with its boundaries; the
queryset form and the one-person form must agree."""

import datetime

import pytest

from citizen_profiles.models import Citizen
from citizen_profiles.skills.selectors import has_basic_digital_skills, with_basic_digital_skills
from tests.factories.people import CitizenFactory
from tests.factories.skills import attain, make_framework

pytestmark = pytest.mark.django_db
D10, D15, D20 = datetime.date(2025, 3, 10), datetime.date(2025, 3, 15), datetime.date(2025, 3, 20)


@pytest.fixture
def framework():
    # G1 needs 2 of a, b, c; G2 needs 1 of d, e; G3 (f) is optional.
    return make_framework()


def meets(citizen, **kwargs):
    return has_basic_digital_skills(citizen=citizen, **kwargs)


def test_nobody_meets_the_rule_without_attainments(framework):
    assert not meets(CitizenFactory())


@pytest.mark.parametrize(
    "codes, expected",
    [
        (("a", "b", "d"), True),  # exactly the minimum in each required group
        (("a", "d"), False),  # one short in G1
        (("a", "b"), False),  # G2 missing
        (("a", "b", "c", "d", "e"), True),
        (("c", "b", "e", "f"), True),
        (("a", "d", "e", "f"), False),  # surplus elsewhere does not make up for G1
    ],
)
def test_minimum_skills_per_required_group(framework, codes, expected):
    citizen = CitizenFactory()
    for code in codes:
        attain(citizen, framework, code)
    assert meets(citizen) is expected


def test_the_same_skill_from_two_sources_counts_once(framework):
    citizen = CitizenFactory()
    attain(citizen, framework, "a", source="course", source_id="7")
    attain(citizen, framework, "a", source="assessment", source_id="3")
    attain(citizen, framework, "d")
    assert not meets(citizen)


def test_only_attainments_dated_on_or_before_the_day_count(framework):
    citizen = CitizenFactory()
    attain(citizen, framework, "a", day=D10)
    attain(citizen, framework, "b", day=D10)
    attain(citizen, framework, "d", day=D20)
    assert not meets(citizen, on=D15)
    assert not meets(citizen, on=D20 - datetime.timedelta(days=1))
    assert meets(citizen, on=D20)


def test_national_platform_certificate_counts_for_all_when_the_framework_says_so():
    accepting = make_framework(certificate=True)
    citizen = CitizenFactory()
    attain(citizen, accepting, "f", source="national_platform", day=D10)
    assert meets(citizen, on=D10)
    assert not meets(citizen, on=D10 - datetime.timedelta(days=1))
    refusing = make_framework(certificate=False)
    assert not meets(citizen, framework=refusing)


def test_a_framework_without_required_groups_is_met_only_by_the_certificate():
    framework = make_framework((("G", 0, ("x", "y")),), certificate=False)
    citizen = CitizenFactory()
    attain(citizen, framework, "x")
    attain(citizen, framework, "y")
    assert not meets(citizen)
    with_cert = make_framework((("G", 0, ("x",)),), certificate=True)
    attain(citizen, with_cert, "x", source="national_platform", source_id="9")
    assert meets(citizen)


def test_a_group_asking_more_skills_than_it_has_can_never_be_met():
    framework = make_framework((("G", 3, ("x", "y")),), certificate=False)
    citizen = CitizenFactory()
    attain(citizen, framework, "x")
    attain(citizen, framework, "y")
    assert not meets(citizen)


def test_attainments_of_an_earlier_version_count_by_skill_code(framework):
    citizen = CitizenFactory()
    for code in ("a", "b", "d"):
        attain(citizen, framework, code)
    newer = make_framework((("G1", 2, ("a", "b")), ("G2", 1, ("d", "z"))), certificate=False)
    assert meets(citizen, framework=newer)
    stricter = make_framework((("G1", 1, ("a",)), ("G9", 1, ("z",))), certificate=False)
    assert not meets(citizen, framework=stricter)


def test_without_a_framework_nobody_meets_the_rule():
    citizen = CitizenFactory()
    from citizen_profiles.skills.models import Framework

    Framework.objects.update(is_current=False)
    assert not meets(citizen)
    assert not with_basic_digital_skills(Citizen.objects.all()).exists()


def test_queryset_form_agrees_with_each_person_in_one_query(framework, django_assert_num_queries):
    yes1, yes2, no1, no2 = (CitizenFactory() for _ in range(4))
    for citizen in (yes1, yes2):
        for code in ("a", "c", "e"):
            attain(citizen, framework, code)
    attain(no1, framework, "a")
    attain(no2, framework, "d")
    attain(yes2, framework, "f", source="national_platform", source_id="2")
    queryset = with_basic_digital_skills(Citizen.objects.all())  # reads the rule: 3 queries
    with django_assert_num_queries(1):
        chosen = set(queryset.values_list("pk", flat=True))
    assert chosen == {yes1.pk, yes2.pk}
    assert {c.pk for c in Citizen.objects.all() if meets(c)} == chosen
