import copy
from datetime import date
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from wagtail import hooks

from cms.headlines import CurrentValue
from tests.factories.cms import make_news, make_plan, make_target

pytestmark = pytest.mark.django_db


def _cards(client):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    section = soup.find("section", attrs={"aria-labelledby": "chi-tieu"})
    return section.find_all("li", class_="card")


@pytest.fixture
def headline(home):
    plan = make_plan(number="291/KH-UBND")
    make_target(plan, key="gdht_pct", is_headline=True)
    make_target(plan, key="khong_noi_bat", indicator="Không nổi bật")
    return plan


def test_headline_targets_without_statistics_show_the_plan_targets(client, headline):
    cards = _cards(client)
    assert len(cards) == 1
    goals = {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True)
        for dt in cards[0].select(".target-goals dt")
    }
    assert goals == {"Mục tiêu năm 2025": "70\xa0%", "Mục tiêu năm 2030": "80\xa0%"}
    text = cards[0].get_text(" ", strip=True)
    assert "chưa có số liệu" not in text
    assert "291/KH-UBND" in text and cards[0].find("a", href=True)


def test_headline_values_come_from_the_hook(client, headline):
    def values(page, request):
        return {"gdht_pct": CurrentValue(value=Decimal("58.5"), as_of=date(2026, 6, 30))}

    with hooks.register_temporarily("headline_target_values", values):
        text = _cards(client)[0].get_text(" ", strip=True)
    assert "58,5" in text
    assert "30/06/2026" in text
    assert "chưa có số liệu" not in text


def test_plain_numbers_from_the_hook_are_accepted(client, headline):
    with hooks.register_temporarily(
        "headline_target_values", lambda page, request: {"gdht_pct": 61}
    ):
        assert "61" in _cards(client)[0].get_text()


def test_home_page_panels_hook_renders_in_order(client, home, tmp_path, settings):
    (tmp_path / "panel.html").write_text("<section><h2>{{ panel.heading }}</h2></section>")
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp_path]
    settings.TEMPLATES = templates

    def second(page, request):
        return {"template": "panel.html", "context": {"heading": "Khóa học sắp mở"}, "order": 20}

    def first(page, request):
        return {"template": "panel.html", "context": {"heading": "Trước"}, "order": 10}

    def nothing(page, request):
        return None

    with (
        hooks.register_temporarily("home_page_panels", second),
        hooks.register_temporarily("home_page_panels", first),
        hooks.register_temporarily("home_page_panels", nothing),
    ):
        html = client.get("/").content.decode()
    assert html.index("Trước") < html.index("Khóa học sắp mở")


def test_latest_news_shows_three_newest(client, home):
    articles = [make_news(date=date(2024, 1, day)) for day in range(1, 6)]
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    section = soup.find("section", attrs={"aria-labelledby": "tin-moi"})
    titles = [a.get_text() for a in section.select("h3 a")]
    assert titles == [a.title for a in reversed(articles[-3:])]


def test_home_query_count_does_not_grow_with_news_and_targets(client, home):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.cms import make_image

    def count():
        client.get("/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/").status_code == 200
        return len(ctx.captured_queries)

    plan = make_plan()
    make_target(plan, key="a", is_headline=True)
    make_news(lead_image=make_image(), tags=["Kế hoạch"])
    small = count()
    for i in range(5):
        make_target(make_plan(), key=f"k{i}", is_headline=True)
        make_news(lead_image=make_image(), tags=["Kế hoạch", "Kỹ năng số"])
    assert count() == small


def test_home_reads_targets_and_news_once_per_publish(client, headline, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_SECONDS = 0  # the whole-page cache off: only the fragment caches
    settings.PAGE_FRAGMENT_CACHE_SECONDS = 300
    client.get("/")
    with CaptureQueriesContext(connection) as warm:
        client.get("/")
    assert not [q for q in warm.captured_queries if "cms_plantarget" in q["sql"]]
    assert not [q for q in warm.captured_queries if "cms_newspage" in q["sql"]]
    make_news(title="Tin vừa đăng")  # publishing bumps the generation
    assert "Tin vừa đăng" in client.get("/").content.decode()
