"""Site-wide behaviour: SEO tags, sitemap, robots.txt, error pages, API."""

from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings
from django.urls import path

from tests.factories.cms import make_news, make_plan, make_target

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_seo_title_description_and_open_graph(client, home):
    article = make_news(
        title="Tiêu đề bài", seo_title="Tiêu đề SEO", search_description="Mô tả cho máy tìm kiếm"
    )
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert soup.title.get_text().startswith("Tiêu đề SEO")
    assert soup.find("meta", attrs={"name": "description"})["content"] == "Mô tả cho máy tìm kiếm"
    assert soup.find("meta", property="og:title")["content"] == "Tiêu đề SEO"
    # The request's host (the Site record's hostname is a placeholder: issue 13).
    address = "http://testserver" + article.url
    assert soup.find("meta", property="og:url")["content"] == address
    assert soup.find("link", rel="canonical")["href"] == address


def test_description_falls_back_to_summary(client, home):
    article = make_news(summary="Tóm tắt bài viết")
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert soup.find("meta", property="og:description")["content"] == "Tóm tắt bài viết"


def test_sitemap_is_valid_xml_listing_live_pages(client, home):
    live = make_news()
    draft = make_news(live=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    locs = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert any(loc.endswith(live.url) for loc in locs)
    assert not any(loc.endswith(draft.url) for loc in locs)
    assert any(loc.endswith("/tin-tuc/") for loc in locs)


def test_robots_txt_points_at_sitemap(client, home):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_404_page_is_vietnamese(client, home):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert 'lang="vi"' in html


def _boom(request):
    raise RuntimeError("lỗi thử")


urlpatterns = [path("boom/", _boom)]


@override_settings(ROOT_URLCONF=__name__)
def test_500_page_is_vietnamese(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Đã có lỗi xảy ra" in response.content.decode()


def test_text_page_is_light(client, home):
    plan = make_plan()
    for i in range(12):
        make_target(plan, indicator=f"Chỉ tiêu {i}")
    response = client.get(plan.url)
    assert len(response.content) < 100_000


def test_api_exposes_plan_targets_with_provenance(client, home):
    plan = make_plan(number="290/KH-UBND")
    make_target(plan, key="gdht_pct")
    response = client.get(f"/api/v2/pages/{plan.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["number"] == "290/KH-UBND"
    assert data["targets"][0]["key"] == "gdht_pct"
    assert data["targets"][0]["provenance_2025"] == "read"


def test_api_lists_news_fields(client, home):
    make_news(author="Ban biên tập", tags=["Kế hoạch"])
    response = client.get("/api/v2/pages/?type=cms.NewsPage&fields=author,tags,date")
    item = response.json()["items"][0]
    assert item["author"] == "Ban biên tập"
    assert item["tags"] == ["Kế hoạch"]


def test_english_catalogue_translates_the_site_chrome(client, home):
    client.cookies["django_language"] = "en"  # chosen with the language switcher
    html = client.get("/").content.decode()
    assert 'lang="en"' in html
    assert "Skip to main content" in html
    assert "The city's main targets" in html
