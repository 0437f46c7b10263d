"""Cached course listings (courses/listing.py) and course page context: served without
queries once warm, and never stale after an enrollment, a cancellation, a publish, a filter
change, another page number or another language."""

import datetime as dt

import pytest
from django.utils import timezone

from courses import seat_version, services
from courses.models import CourseSession, Enrollment
from courses.selectors import course_page_context
from tests.factories.courses import make_catalogue, make_centre, make_course
from tests.factories.enrollment import CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fragments_on(settings):
    settings.PAGE_CACHE_SECONDS = 0  # only the data and fragment caches
    settings.PAGE_FRAGMENT_CACHE_SECONDS = 300


@pytest.fixture
def centre(home):
    make_catalogue()
    return make_centre(title="Trung tâm Phường Thử")


def _enroll(course, n, capture):
    with capture(execute=True):
        return [
            services.enrollment_create(course=course, citizen=CitizenFactory()) for _ in range(n)
        ]


def test_a_warm_catalogue_page_runs_no_query(client, centre, django_assert_num_queries):
    make_course(centre=centre, title="Tin học cơ bản")
    client.get("/khoa-hoc/")
    with django_assert_num_queries(0):
        response = client.get("/khoa-hoc/")
    assert "Tin học cơ bản" in response.content.decode()


def test_seats_follow_enrollments_and_cancellations(
    client, centre, django_capture_on_commit_callbacks
):
    course = make_course(centre=centre, title="Tin học cơ bản", capacity=3)
    assert "Còn 3 chỗ" in client.get("/khoa-hoc/").content.decode()
    enrollments = _enroll(course, 3, django_capture_on_commit_callbacks)
    page = client.get("/khoa-hoc/").content.decode()
    assert "Hết chỗ" in page and "Còn 3 chỗ" not in page
    assert "Tin học cơ bản" not in client.get("/khoa-hoc/?con_cho=1").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.enrollment_cancel(enrollment=enrollments[0])
    assert "Còn 1 chỗ" in client.get("/khoa-hoc/").content.decode()
    assert "Tin học cơ bản" in client.get("/khoa-hoc/?con_cho=1").content.decode()


def test_the_seat_version_moves_only_after_commit(django_capture_on_commit_callbacks):
    before = seat_version.current()
    with django_capture_on_commit_callbacks(execute=False) as pending:
        seat_version.bump_on_commit()
        assert seat_version.current() == before
    for callback in pending:
        callback()
    assert seat_version.current() == before + 1


def test_enrollment_deletion_bumps_the_seat_version(centre, django_capture_on_commit_callbacks):
    course = make_course(centre=centre)
    (enrollment,) = _enroll(course, 1, django_capture_on_commit_callbacks)
    before = seat_version.current()
    with django_capture_on_commit_callbacks(execute=True):
        Enrollment.objects.filter(pk=enrollment.pk).get().delete()
    assert seat_version.current() == before + 1


def test_filters_and_pages_have_their_own_entries(client, centre):
    for n in range(26):
        make_course(centre=centre, title=f"Lớp ngoại ngữ {n:02d}", days=(n + 1,))
    make_course(centre=centre, title="Tin học cơ bản", days=(40,), topics=("tin-hoc",))
    first = client.get("/khoa-hoc/").content.decode()
    second = client.get("/khoa-hoc/?page=2").content.decode()
    found = client.get("/khoa-hoc/?q=tin+hoc").content.decode()
    assert "Lớp ngoại ngữ 00" in first and "Lớp ngoại ngữ 00" not in second
    assert "Tin học cơ bản" in second and "Tin học cơ bản" not in first
    assert "Tin học cơ bản" in found and "Lớp ngoại ngữ" not in found
    assert "1 khóa học đang mở hoặc sắp mở đăng ký" in found
    assert "27 khóa học đang mở hoặc sắp mở đăng ký" in first
    # Served again from the cache: the same answers.
    assert client.get("/khoa-hoc/?page=2").content.decode() == second
    assert client.get("/khoa-hoc/?q=tin+hoc").content.decode() == found


def test_a_published_course_appears_and_an_unpublished_one_goes(client, centre):
    course = make_course(centre=centre, title="Tin học cơ bản")
    client.get("/khoa-hoc/")
    make_course(centre=centre, title="Kỹ năng số cho người cao tuổi")
    page = client.get("/khoa-hoc/").content.decode()
    assert "Kỹ năng số cho người cao tuổi" in page
    course.unpublish()
    assert "Tin học cơ bản" not in client.get("/khoa-hoc/").content.decode()


def test_cached_cards_speak_the_visitors_language(client, centre):
    make_course(centre=centre, title="Tin học cơ bản", delivery_mode="truc-tiep")
    assert "Trực tiếp" in client.get("/khoa-hoc/").content.decode()
    client.get("/ngon-ngu/en/")
    english = client.get("/khoa-hoc/").content.decode()
    assert "In person" in english and "Trực tiếp" not in english


