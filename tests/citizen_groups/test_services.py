import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from citizen_profiles.groups import services
from citizen_profiles.groups.models import (
    ClanMembership,
    Household,
    HouseholdMembership,
    UnitMembership,
)
from citizen_profiles.models import Citizen
from tests.factories.geography import WardFactory
from tests.factories.groups import (
    ClanFactory,
    HouseholdFactory,
    HouseholdMembershipFactory,
    UnitFactory,
)
from tests.factories.people import CitizenFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
R = HouseholdMembership.Relation
D = datetime.date
TODAY = timezone.localdate()


def test_create_household_with_head_logs_without_personal_names(ward):
    staff = UserFactory()
    head = CitizenFactory(full_name="Nguyễn Văn An", ward=ward)
    household = services.household_create(
        ward=ward, name="Hộ ông Nguyễn Văn An", head=head, start_date=D(2024, 1, 1), by=staff
    )
    membership = household.memberships.get()
    assert membership.citizen == head and membership.relation == R.HEAD
    entries = ModelLogEntry.objects.filter(object_id=str(household.pk))
    assert set(entries.values_list("action", flat=True)) == {
        "citizen_groups.household_create",
        "citizen_groups.household_member_add",
    }
    for entry in entries:
        assert entry.label == f"Hộ gia đình #{household.pk}"
        assert "Nguyễn" not in entry.label and entry.user == staff


def test_person_in_another_household_is_refused_and_nothing_written(ward):
    first = HouseholdMembershipFactory(household__ward=ward)
    other = HouseholdFactory(ward=ward)
    with pytest.raises(ValidationError) as error:
        services.household_add_member(household=other, citizen=first.citizen)
    assert "một hộ tại một thời điểm" in str(error.value)
    assert not other.memberships.exists()


def test_database_refuses_two_current_households_even_without_the_service(ward):
    first = HouseholdMembershipFactory(household__ward=ward)
    with pytest.raises(IntegrityError), transaction.atomic():
        HouseholdMembership.objects.create(
            household=HouseholdFactory(ward=ward), citizen=first.citizen, start_date=TODAY
        )


def test_adding_twice_to_the_same_household_is_refused(ward):
    m = HouseholdMembershipFactory(household__ward=ward)
    with pytest.raises(ValidationError, match="đã là thành viên của hộ này"):
        services.household_add_member(household=m.household, citizen=m.citizen)


def test_move_closes_old_membership_and_keeps_history(ward):
    old = HouseholdMembershipFactory(household__ward=ward, start_date=D(2020, 5, 1))
    new_household = HouseholdFactory(ward=ward)
    moved = services.household_move_member(
        citizen=old.citizen, to_household=new_household, relation=R.SPOUSE, date=D(2024, 3, 10)
    )
    old.refresh_from_db()
    assert old.end_date == D(2024, 3, 9)
    assert moved.household == new_household and moved.start_date == D(2024, 3, 10)
    assert moved.relation == R.SPOUSE and moved.end_date is None
    assert HouseholdMembership.objects.filter(citizen=old.citizen).count() == 2
    assert ModelLogEntry.objects.filter(
        object_id=str(old.household_id), action="citizen_groups.household_member_move_out"
    ).exists()


def test_move_before_the_old_start_is_refused(ward):
    old = HouseholdMembershipFactory(household__ward=ward, start_date=D(2024, 3, 10))
    with pytest.raises(ValidationError, match="sau ngày vào hộ cũ"):
        services.household_move_member(
            citizen=old.citizen, to_household=HouseholdFactory(ward=ward), date=D(2024, 3, 10)
        )
    old.refresh_from_db()
    assert old.end_date is None


def test_move_without_a_household_asks_for_add(ward):
    with pytest.raises(ValidationError, match="chưa thuộc hộ nào"):
        services.household_move_member(
            citizen=CitizenFactory(ward=ward), to_household=HouseholdFactory(ward=ward)
        )


def test_new_household_must_start_after_the_previous_one_ended(ward):
    old = HouseholdMembershipFactory(household__ward=ward, start_date=D(2020, 1, 1))
    services.household_end_membership(membership=old, end_date=D(2023, 6, 30))
    other = HouseholdFactory(ward=ward)
    with pytest.raises(ValidationError, match="30/06/2023"):
        services.household_add_member(
            household=other, citizen=old.citizen, start_date=D(2023, 6, 30)
        )
    ok = services.household_add_member(
        household=other, citizen=old.citizen, start_date=D(2023, 7, 1)
    )
    assert ok.start_date == D(2023, 7, 1)


