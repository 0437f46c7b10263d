import datetime

import pytest
from django.template.loader import render_to_string

from citizen_profiles.groups import selectors, services
from citizen_profiles.groups.models import HouseholdMembership
from learning_centers.models import ResidentialGroup
from tests.factories.groups import (
    ClanMembershipFactory,
    HouseholdFactory,
    HouseholdMembershipFactory,
    UnitMembershipFactory,
)
from tests.factories.people import CitizenFactory

pytestmark = pytest.mark.django_db
D = datetime.date
R = HouseholdMembership.Relation


@pytest.fixture
def moved(ward):
    """Lan lives in household A until 31/12/2023, then in B; her son stays in A."""
    lan = CitizenFactory(full_name="Nguyễn Thị Lan", birth_year=1972, ward=ward)
    son = CitizenFactory(full_name="Lê Minh Đức", birth_year=2010, ward=ward)
    a = HouseholdMembershipFactory(
        household__ward=ward, citizen=lan, relation=R.HEAD, start_date=D(2020, 1, 1)
    ).household
    HouseholdMembershipFactory(household=a, citizen=son, relation=R.CHILD, start_date=D(2020, 1, 1))
    b = HouseholdFactory(ward=ward)
    services.household_move_member(citizen=lan, to_household=b, date=D(2024, 1, 1))
    return lan, son, a, b


def test_members_on_a_date_follow_the_history(moved):
    lan, son, a, b = moved
    assert set(selectors.household_members_on(household=a, day=D(2023, 12, 31))) == {lan, son}
    assert set(selectors.household_members_on(household=a, day=D(2024, 1, 1))) == {son}
    assert set(selectors.household_members_on(household=b, day=D(2024, 1, 1))) == {lan}
    assert not selectors.household_members_on(household=b, day=D(2023, 12, 31)).exists()
    assert selectors.current_household(citizen=lan) == b


def test_adults_count_by_birth_year(moved):
    lan, son, a, _b = moved
    assert set(selectors.household_adults_on(household=a, day=D(2023, 6, 1))) == {lan}
    # The son turns 18 in 2028 (birth year 2010): counted as an adult that whole year.
    assert set(selectors.household_adults_on(household=a, day=D(2028, 1, 1))) == {son}
    CitizenFactory(birth_year=None)
    assert son in selectors.household_adults_on(household=a, day=D(2028, 1, 1))


def test_unit_and_clan_members_on_a_date(ward):
    um = UnitMembershipFactory(unit__ward=ward, start_date=D(2022, 1, 1))
    services.unit_end_membership(membership=um, end_date=D(2023, 1, 1))
    assert list(selectors.unit_members_on(unit=um.unit, day=D(2023, 1, 1))) == [um.citizen]
    assert not selectors.unit_members_on(unit=um.unit, day=D(2023, 1, 2)).exists()

    cm = ClanMembershipFactory(clan__ward=ward, start_date=D(2021, 1, 1))
    HouseholdMembershipFactory(household=cm.household, start_date=D(2021, 1, 1))
    assert list(selectors.clan_households_on(clan=cm.clan, day=D(2021, 1, 1))) == [cm.household]
    assert not selectors.clan_households_on(clan=cm.clan, day=D(2020, 12, 31)).exists()
    assert selectors.clan_members_on(clan=cm.clan, day=D(2022, 1, 1)).count() == 1


def test_residential_group_households_counts_occupied_households(ward):
    group = ResidentialGroup.objects.create(ward=ward, name="Tổ dân phố số 3")
    occupied = HouseholdMembershipFactory(
        household__ward=ward, household__residential_group=group, start_date=D(2021, 1, 1)
    ).household
    HouseholdFactory(ward=ward, residential_group=group)  # nobody lives there
    assert list(selectors.residential_group_households(group=group, day=D(2022, 1, 1))) == [
        occupied
    ]
    assert list(selectors.ward_households(ward=ward, day=D(2022, 1, 1))) == [occupied]
    assert not selectors.residential_group_households(group=group, day=D(2020, 1, 1)).exists()


def test_selectors_are_single_queries(moved, django_assert_num_queries):
    _lan, _son, a, _b = moved
    with django_assert_num_queries(1):
        list(selectors.household_adults_on(household=a, day=D(2023, 1, 1)))
    with django_assert_num_queries(1):
        selectors.household_members_on(household=a, day=D(2023, 1, 1)).count()


def test_my_learning_panel_constant_queries_and_only_household_names(
    moved, django_assert_num_queries
):
    from citizen_profiles.groups.wagtail_hooks import my_learning_groups_panel

    lan, son, a, b = moved
    for n in range(5):
        HouseholdMembershipFactory(household=b, citizen__full_name=f"Người nhà {n}")
    UnitMembershipFactory(citizen=lan, unit__name="Trường THCS Thử")
    UnitMembershipFactory(citizen=lan, unit__name="Hợp tác xã Thử")
    with django_assert_num_queries(3):
        panel = my_learning_groups_panel(lan, None, 2025)
        html = render_to_string(panel["template"], panel["context"])
    assert "Người nhà 4" in html and "Nguyễn Thị Lan" in html
    assert "Lê Minh Đức" not in html  # her former household's members are not shown
    assert "Trường THCS Thử" in html and "Hợp tác xã Thử" in html
    assert str(son.birth_year) not in html


def test_my_learning_panel_without_groups(ward, django_assert_max_num_queries):
    from citizen_profiles.groups.wagtail_hooks import my_learning_groups_panel

    alone = CitizenFactory(ward=ward)
    with django_assert_max_num_queries(2):
        panel = my_learning_groups_panel(alone, None, 2025)
        html = render_to_string(panel["template"], panel["context"])
    assert "chưa có trong hộ gia đình" in html
