"""Factories for citizen_profiles: residents, their learning log, and a centre page whose
editors group makes a user the manager of one ward."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from citizen_profiles.models import Citizen, ParticipationRecord
from learning_centers.models import LearningCenterIndexPage, LearningCenterPage
from tests.factories.geography import WardFactory
from tests.factories.pages import make_home
from tests.factories.users import UserFactory


class CitizenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citizen

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    birth_year = 1970
    ward = factory.SubFactory(WardFactory)


class ResidentFactory(CitizenFactory):
    """A citizen with an account."""

    user = factory.SubFactory(UserFactory)


class ParticipationRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParticipationRecord

    citizen = factory.SubFactory(CitizenFactory)
    kind = ParticipationRecord.Kind.COMPLETION
    title = factory.Sequence(lambda n: f"Tin học cơ bản {n}")
    hours = Decimal("4.0")
    date = factory.LazyFunction(datetime.date.today)
    source_type = "test"
    source_id = factory.Sequence(str)


def make_centre(ward, **fields) -> LearningCenterPage:
    home = make_home()
    index = LearningCenterIndexPage.objects.first() or home.add_child(
        instance=LearningCenterIndexPage(title="Trung tâm", slug="trung-tam")
    )
    return index.add_child(
        instance=LearningCenterPage(
            title=f"TTHTCĐ {ward.name}", slug=f"tthtcd-{ward.slug}", ward=ward, **fields
        )
    )


def make_centre_manager(centre: LearningCenterPage, **user_fields):
    """A user in a group that can edit `centre`'s subtree and reach the Wagtail admin."""
    group, _ = Group.objects.get_or_create(name=f"Quản lý {centre.title}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.get_or_create(
            group=group, page=centre, permission=Permission.objects.get(codename=codename)
        )
    user = UserFactory(**user_fields)
    user.groups.add(group)
    return user
