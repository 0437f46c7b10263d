"""Details of the public site a newcomer trips over (issue 13, findings 8 and 9)."""

import warnings

import pytest
from bs4 import BeautifulSoup
from django.core.cache import CacheKeyWarning
from django.test import RequestFactory

from cms import page_cache

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_canonical_and_og_url_use_the_real_host_not_the_site_record(client, home, settings):
    settings.ALLOWED_HOSTS = ["hoctap.example.vn", "testserver"]
    settings.SITE_URL = ""
    page = soup(client.get("/", HTTP_HOST="hoctap.example.vn"))
    assert page.find("link", rel="canonical")["href"] == "http://hoctap.example.vn/"
    assert page.find("meta", property="og:url")["content"] == "http://hoctap.example.vn/"
    settings.SITE_URL = "https://hoctap.hanoi.gov.vn"
    page = soup(client.get("/", HTTP_HOST="hoctap.example.vn"))
    assert page.find("link", rel="canonical")["href"] == "https://hoctap.hanoi.gov.vn/"


def test_home_title_is_not_doubled(client, home):
    title = soup(client.get("/")).title.get_text()
    assert title.count("Cổng học tập") == 1, title


def test_in_english_vietnamese_content_is_marked_lang_vi(client, home):
    client.cookies["django_language"] = "en"
    page = soup(client.get("/"))
    assert page.html["lang"] == "en"
    assert page.find("h1").get("lang") == "vi"
    client.cookies["django_language"] = "vi"
    assert soup(client.get("/")).find("h1").get("lang") is None


def test_footer_sitemap_is_a_page_for_people(client, home):
    response = client.get("/so-do-trang/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert soup(response).select_one("nav.sitemap a[href='/']")


def test_favicon_and_app_icons(client, home):
    page = soup(client.get("/"))
    assert page.find("link", rel="icon") and page.find("link", rel="apple-touch-icon")
    assert client.get("/favicon.ico").status_code == 302


def test_mobile_menu_button_works_without_javascript(client, home):
    page = soup(client.get("/"))
    button = page.select_one("a.menu-button")
    assert button["href"] == "#menu-chinh"
    assert page.find(id="menu-chinh").select_one("nav.site-nav, nav.tools-nav")
    assert not page.select("script:not([src])")  # no inline scripts (CSP)
    assert not page.select("style")


def test_a_5000_character_query_makes_a_short_cache_key(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_QUERY_PARAMS = ("q",)
    request = RequestFactory().get("/khoa-hoc/", {"q": "a" * 5000})
    key = page_cache.cache_key(request)
    assert key is not None and len(key) < 250
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        page_cache.shared_cache().get(key)
    other = page_cache.cache_key(RequestFactory().get("/khoa-hoc/", {"q": "a" * 4999}))
    assert other != key
