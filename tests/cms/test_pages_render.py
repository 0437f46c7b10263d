"""Every cms page type renders, with only its required fields and with all of them."""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from tests.factories.cms import (
    make_image,
    make_news,
    make_news_index,
    make_plan,
    make_plan_index,
    make_standard,
    make_target,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _offline_embeds(settings):
    settings.WAGTAILEMBEDS_FINDERS = [{"class": "tests.cms.embed_finder.FakeVideoFinder"}]


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def _document():
    return get_document_model().objects.create(
        title="Toàn văn kế hoạch", file=ContentFile(b"%PDF-1.4 thu", name="ke-hoach.pdf")
    )


def full_body(link_page):
    return [
        {"type": "heading", "value": {"text": "Mục tiêu chung", "level": "h2"}},
        {"type": "paragraph", "value": "<p>Học tập <b>suốt đời</b>.</p>"},
        {
            "type": "image",
            "value": {
                "image": make_image().pk,
                "alt_text": "Lớp học tin học",
                "caption": "Ảnh lớp",
            },
        },
        {"type": "document", "value": {"document": _document().pk, "title": ""}},
        {"type": "quote", "value": {"quote": "Học, học nữa", "attribution": "Khẩu hiệu"}},
        {
            "type": "table",
            "value": {
                "first_row_is_table_header": True,
                "first_col_is_header": True,
                "table_caption": "Bảng chỉ tiêu",
                "data": [["Năm", "Tỷ lệ"], ["2025", "70 %"]],
            },
        },
        {
            "type": "video",
            "value": {
                "video": "https://video.example/v/1",
                "title": "Phim giới thiệu",
                "caption": "",
            },
        },
        {
            "type": "call_to_action",
            "value": {
                "title": "Đăng ký học",
                "text": "",
                "button_label": "Xem khóa học",
                "page": link_page.pk,
                "url": "",
            },
        },
    ]


def test_home_renders_without_optional_fields(client, home):
    soup = _get(client, "/")
    assert soup.h1.get_text(strip=True) == home.title
    assert "Chưa có tin tức" in soup.get_text()
    assert "Chưa có chỉ tiêu nào" in soup.get_text()


def test_home_renders_with_every_block(client, home):
    home.intro = "Giới thiệu ngắn"
    home.body = full_body(home)
    home.save()
    soup = _get(client, "/")
    assert soup.find("p", class_="lead").get_text() == "Giới thiệu ngắn"
    assert soup.find("h2", string="Mục tiêu chung")


def test_standard_page_renders_every_block(client, home):
    page = make_standard(intro="Mở đầu", body=full_body(home))
    soup = _get(client, page.url)
    main = soup.find("main")
    assert main.find("h2", string="Mục tiêu chung")
    assert main.find("img", alt="Lớp học tin học")
    assert main.find("figcaption", string="Ảnh lớp")
    assert main.find("a", string="Toàn văn kế hoạch")
    assert main.find("blockquote")
    table = main.find("table")
    assert table.caption.get_text(strip=True) == "Bảng chỉ tiêu"
    assert table.find("th", scope="col") and table.find("th", scope="row")
    assert main.find("iframe")
    assert main.find("a", class_="button", href="/")


def test_standard_page_renders_with_title_only(client, home):
    page = make_standard()
    soup = _get(client, page.url)
    assert soup.h1.get_text(strip=True) == page.title


def test_news_page_renders_with_and_without_optional_fields(client, home):
    bare = make_news()
    soup = _get(client, bare.url)
    assert soup.h1.get_text(strip=True) == bare.title
    assert not soup.find("meta", property="og:image")

    full = make_news(
        author="Ban biên tập",
        summary="Tóm tắt",
        lead_image=make_image(),
        lead_image_alt="Người dân học tin học",
        body=full_body(home),
        tags=["Kỹ năng số"],
        date=date(2025, 2, 18),
    )
    soup = _get(client, full.url)
    assert "18/02/2025" in soup.find("time").get_text()
    assert soup.find("img", alt="Người dân học tin học")
    assert soup.find("meta", property="og:type")["content"] == "article"
    assert soup.find("meta", property="og:image")["content"].startswith("http://testserver/")
    assert soup.find("a", string="Kỹ năng số")


def test_news_index_renders_empty(client, home):
    index = make_news_index()
    soup = _get(client, index.url)
    assert "Chưa có tin tức" in soup.get_text()


def test_plan_pages_render_with_and_without_optional_fields(client, home):
    bare = make_plan()
    soup = _get(client, bare.url)
    assert "Chưa nhập chỉ tiêu" in soup.get_text()

    full = make_plan(
        date_signed=date(2023, 12, 5),
        summary="<p>Tóm tắt kế hoạch</p>",
        document=_document(),
        body=full_body(home),
    )
    make_target(full)
    soup = _get(client, full.url)
    assert "05/12/2023" in soup.get_text()
    assert soup.find("a", string="Toàn văn kế hoạch")
    assert soup.find("table", class_="targets")

    index_soup = _get(client, make_plan_index().url)
    assert len(index_soup.find_all("section", class_="plan")) == 2
