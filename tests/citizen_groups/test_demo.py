import pytest
from django.core.management import call_command

from citizen_profiles.groups import selectors
from citizen_profiles.groups.models import (
    AssociationEvaluator,
    Clan,
    ClanMembership,
    Household,
    HouseholdMembership,
    Unit,
    UnitMembership,
)
from citizen_profiles.models import Citizen

pytestmark = pytest.mark.django_db


def _counts():
    return [
        m.objects.count()
        for m in (
            Citizen,
            Household,
            HouseholdMembership,
            Clan,
            ClanMembership,
            Unit,
            UnitMembership,
            AssociationEvaluator,
        )
    ]


def test_demo_groups_are_seeded_once_with_the_demo_resident_household():
    call_command("seed_demo", "--small", verbosity=0)
    before = _counts()
    call_command("seed_demo", "--small", verbosity=0)
    assert _counts() == before

    lan = Citizen.objects.get(user__phone="0912000001")
    groups = selectors.groups_for_citizen(citizen=lan)
    assert groups["household"].name == "Hộ ông Lê Văn Hùng"
    names = {m.citizen.full_name for m in groups["members"]}
    assert {"Lê Văn Hùng", "Nguyễn Thị Lan", "Lê Thu Hà", "Phạm Thị Nhàn"} == names
    assert groups["units"], "the demo resident belongs to a unit"
    # Her son moved out in 2024: his history keeps both households.
    duc = Citizen.objects.get(full_name="Lê Minh Đức")
    assert duc.household_memberships.count() == 2 and duc.claim_code
    assert Household.objects.count() >= 10 and Clan.objects.count() >= 2
    assert set(Unit.objects.values_list("kind", flat=True)) == set(Unit.Kind.values)
    assert set(AssociationEvaluator.objects.values_list("scope", flat=True)) == {"ward", "city"}
    assert Household.objects.values("ward").distinct().count() >= 3
    clan = groups["household"].clan_memberships.current().get().clan
    assert clan.name == "Dòng họ Lê" and clan.representative is not None


def test_provision_evaluator_groups_is_idempotent_and_dry_run_writes_nothing():
    from io import StringIO

    from django.contrib.auth.models import Group

    call_command("provision_evaluator_groups", "--dry-run", stdout=StringIO())
    assert not Group.objects.filter(name__startswith="Hội Khuyến học").exists()
    call_command("provision_evaluator_groups", stdout=StringIO())
    call_command("provision_evaluator_groups", stdout=StringIO())
    groups = Group.objects.filter(name__startswith="Hội Khuyến học")
    assert groups.count() == 2
    for group in groups:
        codenames = set(group.permissions.values_list("codename", flat=True))
        assert {"access_admin", "view_citizen", "view_household"} <= codenames
        assert not {c for c in codenames if c.startswith(("change_", "add_", "delete_"))}
