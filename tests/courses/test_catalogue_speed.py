"""The catalogue's fast paths give the same page as the slow ones: card URLs built from
url_path equal Wagtail's get_url(), and the site chrome kept in the low-level cache (menus,
footer settings, breadcrumbs) is refreshed when a menu, the footer or a page changes."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from cms.models import FOOTER_MENU, MAIN_MENU, FooterSettings, Menu, MenuItem
from courses.cards import PageUrls
from tests.factories.courses import make_catalogue, make_centre, make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def fragments_on(settings):
    settings.PAGE_FRAGMENT_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def test_card_urls_equal_wagtail_get_url(home):
    centre = make_centre(title="TTHTCĐ Phường Láng")
    course = make_course(centre=centre, title="Tin học cơ bản")
    request = RequestFactory().get("/khoa-hoc/", HTTP_HOST="localhost")
    urls = PageUrls(request)
    for page in (home, centre, course):
        page.refresh_from_db()
        assert urls(page.url_path) == page.get_url(request)
    assert urls("/not-under-any-site/") is None


def test_catalogue_cards_link_to_course_and_centre(client, home):
    make_catalogue()
    centre = make_centre(title="TTHTCĐ Phường Láng")
    course = make_course(centre=centre, title="Tin học cơ bản")
    html = client.get("/khoa-hoc/").content.decode()
    assert f'href="{course.get_url()}"' in html
    assert f'href="{centre.get_url()}"' in html


def test_warm_chrome_costs_no_queries_and_menu_edits_show_at_once(
    client, home, fragments_on, django_assert_max_num_queries
):
    make_catalogue()
    make_course(centre=make_centre(), title="Tin học cơ bản")
    menu = Menu.objects.create(title="Chính", slug=MAIN_MENU)
    MenuItem.objects.create(menu=menu, label="Mục cũ", link_url="/cu/")
    Menu.objects.create(title="Chân trang", slug=FOOTER_MENU)
    first = client.get("/khoa-hoc/")
    assert "Mục cũ" in first.content.decode()
    with django_assert_max_num_queries(100) as warm_queries:
        client.get("/khoa-hoc/")
    warm_sql = " ".join(q["sql"] for q in warm_queries.captured_queries)
    assert "cms_menuitem" not in warm_sql and "cms_footersettings" not in warm_sql

    MenuItem.objects.create(menu=menu, label="Mục mới", link_url="/moi/")
    assert "Mục mới" in client.get("/khoa-hoc/").content.decode()

    footer = FooterSettings.objects.get()
    footer.organisation = "Sở Giáo dục và Đào tạo Hà Nội"
    footer.save()
    assert "Sở Giáo dục và Đào tạo Hà Nội" in client.get("/khoa-hoc/").content.decode()


def test_breadcrumbs_follow_a_renamed_centre(client, home, fragments_on):
    centre = make_centre(title="TTHTCĐ Phường Láng")
    course = make_course(centre=centre, title="Tin học cơ bản")
    assert "TTHTCĐ Phường Láng" in client.get(course.url).content.decode()
    centre.title = "TTHTCĐ Phường Đống Đa"
    centre.save_revision().publish()
    html = client.get(course.url).content.decode()
    assert "TTHTCĐ Phường Đống Đa" in html and "TTHTCĐ Phường Láng" not in html


def test_site_lookup_is_cached_and_a_site_change_invalidates(
    client, home, fragments_on, django_assert_max_num_queries
):
    from wagtail.models import Site

    from cms import page_cache

    make_catalogue()
    make_course(centre=make_centre(), title="Tin học cơ bản")
    client.get("/khoa-hoc/")
    with django_assert_max_num_queries(100) as warm_queries:
        assert client.get("/khoa-hoc/").status_code == 200
    assert not any("wagtailcore_site" in q["sql"] for q in warm_queries.captured_queries)
    before = page_cache.generation()
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Cổng học tập"
    site.save()
    assert page_cache.generation() > before
