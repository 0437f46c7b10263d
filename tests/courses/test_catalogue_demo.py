import pytest
from django.core.management import call_command
from wagtail.models import Page

from courses import demo
from courses.models import CourseCatalogPage, CoursePage, CourseSession
from tests.factories.courses import make_centre

pytestmark = pytest.mark.django_db


@pytest.fixture
def centres(home):
    return [make_centre() for _ in range(3)]


def test_small_demo_creates_valid_courses_in_the_tree_and_is_idempotent(client, centres):
    demo.seed(small=True)
    courses = list(CoursePage.objects.all())
    assert 18 <= len(courses) <= 21
    assert CourseCatalogPage.objects.count() == 1
    assert {c.centre_id for c in courses} == {c.pk for c in centres}
    for course in courses:
        assert course.get_parent().pk == course.centre_id
        assert 2 <= course.sessions.count() <= 10
        assert course.search_folded and course.topics.exists()
        course.full_clean()  # every demo course passes the page's own validation
    assert Page.find_problems() == ([], [], [], [], [])
    counts = (CoursePage.objects.count(), CourseSession.objects.count(), Page.objects.count())
    demo.seed(small=True)
    assert counts == (
        CoursePage.objects.count(),
        CourseSession.objects.count(),
        Page.objects.count(),
    )
    response = client.get("/khoa-hoc/")
    assert response.status_code == 200
    assert response.content.decode().count('class="card course-card"') >= 5
    course = courses[0]
    assert client.get(course.url).status_code == 200
    assert client.get("/khoa-hoc/", {"q": "tin hoc"}).status_code == 200


def test_demo_courses_are_mostly_upcoming_with_some_finished(centres):
    from courses.selectors import upcoming_courses

    demo.seed(small=False)
    total = CoursePage.objects.count()
    upcoming = upcoming_courses().count()
    assert total >= 990
    assert 0.7 * total <= upcoming < total
    # Most upcoming courses can be joined now; a realistic few are closed or open later.
    from django.utils import timezone

    from courses.status import open_now_q

    open_now = upcoming_courses().filter(open_now_q(timezone.now())).count()
    assert open_now >= 0.75 * upcoming
    assert open_now < upcoming


def test_seed_demo_command_runs_twice(centres):
    call_command("seed_demo", "--small", verbosity=0)
    before = CoursePage.objects.count()
    call_command("seed_demo", "--small", verbosity=0)
    assert CoursePage.objects.count() == before > 0