def test_centre_page_lists_from_the_cache_and_follows_publishing(client, centre):
    make_course(centre=centre, title="Tin học cơ bản")
    assert "Tin học cơ bản" in client.get(centre.url).content.decode()
    make_course(centre=centre, title="Pháp luật cho mọi người")
    assert "Pháp luật cho mọi người" in client.get(centre.url).content.decode()


def test_home_panel_follows_publishing(client, centre):
    make_course(centre=centre, title="Tin học cơ bản")
    assert "Tin học cơ bản" in client.get("/").content.decode()
    make_course(centre=centre, title="Pháp luật cho mọi người", days=(1,))
    assert "Pháp luật cho mọi người" in client.get("/").content.decode()


def test_course_page_sessions_follow_publishing(client, centre):
    course = make_course(centre=centre, title="Tin học cơ bản", days=(3,))
    assert "Tin học cơ bản" in client.get(course.url).content.decode()
    later = timezone.localdate() + dt.timedelta(days=9)
    course.sessions.add(
        CourseSession(date=later, start_time=dt.time(14, 0), end_time=dt.time(16, 0))
    )
    course.save_revision().publish()
    assert later.strftime("%d/%m/%Y") in client.get(course.url).content.decode()


def test_a_preview_never_fills_the_live_pages_cache(rf, client, centre):
    course = make_course(centre=centre, title="Tin học cơ bản", days=(3,))
    later = timezone.localdate() + dt.timedelta(days=9)
    draft = course.get_latest_revision_as_object()
    draft.sessions.add(
        CourseSession(date=later, start_time=dt.time(14, 0), end_time=dt.time(16, 0))
    )
    preview = rf.get(course.url, HTTP_HOST="localhost")
    preview.is_preview = True
    assert len(course_page_context(course=draft, request=preview)["sessions"]) == 2
    assert later.strftime("%d/%m/%Y") not in client.get(course.url).content.decode()


def test_card_fragments_are_named_by_what_they_show(client, centre):
    """A card's fragment key changes with anything the card shows (seats, title, ...) and
    with nothing else, so publishing an unrelated page keeps every card's cached HTML."""
    from django.core.cache import cache
    from django.core.cache.utils import make_template_fragment_key

    from courses.cards import CourseCard, PageUrls
    from tests.factories.cms import make_standard

    make_course(centre=centre, title="Tin học cơ bản")
    request = client.get("/khoa-hoc/").wsgi_request
    row = {
        "pk": 1,
        "title": "Tin học cơ bản",
        "url_path": "/home/khoa-hoc-1/",
        "centre_id": None,
        "centre__title": None,
        "centre__url_path": None,
        "centre__ward__name_with_type": None,
        "next_date": timezone.localdate(),
        "next_start": dt.time(8),
        "next_end": dt.time(10),
        "delivery_mode": "truc-tiep",
        "audience": "nguoi-lon",
        "fee": 0,
        "seats_left_cache": 5,
    }
    urls = PageUrls(request)
    key = CourseCard(row, urls=urls, topics={}).card_key
    assert CourseCard(dict(row), urls=urls, topics={}).card_key == key
    assert CourseCard({**row, "seats_left_cache": 4}, urls=urls, topics={}).card_key != key
    assert CourseCard({**row, "title": "Tin học"}, urls=urls, topics={}).card_key != key
    assert CourseCard(row, urls=urls, topics={1: ["tin học"]}).card_key != key

    listed = client.get("/khoa-hoc/").context["courses"][0]
    fragment = make_template_fragment_key("course_card", [listed.card_key, "vi"])
    assert cache.get(fragment) is not None
    make_standard(title="Giới thiệu", slug="gioi-thieu")  # a publish elsewhere
    assert client.get("/khoa-hoc/").context["courses"][0].card_key == listed.card_key
    assert cache.get(fragment) is not None


def test_saving_a_draft_changes_neither_the_live_course_nor_the_caches(client, centre):
    from cms import page_cache
    from courses.models import CoursePage

    course = make_course(centre=centre, title="Tin học cơ bản", days=(3,))
    before = CoursePage.objects.values("search_folded", "next_session_date").get(pk=course.pk)
    generation = page_cache.generation()
    draft = CoursePage.objects.get(pk=course.pk)
    draft.title = "Bản nháp chưa duyệt"
    draft.sessions.add(
        CourseSession(
            date=timezone.localdate() + dt.timedelta(days=1),
            start_time=dt.time(8),
            end_time=dt.time(9),
        )
    )
    draft.save_revision()
    after = CoursePage.objects.values("search_folded", "next_session_date").get(pk=course.pk)
    assert after == before
    assert page_cache.generation() == generation
    assert "0 khóa học đang mở" in client.get("/khoa-hoc/?q=ban+nhap").content.decode()
