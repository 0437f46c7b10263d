"""Centres, their courses, documents and the people who edit them. Wagtail pages must be
added to the tree, so these are functions rather than factory_boy factories."""

import datetime
import itertools

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from learning_centers.models import (
    CenterMaterialPage,
    LearningCenterIndexPage,
    LearningCenterPage,
    OpeningHours,
)
from learning_centers.services import (
    MODERATORS_GROUP_NAME,
    center_provision_permissions,
    moderators_provision,
)
from tests.factories.geography import WardFactory
from tests.factories.pages import make_home
from tests.factories.users import UserFactory

_counter = itertools.count(1)


def make_index() -> LearningCenterIndexPage:
    index = LearningCenterIndexPage.objects.first()
    if index is None:
        index = make_home().add_child(
            instance=LearningCenterIndexPage(title="Trung tâm", slug="trung-tam")
        )
    return index


def make_center(
    *, ward=None, title: str | None = None, trusted: bool = False, provision: bool = True, **fields
) -> LearningCenterPage:
    """A live centre page under `/trung-tam/`, provisioned (group, collection, workflow) the
    way the admin's after_create_page hook does it."""
    ward = ward or WardFactory()
    n = next(_counter)
    center = make_index().add_child(
        instance=LearningCenterPage(
            title=title or f"Trung tâm học tập cộng đồng {ward.name}",
            slug=fields.pop("slug", f"{ward.slug}-{n}"),
            ward=ward,
            trusted=trusted,
            opening_hours=[
                OpeningHours(
                    weekday=OpeningHours.Weekday.MONDAY,
                    opens=datetime.time(7, 30),
                    closes=datetime.time(17, 0),
                )
            ],
            **fields,
        )
    )
    if provision:
        center_provision_permissions(center=center)
        center.refresh_from_db()
    return center


def make_course(center: LearningCenterPage, *, title: str = "Tin học cơ bản", live: bool = True):
    from courses.models import CoursePage, CourseSession

    n = next(_counter)
    course = center.add_child(
        instance=CoursePage(
            title=title,
            slug=f"khoa-hoc-{n}",
            summary="Làm quen máy tính và Internet.",
            live=live,
            sessions=[
                CourseSession(
                    date=datetime.date.today() + datetime.timedelta(days=7),
                    start_time=datetime.time(8, 0),
                    end_time=datetime.time(10, 0),
                )
            ],
        )
    )
    return course


def make_material(center: LearningCenterPage, *, title: str = "Cẩm nang", **fields):
    n = next(_counter)
    fields.setdefault("kind", CenterMaterialPage.Kind.LINK)
    fields.setdefault("link_url", "https://dichvucong.gov.vn/")
    return center.add_child(
        instance=CenterMaterialPage(title=title, slug=f"hoc-lieu-{n}", **fields)
    )


def make_document(center: LearningCenterPage, *, title: str = "Tài liệu"):
    Document = get_document_model()
    return Document.objects.create(
        title=title,
        collection=center.collection,
        file=ContentFile(b"noi dung", name=f"tai-lieu-{next(_counter)}.txt"),
    )


def make_image(center: LearningCenterPage, *, title: str = "Ảnh"):
    Image = get_image_model()
    return Image.objects.create(
        title=title, collection=center.collection, file=get_test_image_file(size=(8, 8))
    )


def make_manager(center: LearningCenterPage, **fields):
    user = UserFactory(**fields)
    user.groups.add(center.access.group)
    return user


def make_moderator(**fields):
    moderators_provision()
    user = UserFactory(**fields)
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP_NAME))
    return user
