"""The route cache (cms/route_cache.py): anonymous visitors get the page that serves a path,
and its view restrictions, from the cache; nothing published, unpublished, moved, deleted or
restricted is ever served stale."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms import route_cache
from tests.factories.cms import make_news, make_news_index, make_standard
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fragments_on(settings):
    settings.PAGE_CACHE_SECONDS = 0  # whole pages are not cached: every request renders
    settings.PAGE_FRAGMENT_CACHE_SECONDS = 300


def _page_queries(client, url) -> tuple[int, int]:
    """(status, number of queries on wagtailcore_page and view restrictions)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    routing = [
        q["sql"]
        for q in queries.captured_queries
        if '"wagtailcore_page"' in q["sql"].split(" WHERE ")[0]
        or "wagtailcore_pageviewrestriction" in q["sql"]
    ]
    return response.status_code, len(routing)


def test_second_anonymous_visit_routes_without_page_queries(client, home):
    page = make_standard(title="Giới thiệu", slug="gioi-thieu")
    status, first = _page_queries(client, page.url)
    assert status == 200 and first >= 3  # tree walk, specific page, restrictions
    status, second = _page_queries(client, page.url)
    assert status == 200 and second == 0
    assert "Giới thiệu" in client.get(page.url).content.decode()


def test_signed_in_visitors_are_routed_by_wagtail_every_time(client, home):
    page = make_standard(title="Giới thiệu", slug="gioi-thieu")
    client.force_login(UserFactory())
    client.get(page.url)
    status, queries = _page_queries(client, page.url)
    assert status == 200 and queries >= 3


def test_unpublishing_and_deleting_are_seen_at_once(client, home):
    page = make_standard(title="Giới thiệu", slug="gioi-thieu")
    other = make_standard(title="Liên hệ", slug="lien-he")
    assert client.get(page.url).status_code == 200
    assert client.get(other.url).status_code == 200
    page.unpublish()
    assert client.get("/gioi-thieu/").status_code == 404
    other.delete()
    assert client.get("/lien-he/").status_code == 404


def test_a_404_is_not_remembered(client, home):
    assert client.get("/sap-ra-mat/").status_code == 404
    make_standard(title="Sắp ra mắt", slug="sap-ra-mat")
    assert client.get("/sap-ra-mat/").status_code == 200


def test_republished_content_is_served_fresh(client, home):
    page = make_standard(title="Giới thiệu", slug="gioi-thieu")
    client.get(page.url)
    page.title = "Giới thiệu chương trình"
    page.save_revision().publish()
    assert "Giới thiệu chương trình" in client.get("/gioi-thieu/").content.decode()


def test_a_new_view_restriction_applies_at_once_and_its_removal_too(client, home):
    page = make_standard(title="Nội bộ", slug="noi-bo")
    assert client.get(page.url).status_code == 200  # route and (no) restrictions now cached
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(page.url)
    assert response.status_code == 302 and "login" in response["Location"]
    restriction.delete()
    assert client.get(page.url).status_code == 200


def test_cached_restrictions_are_still_checked_on_every_request(client, home):
    page = make_standard(title="Có mật khẩu", slug="co-mat-khau")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="hoc-tap"
    )
    first = client.get(page.url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(page.url)
    assert first.status_code == second.status_code == 200
    assert 'name="password"' in second.content.decode()  # the password form, not the page
    assert not any("wagtailcore_pageviewrestriction" in q["sql"] for q in queries)


def test_sub_routes_of_routable_pages_are_cached_by_path(client, home):
    index = make_news_index()
    make_news(index, title="Khai giảng lớp tin học", tags=["tin-hoc"])
    for _ in range(2):
        tagged = client.get(index.url + "?the=tin-hoc")
        feed = client.get(index.url + "rss/")
        listing = client.get(index.url)
    assert tagged.status_code == feed.status_code == listing.status_code == 200
    assert feed["Content-Type"].startswith("application/rss+xml")
    assert listing["Content-Type"].startswith("text/html")


def test_nothing_is_cached_when_fragment_caching_is_off(client, home, settings):
    settings.PAGE_FRAGMENT_CACHE_SECONDS = 0
    page = make_standard(title="Giới thiệu", slug="gioi-thieu")
    client.get(page.url)
    status, queries = _page_queries(client, page.url)
    assert status == 200 and queries >= 3


def test_pages_without_the_mixin_are_routed_but_not_cached(rf, home, monkeypatch):
    page = make_standard(title="Giới thiệu", slug="gioi-thieu")
    monkeypatch.setattr(route_cache, "CachedViewRestrictionsMixin", type("Other", (), {}))
    request = rf.get(page.url, HTTP_HOST="localhost")
    route_cache.prime_route(request, "gioi-thieu/")
    assert request._wagtail_route_for_request[0].pk == page.pk
    second = rf.get(page.url, HTTP_HOST="localhost")
    route_cache.prime_route(second, "gioi-thieu/")
    with CaptureQueriesContext(connection) as queries:
        route_cache.prime_route(rf.get(page.url, HTTP_HOST="localhost"), "gioi-thieu/")
    assert len(queries) >= 2  # routed again: nothing was stored


def test_saving_a_live_page_directly_bumps_the_generation_but_a_draft_does_not(home):
    from cms import page_cache

    page = make_standard(title="Giới thiệu", slug="gioi-thieu")
    before = page_cache.generation()
    page.title = "Giới thiệu (bản nháp)"
    page.save_revision()  # the editor's draft: visitors still see the live page
    assert page_cache.generation() == before
    page.title = "Giới thiệu chương trình"
    page.save()  # a script changing the live page without publishing
    assert page_cache.generation() == before + 1
