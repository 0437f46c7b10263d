from datetime import date, timedelta
from urllib.parse import quote
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models.news import NEWS_PER_PAGE
from tests.factories.cms import make_image, make_news, make_news_index

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select("main .news-card h2 a")]


def _many(n, **fields):
    index = make_news_index()
    return [make_news(index, date=date(2024, 1, 1) + timedelta(days=i), **fields) for i in range(n)]


def test_listing_is_newest_first_and_paginated(client, home):
    articles = _many(NEWS_PER_PAGE + 2)
    first = client.get("/tin-tuc/")
    assert _titles(first)[0] == articles[-1].title
    assert len(_titles(first)) == NEWS_PER_PAGE
    second = client.get("/tin-tuc/?page=2")
    assert _titles(second) == [a.title for a in reversed(articles[:2])]
    assert 'rel="prev"' in second.content.decode()


@pytest.mark.parametrize("bad", ["abc", "99999", "-1", "0", "1.5", "%00"])
def test_bad_page_numbers_never_fail(client, home, bad):
    _many(NEWS_PER_PAGE + 1)
    response = client.get(f"/tin-tuc/?page={bad}")
    assert response.status_code == 200
    assert _titles(response)


def test_filter_by_tag(client, home):
    index = make_news_index()
    tagged = make_news(index, tags=["Kỹ năng số"])
    make_news(index, tags=["Kế hoạch"])
    slug = tagged.tags.get().slug
    response = client.get(f"/tin-tuc/?the={quote(slug)}")
    assert _titles(response) == [tagged.title]
    assert "Kỹ năng số" in BeautifulSoup(response.content, "html.parser").h1.get_text()


def test_unknown_tag_shows_an_empty_list_not_an_error(client, home):
    make_news(tags=["Kế hoạch"])
    response = client.get("/tin-tuc/?the=khong-co-the-nay")
    assert response.status_code == 200
    assert _titles(response) == []
    assert "Không có bài viết nào với thẻ này" in response.content.decode()


def test_draft_news_is_not_listed(client, home):
    live = make_news()
    draft = make_news(live=False)
    titles = _titles(client.get("/tin-tuc/"))
    assert live.title in titles and draft.title not in titles


def test_index_advertises_its_feeds(client, home):
    make_news_index()
    soup = BeautifulSoup(client.get("/tin-tuc/").content, "html.parser")
    types = {link["type"]: link["href"] for link in soup.find_all("link", rel="alternate")}
    assert types["application/rss+xml"] == "/tin-tuc/rss/"
    assert types["application/atom+xml"] == "/tin-tuc/atom/"


def test_rss_feed_is_valid_xml_with_items(client, home):
    articles = _many(3, author="Ban biên tập", summary="Tóm tắt")
    articles[0].tags.add("Kỹ năng số")
    articles[0].save()
    response = client.get("/tin-tuc/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ElementTree.fromstring(response.content)
    items = root.findall("./channel/item")
    assert [item.findtext("title") for item in items] == [a.title for a in reversed(articles)]
    assert items[0].findtext("link") == f"http://testserver{articles[-1].url}"
    assert items[-1].findtext("category") == "Kỹ năng số"


def test_atom_feed_is_valid_xml_with_entries(client, home):
    articles = _many(2, author="Ban biên tập")
    response = client.get("/tin-tuc/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    assert entries[0].findtext(f"{ATOM}title") == articles[-1].title
    assert entries[0].find(f"{ATOM}author/{ATOM}name").text == "Ban biên tập"


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_listing_query_count_does_not_grow_with_articles(client, home):
    index = make_news_index()

    def add(n):
        for _ in range(n):
            make_news(index, lead_image=make_image(), tags=["Kế hoạch", "Kỹ năng số"])

    add(2)
    client.get("/tin-tuc/")  # warm renditions and site caches
    small = _count_queries(client, "/tin-tuc/")
    add(NEWS_PER_PAGE)
    client.get("/tin-tuc/")
    large = _count_queries(client, "/tin-tuc/")
    assert large == small
    assert small <= 20


def test_feed_query_count_does_not_grow_with_articles(client, home):
    _many(2, author="A")
    client.get("/tin-tuc/rss/")  # warm the site-root cache
    small = _count_queries(client, "/tin-tuc/rss/")
    _many(8, author="B")
    assert _count_queries(client, "/tin-tuc/rss/") == small


def test_tag_filter_accepts_decomposed_unicode(client, home):
    import unicodedata

    tagged = make_news(tags=["Kỹ năng số"])
    slug = unicodedata.normalize("NFD", tagged.tags.get().slug)
    assert _titles(client.get(f"/tin-tuc/?the={quote(slug)}")) == [tagged.title]