def test_one_head_per_household(ward):
    head = HouseholdMembershipFactory(household__ward=ward, relation=R.HEAD)
    with pytest.raises(ValidationError, match="đã có chủ hộ"):
        services.household_add_member(
            household=head.household, citizen=CitizenFactory(ward=ward), relation=R.HEAD
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        HouseholdMembership.objects.create(
            household=head.household,
            citizen=CitizenFactory(ward=ward),
            relation=R.HEAD,
            start_date=TODAY,
        )


def test_change_head_keeps_history_of_both(ward):
    old_head = HouseholdMembershipFactory(household__ward=ward, relation=R.HEAD)
    household = old_head.household
    son = HouseholdMembershipFactory(household=household, relation=R.CHILD)
    services.household_change_head(
        household=household,
        new_head=son.citizen,
        former_head_relation=R.PARENT,
        date=D(2025, 1, 1),
    )
    current = {m.citizen_id: m.relation for m in household.memberships.current()}
    assert current == {son.citizen_id: R.HEAD, old_head.citizen_id: R.PARENT}
    ended = household.memberships.filter(end_date=D(2024, 12, 31))
    assert {(m.citizen_id, m.relation) for m in ended} == {
        (old_head.citizen_id, R.HEAD),
        (son.citizen_id, R.CHILD),
    }


def test_change_head_refuses_a_non_member(ward):
    head = HouseholdMembershipFactory(household__ward=ward, relation=R.HEAD)
    with pytest.raises(ValidationError, match="thành viên hiện tại"):
        services.household_change_head(household=head.household, new_head=CitizenFactory(ward=ward))


@pytest.mark.parametrize(
    ("end", "message"),
    [
        (D(2019, 12, 31), "từ ngày bắt đầu"),
        (TODAY + datetime.timedelta(days=1), "tương lai"),
    ],
)
def test_end_dates_must_be_ordered_and_not_future(ward, end, message):
    m = HouseholdMembershipFactory(household__ward=ward, start_date=D(2020, 1, 1))
    with pytest.raises(ValidationError, match=message):
        services.household_end_membership(membership=m, end_date=end)
    m.refresh_from_db()
    assert m.end_date is None


def test_database_refuses_end_before_start(ward):
    m = HouseholdMembershipFactory(household__ward=ward, start_date=D(2020, 1, 1))
    m.end_date = D(2019, 1, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        m.save()


def test_future_start_is_refused(ward):
    with pytest.raises(ValidationError, match="tương lai"):
        services.household_add_member(
            household=HouseholdFactory(ward=ward),
            citizen=CitizenFactory(ward=ward),
            start_date=TODAY + datetime.timedelta(days=3),
        )


def test_ending_twice_is_refused(ward):
    m = HouseholdMembershipFactory(household__ward=ward)
    services.household_end_membership(membership=m, end_date=D(2024, 1, 1))
    with pytest.raises(ValidationError, match="đã rời"):
        services.household_end_membership(membership=m)


def test_assisted_new_member_gets_a_claimable_record_and_paper_consent(ward):
    staff = UserFactory()
    household = HouseholdFactory(ward=ward)
    m = services.household_add_new_member(
        household=household,
        full_name="Cụ  Lê Thị   Hoa",
        birth_year=1940,
        relation=R.GRANDPARENT,
        paper_consent=True,
        by=staff,
    )
    citizen = m.citizen
    assert citizen.full_name == "Cụ Lê Thị Hoa" and citizen.ward == ward
    assert citizen.claim_code and citizen.user is None and citizen.created_by == staff
    assert citizen.consents.get().recorded_by == staff


def test_assisted_new_member_is_not_created_when_the_membership_is_refused(ward):
    head = HouseholdMembershipFactory(household__ward=ward, relation=R.HEAD)
    before = Citizen.objects.count()
    with pytest.raises(ValidationError):
        services.household_add_new_member(
            household=head.household, full_name="Người Thứ Hai", relation=R.HEAD
        )
    assert Citizen.objects.count() == before


def test_clan_households_must_live_in_the_clan_wards(ward):
    clan = ClanFactory(ward=ward)
    far = HouseholdFactory(ward=WardFactory())
    with pytest.raises(ValidationError, match="chi họ"):
        services.clan_add_household(clan=clan, household=far)
    clan.other_wards.add(far.ward)
    m = services.clan_add_household(clan=clan, household=far, start_date=D(2022, 1, 1))
    assert m.clan == clan
    with pytest.raises(ValidationError, match="đã thuộc dòng họ"):
        services.clan_add_household(clan=clan, household=far)
    services.clan_remove_household(membership=m, end_date=D(2024, 1, 1))
    assert ClanMembership.objects.get(pk=m.pk).end_date == D(2024, 1, 1)


def test_clan_representative_is_logged_by_id(ward):
    clan = services.clan_create(name="Họ Đỗ làng Thử", ward=ward)
    rep = CitizenFactory(ward=ward)
    services.clan_update(
        clan=clan, name="Họ Đỗ làng Thử", representative=rep, representative_title="Trưởng họ"
    )
    clan.refresh_from_db()
    assert clan.representative == rep
    entry = ModelLogEntry.objects.get(action="citizen_groups.clan_update")
    assert entry.data["representative"] == rep.pk and entry.label == f"Dòng họ #{clan.pk}"


def test_a_person_can_be_in_several_units_but_once_in_each(ward):
    person = CitizenFactory(ward=ward)
    school, firm = UnitFactory(ward=ward), UnitFactory(ward=ward)
    services.unit_add_member(unit=school, citizen=person, role=UnitMembership.Role.STAFF)
    services.unit_add_member(unit=firm, citizen=person, role=UnitMembership.Role.WORKER)
    assert UnitMembership.objects.current().filter(citizen=person).count() == 2
    with pytest.raises(ValidationError, match="đã là thành viên của đơn vị"):
        services.unit_add_member(unit=school, citizen=person)


def test_unit_end_and_rejoin_dates(ward):
    m = services.unit_add_member(
        unit=UnitFactory(ward=ward), citizen=CitizenFactory(ward=ward), start_date=D(2021, 1, 1)
    )
    services.unit_end_membership(membership=m, end_date=D(2022, 1, 1))
    with pytest.raises(ValidationError, match="rời đơn vị lần trước"):
        services.unit_add_member(unit=m.unit, citizen=m.citizen, start_date=D(2021, 6, 1))
    again = services.unit_add_member(unit=m.unit, citizen=m.citizen, start_date=D(2023, 1, 1))
    assert again.end_date is None


def test_unit_new_member_is_assisted_in_the_unit_ward(ward):
    unit = UnitFactory(ward=ward)
    m = services.unit_add_new_member(unit=unit, full_name="Phạm Văn Công", birth_year=1990)
    assert m.citizen.ward == ward and m.citizen.claim_code
    assert ModelLogEntry.objects.filter(
        object_id=str(unit.pk), action="citizen_groups.unit_member_add"
    ).exists()


def test_bad_relation_and_role_are_refused(ward):
    with pytest.raises(ValidationError):
        services.household_add_member(
            household=HouseholdFactory(ward=ward), citizen=CitizenFactory(), relation="boss"
        )
    with pytest.raises(ValidationError):
        services.unit_add_member(unit=UnitFactory(), citizen=CitizenFactory(), role="boss")
    assert not HouseholdMembership.objects.exists() and not UnitMembership.objects.exists()


def test_residential_group_of_another_ward_is_refused(ward):
    from learning_centers.models import ResidentialGroup

    group = ResidentialGroup.objects.create(ward=WardFactory(), name="Tổ 1")
    with pytest.raises(ValidationError):
        services.household_create(ward=ward, name="Hộ Sai Tổ", residential_group=group)
    assert not Household.objects.exists()


def test_clan_set_representative(ward):
    clan = ClanFactory(ward=ward)
    rep = CitizenFactory(ward=ward)
    services.clan_set_representative(clan=clan, representative=rep, title="Trưởng họ")
    clan.refresh_from_db()
    assert (clan.representative, clan.representative_title) == (rep, "Trưởng họ")
