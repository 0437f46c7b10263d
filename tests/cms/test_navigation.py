import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail.models import Site

from cms.models import FOOTER_MENU, MAIN_MENU, FooterSettings, Menu, MenuItem
from tests.factories.cms import make_news, make_news_index, make_plan, make_plan_index

pytestmark = pytest.mark.django_db


def _soup(client, url="/"):
    return BeautifulSoup(client.get(url).content, "html.parser")


def _nav_links(soup):
    nav = soup.find("nav", class_="site-nav")
    return [(a.get_text(strip=True), a["href"]) for a in nav.find_all("a")]


def test_empty_menu_falls_back_to_the_main_sections(client, home):
    assert [href for _, href in _nav_links(_soup(client))] == [
        "/khoa-hoc/",
        "/trung-tam/",
        "/ke-hoach/",
        "/tin-tuc/",
    ]


def test_main_menu_is_editable_and_ordered(client, home):
    plans = make_plan_index(title="Kế hoạch và chỉ tiêu")
    menu = Menu.objects.create(title="Chính", slug=MAIN_MENU)
    MenuItem.objects.create(menu=menu, sort_order=2, link_page=plans)
    MenuItem.objects.create(menu=menu, sort_order=1, label="Khóa học", link_url="/khoa-hoc/")
    assert _nav_links(_soup(client)) == [
        ("Khóa học", "/khoa-hoc/"),
        ("Kế hoạch và chỉ tiêu", "/ke-hoach/"),
    ]


def test_menu_skips_unpublished_pages(client, home):
    draft = make_plan_index(live=False)
    menu = Menu.objects.create(title="Chính", slug=MAIN_MENU)
    MenuItem.objects.create(menu=menu, sort_order=1, link_page=draft)
    MenuItem.objects.create(menu=menu, sort_order=2, label="Tin", link_url="/tin-tuc/")
    assert _nav_links(_soup(client)) == [("Tin", "/tin-tuc/")]


def test_current_section_is_marked(client, home):
    index = make_plan_index()
    plan = make_plan(index)
    menu = Menu.objects.create(title="Chính", slug=MAIN_MENU)
    MenuItem.objects.create(menu=menu, sort_order=1, label="Trang chủ", link_url="/")
    MenuItem.objects.create(menu=menu, sort_order=2, link_page=index)
    nav = _soup(client, plan.url).find("nav", class_="site-nav")
    assert nav.find("a", attrs={"aria-current": "true"})["href"] == "/ke-hoach/"
    assert nav.find("a", href="/").get("aria-current") is None
    nav = _soup(client, index.url).find("nav", class_="site-nav")
    assert nav.find("a", attrs={"aria-current": "page"})["href"] == "/ke-hoach/"


def test_footer_menu_and_settings(client, home):
    menu = Menu.objects.create(title="Chân trang", slug=FOOTER_MENU)
    MenuItem.objects.create(menu=menu, label="Sơ đồ trang", link_url="/sitemap.xml")
    FooterSettings.objects.create(
        site=Site.objects.get(is_default_site=True),
        about="Giới thiệu chân trang",
        organisation="Hội Khuyến học Thành phố",
        email="lienhe@example.vn",
    )
    footer = _soup(client).find("footer")
    assert footer.find("a", href="/sitemap.xml").get_text() == "Sơ đồ trang"
    assert "Giới thiệu chân trang" in footer.get_text()
    assert footer.find("a", href="mailto:lienhe@example.vn")


def test_footer_has_default_text_without_settings(client, home):
    assert "290/KH-UBND" in _soup(client).find("footer").get_text()


@pytest.mark.parametrize(
    "fields",
    [{}, {"link_url": "javascript:alert(1)", "label": "x"}, {"link_url": "/a/"}],
)
def test_menu_item_rejects_bad_links(home, fields):
    menu = Menu.objects.create(title="Chính", slug=MAIN_MENU)
    with pytest.raises(ValidationError):
        MenuItem(menu=menu, **fields).clean()


def test_menu_item_accepts_page_or_url(home):
    menu = Menu.objects.create(title="Chính", slug=MAIN_MENU)
    MenuItem(menu=menu, link_page=home).clean()
    MenuItem(menu=menu, label="Khóa học", link_url="/khoa-hoc/").clean()


def test_breadcrumbs_show_ancestors(client, home):
    article = make_news(make_news_index(title="Tin tức"))
    crumbs = _soup(client, article.url).find("nav", class_="breadcrumbs")
    items = [li.get_text(strip=True) for li in crumbs.find_all("li")]
    assert items == ["Trang chủ", "Tin tức", article.title]
    assert crumbs.find(attrs={"aria-current": "page"}).get_text() == article.title


def test_home_has_no_breadcrumbs(client, home):
    assert _soup(client).find("nav", class_="breadcrumbs") is None


def test_menu_is_read_once_per_page_whatever_its_length(
    client, home, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    menu = Menu.objects.create(title="Chính", slug=MAIN_MENU)
    MenuItem.objects.create(menu=menu, label="A", link_url="/a/")
    client.get("/")
    with CaptureQueriesContext(connection) as small:
        client.get("/")
    for i in range(10):
        MenuItem.objects.create(menu=menu, sort_order=i, link_page=home)
    with CaptureQueriesContext(connection) as large:
        client.get("/")
    assert len(large.captured_queries) == len(small.captured_queries)
