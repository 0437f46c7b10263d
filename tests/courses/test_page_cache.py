import pytest
from django.core.cache import cache

from cms import page_cache
from tests.factories.courses import make_catalogue, make_centre, make_course
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def course(home):
    make_catalogue()
    return make_course(centre=make_centre(), title="Tin học cơ bản")


def test_second_anonymous_request_is_served_from_cache_without_queries(
    client, course, django_assert_num_queries
):
    first = client.get("/khoa-hoc/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/khoa-hoc/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_course_page_is_cached_too(client, course, django_assert_num_queries):
    client.get(course.url)
    with django_assert_num_queries(0):
        response = client.get(course.url)
    assert response["X-Page-Cache"] == "hit"
    assert "Tin học cơ bản" in response.content.decode()


def test_head_is_answered_from_a_cached_get(client, course, django_assert_num_queries):
    client.get("/khoa-hoc/")
    with django_assert_num_queries(0):
        response = client.head("/khoa-hoc/")
    assert response.status_code == 200 and response["X-Page-Cache"] == "hit"


def test_signed_in_user_bypasses_the_cache(client, course):
    client.get("/khoa-hoc/")
    client.force_login(UserFactory())
    response = client.get("/khoa-hoc/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


def test_filters_are_part_of_the_key_and_other_params_bypass(client, course):
    assert client.get("/khoa-hoc/", {"q": "tin hoc"})["X-Page-Cache"] == "miss"
    assert client.get("/khoa-hoc/", {"q": "tin hoc"})["X-Page-Cache"] == "hit"
    assert client.get("/khoa-hoc/", {"q": "ngoai ngu"})["X-Page-Cache"] == "miss"
    assert "X-Page-Cache" not in client.get("/khoa-hoc/", {"utm_source": "zalo"})


def test_publishing_invalidates(client, course):
    client.get(course.url)
    course.title = "Tin học nâng cao"
    course.save_revision().publish()
    response = client.get(course.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Tin học nâng cao" in response.content.decode()


def test_unpublishing_invalidates(client, course):
    assert client.get("/khoa-hoc/")["X-Page-Cache"] == "miss"
    assert "Tin học cơ bản" in client.get("/khoa-hoc/").content.decode()
    course.unpublish()
    response = client.get("/khoa-hoc/")
    assert response["X-Page-Cache"] == "miss"
    assert "Tin học cơ bản" not in response.content.decode()


def test_deleting_a_page_invalidates(client, course):
    client.get("/khoa-hoc/")
    course.delete()
    assert "Tin học cơ bản" not in client.get("/khoa-hoc/").content.decode()


def test_non_page_views_and_errors_are_not_cached(client, course):
    client.get("/robots.txt")
    assert "X-Page-Cache" not in client.get("/robots.txt")
    client.get("/khong-co-trang-nay/")
    assert client.get("/khong-co-trang-nay/").status_code == 404
    assert "X-Page-Cache" not in client.get("/khong-co-trang-nay/")


def test_cache_is_off_when_seconds_is_zero(client, course, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/khoa-hoc/")
    assert "X-Page-Cache" not in client.get("/khoa-hoc/")


def test_browser_language_does_not_mix_up_the_cached_languages(client, course):
    """The interface follows only the language cookie, so the key must too: a browser set
    to English gets (and fills) the Vietnamese entry, never the English one."""
    vietnamese = client.get("/khoa-hoc/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi">' in vietnamese.content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/khoa-hoc/")
    assert english["X-Page-Cache"] == "miss"
    assert '<html lang="en">' in english.content.decode()


def test_invalidate_bumps_the_generation():
    before = page_cache.generation()
    page_cache.invalidate()
    assert page_cache.generation() == before + 1


def test_an_evicted_generation_never_comes_back_to_an_old_value():
    """A full local-memory cache culls any key, the generation included; a restarted counter
    must not land on a value whose entries may still be cached."""
    seen = {page_cache.generation()}
    for _ in range(3):
        page_cache.invalidate()
        seen.add(page_cache.generation())
    cache.delete(page_cache.GENERATION_KEY)
    assert page_cache.generation() > max(seen)
    cache.delete(page_cache.GENERATION_KEY)
    page_cache.invalidate()  # a bump of an evicted counter restarts above too
    assert page_cache.generation() > max(seen)


def test_cached_listings_follow_enrollments_and_publishing(
    client, course, settings, django_capture_on_commit_callbacks
):
    """With only fragment caching on (no page cache), the catalogue never shows stale seats
    or a stale title: an enrollment bumps the seat version once it commits, publishing bumps
    the generation, and both are part of the listing's key."""
    from courses import services
    from tests.factories.enrollment import CitizenFactory

    settings.PAGE_CACHE_SECONDS = 0
    settings.PAGE_FRAGMENT_CACHE_SECONDS = 300
    assert "Còn 30 chỗ" in client.get("/khoa-hoc/").content.decode()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for _ in range(4):
            services.enrollment_create(course=course, citizen=CitizenFactory())
    assert callbacks  # the bump waits for the commit
    assert "Còn 26 chỗ" in client.get("/khoa-hoc/").content.decode()
    course.title = "Tin học văn phòng"
    course.save_revision().publish()
    assert "Tin học văn phòng" in client.get("/khoa-hoc/").content.decode()


def test_responses_that_set_a_cookie_such_as_a_csrf_token_are_not_stored(rf, course):
    from django.middleware.csrf import CsrfViewMiddleware, get_token
    from django.template.response import TemplateResponse

    def view(request):
        get_token(request)  # as {% csrf_token %} in a form would
        return TemplateResponse(request, "courses/course_page.html", {"page": course})

    request = rf.get(course.url)
    request.COOKIES["csrftoken"] = "x" * 32
    middleware = page_cache.AnonymousPageCacheMiddleware(CsrfViewMiddleware(view))
    first = middleware(request)
    assert "csrftoken" in first.cookies
    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in middleware(rf.get(course.url))
