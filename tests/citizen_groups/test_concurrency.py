"""Two staff members writing the same group or person at the same instant (PostgreSQL only:
SQLite serialises writers anyway). The locks make the second writer see the first one's
row and refuse with the service's message; nothing is doubled."""

import pytest
from django.core.exceptions import ValidationError

from citizen_profiles.groups import services
from citizen_profiles.groups.models import HouseholdMembership
from tests.courses.test_concurrency import run_concurrently
from tests.factories.geography import WardFactory
from tests.factories.groups import HouseholdFactory
from tests.factories.people import CitizenFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _attempt(fn):
    def job():
        try:
            return fn()
        except ValidationError as error:
            return error

    return job


def test_concurrency_one_person_added_to_ten_households_lands_in_one():
    ward = WardFactory()
    person = CitizenFactory(ward=ward)
    households = [HouseholdFactory(ward=ward) for _ in range(10)]
    jobs = [
        _attempt(lambda h=h: services.household_add_member(household=h, citizen=person))
        for h in households
    ]
    results, errors = run_concurrently(jobs)
    assert not errors
    assert sum(isinstance(r, HouseholdMembership) for r in results) == 1
    assert all(
        "một hộ tại một thời điểm" in str(r) for r in results if isinstance(r, ValidationError)
    )
    assert HouseholdMembership.objects.filter(citizen=person).count() == 1


def test_concurrency_ten_heads_for_one_household_gives_one_head():
    ward = WardFactory()
    household = HouseholdFactory(ward=ward)
    people = [CitizenFactory(ward=ward) for _ in range(10)]
    jobs = [
        _attempt(
            lambda p=p: services.household_add_member(
                household=household, citizen=p, relation=HouseholdMembership.Relation.HEAD
            )
        )
        for p in people
    ]
    results, errors = run_concurrently(jobs)
    assert not errors
    assert household.memberships.filter(relation="head").count() == 1
    assert sum(isinstance(r, ValidationError) for r in results) == 9
