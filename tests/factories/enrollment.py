"""Factories for enrollment, attendance and calendars: centres, courses with sessions,
citizens with or without accounts, staff who manage one centre."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page

from citizen_profiles.models import Citizen
from courses.models import CoursePage, CourseSession
from learning_centers.models import LearningCenterIndexPage, LearningCenterPage
from tests.factories.geography import WardFactory
from tests.factories.pages import make_home
from tests.factories.users import UserFactory


class CitizenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citizen

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Học {n}")
    birth_year = 1980
    ward = factory.SubFactory(WardFactory)
    user = factory.SubFactory(UserFactory)


def make_centre_index():
    index = LearningCenterIndexPage.objects.first()
    if index:
        return index
    return make_home().add_child(
        instance=LearningCenterIndexPage(title="Trung tâm", slug="trung-tam")
    )


def make_centre(*, name: str = "Trung tâm Thử", ward=None) -> LearningCenterPage:
    ward = ward or WardFactory()
    page = LearningCenterPage(title=name, slug=ward.slug, ward=ward)
    return make_centre_index().add_child(instance=page)


def make_course(
    *,
    centre: LearningCenterPage | None = None,
    title: str = "Tin học cơ bản",
    capacity: int = 30,
    sessions: int = 5,
    first_date: datetime.date | None = None,
    opens: datetime.datetime | None = None,
    closes: datetime.datetime | None = None,
    total_hours: Decimal = Decimal("10"),
    **fields,
) -> CoursePage:
    centre = centre or make_centre()
    now = timezone.now()
    course = CoursePage(
        title=title,
        slug=fields.pop("slug", None) or f"khoa-{Page.objects.count()}",
        summary="Khóa học thử nghiệm",
        capacity=capacity,
        total_hours=total_hours,
        enrollment_opens=opens if opens is not None else now - datetime.timedelta(days=1),
        enrollment_closes=closes if closes is not None else now + datetime.timedelta(days=30),
        **fields,
    )
    centre.add_child(instance=course)
    start = first_date or timezone.localdate() + datetime.timedelta(days=7)
    for i in range(sessions):
        CourseSession.objects.create(
            course=course,
            date=start + datetime.timedelta(days=7 * i),
            start_time=datetime.time(18, 0),
            end_time=datetime.time(20, 0),
            room="Phòng 1",
        )
    return course


def make_manager(centre: LearningCenterPage, **user_fields):
    """A staff user allowed to edit pages under `centre` only (what issue 3's provisioning
    sets up; recreated here so these tests do not depend on it)."""
    group, _ = Group.objects.get_or_create(name=f"Quản lý {centre.title} {centre.pk}")
    admin_perm = Permission.objects.get(codename="access_admin")
    group.permissions.add(admin_perm)
    for codename in ("add_page", "change_page", "publish_page"):
        perm = Permission.objects.get(codename=codename, content_type__app_label="wagtailcore")
        GroupPagePermission.objects.get_or_create(group=group, page=centre, permission=perm)
    user = UserFactory(**user_fields)
    user.groups.add(group)
    return user
