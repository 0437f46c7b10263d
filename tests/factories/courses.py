"""Helpers for catalogue tests: a ward with its centre page, courses with sessions.

Pages must be added to the Wagtail tree, so these are functions rather than factory_boy
factories (as in tests/factories/pages.py)."""

import datetime as dt
import itertools

from django.utils import timezone

from courses.models import CourseCatalogPage, CoursePage, CourseSession
from learning_centers.models import LearningCenterIndexPage, LearningCenterPage
from search.services import search_index_page
from tests.factories.geography import WardFactory
from tests.factories.pages import make_home

_counter = itertools.count(1)


def make_catalogue() -> CourseCatalogPage:
    catalogue = CourseCatalogPage.objects.first()
    if catalogue:
        return catalogue
    return make_home().add_child(instance=CourseCatalogPage(title="Khóa học", slug="khoa-hoc"))


def make_centre(*, ward=None, title: str | None = None, **fields) -> LearningCenterPage:
    """A live centre page (and the ward and index page it needs)."""
    home = make_home()
    index = LearningCenterIndexPage.objects.first() or home.add_child(
        instance=LearningCenterIndexPage(title="Trung tâm", slug="trung-tam")
    )
    ward = ward or WardFactory()
    n = next(_counter)
    return index.add_child(
        instance=LearningCenterPage(
            title=title or f"Trung tâm học tập cộng đồng {ward.name}",
            slug=f"trung-tam-{ward.code}-{n}",
            ward=ward,
            address=fields.pop("address", f"Số {n} phố Thử Nghiệm"),
            **fields,
        )
    )


def make_course(
    *,
    centre: LearningCenterPage,
    title: str | None = None,
    days: tuple[int, ...] = (3,),
    topics: tuple[str, ...] = (),
    start: dt.time = dt.time(8, 0),
    end: dt.time = dt.time(10, 0),
    **fields,
) -> CoursePage:
    """A live course under `centre` with one session per offset in `days` (from today)."""
    n = next(_counter)
    today = timezone.localdate()
    course = CoursePage(
        title=title or f"Khóa học thử nghiệm {n}",
        slug=fields.pop("slug", f"khoa-hoc-{n}"),
        summary=fields.pop("summary", "Khóa học dùng trong kiểm thử."),
        **fields,
    )
    for offset in days:
        course.sessions.add(
            CourseSession(date=today + dt.timedelta(days=offset), start_time=start, end_time=end)
        )
    if topics:
        course.topics.add(*topics)
    centre.add_child(instance=course)
    # Publishing indexes a page for search (search/signal_handlers.py); a page added live
    # here is not published, so index it as publishing would (the catalogue's q reads it).
    search_index_page(page=course)
    return course
