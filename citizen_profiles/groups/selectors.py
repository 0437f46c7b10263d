"""Reads of households, clans and units, for "My learning", the admin and the titles'
metrics. The `*_on(day)` reads answer "who belonged on that day" from the dated memberships
(both ends inclusive), so a title evaluated for a past year reads who belonged then. Each is
one SQL query (subqueries, no Python loop over members), and each returns a QuerySet that
callers can filter, count or annotate further."""

import datetime

from django.db.models import Prefetch, QuerySet

from citizen_profiles.models import Citizen

from .models import Clan, ClanMembership, Household, HouseholdMembership, Unit, UnitMembership

ADULT_AGE = 18


def current_household(*, citizen: Citizen) -> Household | None:
    """The household `citizen` belongs to today (no end date), or None."""
    return (
        Household.objects.filter(memberships__citizen=citizen, memberships__end_date__isnull=True)
        .select_related("ward", "residential_group")
        .first()
    )


def household_members_on(*, household: Household, day: datetime.date) -> QuerySet[Citizen]:
    """The residents who were members of `household` on `day`."""
    ids = HouseholdMembership.objects.on(day).filter(household=household).values("citizen_id")
    return Citizen.objects.filter(pk__in=ids)


def household_adults_on(*, household: Household, day: datetime.date) -> QuerySet[Citizen]:
    """Members on `day` who are 18 or older that year by birth year (the titles count the
    adults of a household; a member without a birth year is not counted as an adult)."""
    return household_members_on(household=household, day=day).filter(
        birth_year__lte=day.year - ADULT_AGE
    )


def households_members_on(households: QuerySet[Household], *, day: datetime.date):
    """Memberships in force on `day` for many households at once (statistics, metrics)."""
    return HouseholdMembership.objects.on(day).filter(household__in=households)


def unit_members_on(*, unit: Unit, day: datetime.date) -> QuerySet[Citizen]:
    ids = UnitMembership.objects.on(day).filter(unit=unit).values("citizen_id")
    return Citizen.objects.filter(pk__in=ids)


def clan_households_on(*, clan: Clan, day: datetime.date) -> QuerySet[Household]:
    ids = ClanMembership.objects.on(day).filter(clan=clan).values("household_id")
    return Household.objects.filter(pk__in=ids)


def clan_members_on(*, clan: Clan, day: datetime.date) -> QuerySet[Citizen]:
    """The people of the clan's member households on `day`."""
    household_ids = ClanMembership.objects.on(day).filter(clan=clan).values("household_id")
    ids = HouseholdMembership.objects.on(day).filter(household_id__in=household_ids)
    return Citizen.objects.filter(pk__in=ids.values("citizen_id"))


def residential_group_households(*, group, day: datetime.date) -> QuerySet[Household]:
    """Households of a residential group (thôn / tổ dân phố) that had at least one member on
    `day`: the community the Learning Community title counts."""
    occupied = HouseholdMembership.objects.on(day).values("household_id")
    return Household.objects.filter(residential_group=group, pk__in=occupied)


def ward_households(*, ward, day: datetime.date) -> QuerySet[Household]:
    """Same for a whole ward (the commune-level title)."""
    occupied = HouseholdMembership.objects.on(day).values("household_id")
    return Household.objects.filter(ward=ward, pk__in=occupied)


def groups_for_citizen(*, citizen: Citizen) -> dict:
    """The resident's current household (with its current members, by relation) and current
    units, for "My learning": three queries whatever the sizes.

    Returns {"household": Household | None, "membership": HouseholdMembership | None,
    "members": [HouseholdMembership…], "units": [UnitMembership…]}."""
    membership = (
        HouseholdMembership.objects.current()
        .filter(citizen=citizen)
        .select_related("household", "household__ward", "household__residential_group")
        .first()
    )
    members = []
    if membership is not None:
        members = list(
            HouseholdMembership.objects.current()
            .filter(household_id=membership.household_id)
            .select_related("citizen")
            .only("id", "relation", "start_date", "citizen__id", "citizen__full_name")
            .order_by("citizen__birth_year", "id")
        )
        members.sort(key=lambda m: _RELATION_ORDER.get(m.relation, 99))
    units = list(
        UnitMembership.objects.current()
        .filter(citizen=citizen)
        .select_related("unit", "unit__ward")
        .order_by("unit__name_folded")
    )
    return {
        "household": membership.household if membership else None,
        "membership": membership,
        "members": members,
        "units": units,
    }


_RELATION_ORDER = {value: i for i, value in enumerate(HouseholdMembership.Relation.values)}


def household_detail(*, household: Household) -> dict:
    """A household's members for the admin: current ones by relation, then past ones."""
    memberships = list(
        household.memberships.select_related("citizen").order_by("end_date", "start_date", "id")
    )
    current = sorted(
        (m for m in memberships if m.end_date is None),
        key=lambda m: (_RELATION_ORDER.get(m.relation, 99), m.start_date),
    )
    past = sorted(
        (m for m in memberships if m.end_date is not None), key=lambda m: m.end_date, reverse=True
    )
    clans = list(household.clan_memberships.current().select_related("clan"))
    return {"current": current, "past": past, "clans": clans}


def clan_detail(*, clan: Clan) -> dict:
    memberships = list(
        clan.memberships.select_related("household", "household__ward").order_by(
            "household__name_folded", "start_date"
        )
    )
    return {
        "current": [m for m in memberships if m.end_date is None],
        "past": [m for m in memberships if m.end_date is not None],
    }


def unit_detail(*, unit: Unit) -> dict:
    memberships = list(
        unit.memberships.select_related("citizen").order_by("citizen__normalized", "start_date")
    )
    return {
        "current": [m for m in memberships if m.end_date is None],
        "past": [m for m in memberships if m.end_date is not None],
    }


def households_with_head(queryset: QuerySet[Household]) -> QuerySet[Household]:
    """Households with their current head prefetched (admin listing: one extra query)."""
    heads = HouseholdMembership.objects.current().filter(relation=HouseholdMembership.Relation.HEAD)
    return queryset.prefetch_related(
        Prefetch("memberships", queryset=heads.select_related("citizen"), to_attr="current_heads")
    )
