"""Factories for citizen_profiles.groups: households, clans, units and their memberships,
and the association evaluator role."""

import datetime

import factory

from citizen_profiles.groups.models import (
    AssociationEvaluator,
    Clan,
    ClanMembership,
    Household,
    HouseholdMembership,
    Unit,
    UnitMembership,
)
from tests.factories.geography import WardFactory
from tests.factories.people import CitizenFactory
from tests.factories.users import UserFactory

LONG_AGO = datetime.date(2020, 1, 1)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    ward = factory.SubFactory(WardFactory)
    name = factory.Sequence(lambda n: f"Hộ ông Nguyễn Văn Hộ {n}")


class HouseholdMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMembership

    household = factory.SubFactory(HouseholdFactory)
    citizen = factory.SubFactory(CitizenFactory, ward=factory.SelfAttribute("..household.ward"))
    relation = HouseholdMembership.Relation.OTHER
    start_date = LONG_AGO


class ClanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clan

    ward = factory.SubFactory(WardFactory)
    name = factory.Sequence(lambda n: f"Dòng họ Lê Đình {n}")


class ClanMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClanMembership

    clan = factory.SubFactory(ClanFactory)
    household = factory.SubFactory(HouseholdFactory, ward=factory.SelfAttribute("..clan.ward"))
    start_date = LONG_AGO


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    ward = factory.SubFactory(WardFactory)
    name = factory.Sequence(lambda n: f"Trường Tiểu học Thử Nghiệm {n}")
    kind = Unit.Kind.SCHOOL


class UnitMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitMembership

    unit = factory.SubFactory(UnitFactory)
    citizen = factory.SubFactory(CitizenFactory, ward=factory.SelfAttribute("..unit.ward"))
    role = UnitMembership.Role.STAFF
    start_date = LONG_AGO


def make_evaluator(*, wards=(), city: bool = False, **user_fields):
    """A user with the association evaluator role (ward scope over `wards`, or city)."""
    from citizen_profiles.groups.roles import evaluator_assign

    user = UserFactory(**user_fields)
    evaluator_assign(
        user=user,
        scope=AssociationEvaluator.Scope.CITY if city else AssociationEvaluator.Scope.WARD,
        wards=wards,
    )
    return user
