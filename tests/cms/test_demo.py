from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from taggit.models import Tag
from wagtail.models import Page

from cms.models import MenuItem, NewsPage, PlanPage, PlanTarget, Provenance
from cms.models.news import NEWS_PER_PAGE

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        list(Page.objects.order_by("pk").values_list("pk", "path", "title", "live")),
        list(PlanTarget.objects.order_by("pk").values()),
        list(MenuItem.objects.order_by("pk").values()),
        list(Tag.objects.order_by("pk").values()),
    )


@pytest.fixture
def seeded(db):
    call_command("seed_demo", "--small", verbosity=0)


def test_second_run_changes_nothing(seeded):
    before = _snapshot()
    call_command("seed_demo", "--small", verbosity=0)
    assert _snapshot() == before


def test_seeds_the_four_plans_with_their_targets(seeded):
    numbers = set(PlanPage.objects.values_list("number", flat=True))
    assert {"290/KH-UBND", "291/KH-UBND", "387/QĐ-TTg", "677/QĐ-TTg"} <= numbers
    for plan in PlanPage.objects.all():
        assert plan.targets.exists(), plan.number


def test_targets_carry_values_and_provenance_from_criteria_yaml(seeded):
    def row(number, key):
        return PlanTarget.objects.get(page__number=number, key=key)

    gdht = row("291/KH-UBND", "gdht_pct")
    assert (gdht.value_2025, gdht.value_2030) == (Decimal("70"), Decimal("80"))
    assert gdht.provenance_2025 == gdht.provenance_2030 == Provenance.READ
    assert gdht.is_headline

    national = row("387/QĐ-TTg", "gdht_pct")
    assert national.provenance_2025 == Provenance.READ
    assert national.provenance_2030 == Provenance.INFERRED
    assert national.source_note

    cut_off = row("290/KH-UBND", "staff_in_dvht_cdht_pct")
    assert cut_off.value_2025 is None and cut_off.provenance_2025 == Provenance.NOT_FOUND
    assert cut_off.value_2030 == Decimal("80")

    proficient = row("290/KH-UBND", "cdht_proficient_digital_self_update_pct")
    assert proficient.provenance_2030 == Provenance.INFERRED
    digital = row("290/KH-UBND", "cdht_with_digital_skills_pct")
    assert (digital.value_2025, digital.value_2030) == (Decimal("70"), Decimal("90"))
    assert digital.provenance_2030 == Provenance.READ


def test_demo_site_serves_home_plans_and_news(client, seeded):
    home = BeautifulSoup(client.get("/").content, "html.parser")
    assert "chưa có số liệu" not in home.get_text()
    assert "Mục tiêu năm 2030" in home.get_text()
    assert home.find("nav", class_="site-nav").find("a", href="/ke-hoach/")

    plans = BeautifulSoup(client.get("/ke-hoach/").content, "html.parser")
    assert len(plans.find_all("table", class_="targets")) == 4

    assert NewsPage.objects.live().count() > NEWS_PER_PAGE
    news = BeautifulSoup(client.get("/tin-tuc/").content, "html.parser")
    assert news.find("nav", class_="pagination")
    assert client.get("/tin-tuc/rss/").status_code == 200
    for slug in ("gioi-thieu", "cac-danh-hieu-hoc-tap"):
        assert client.get(f"/{slug}/").status_code == 200
