from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import Provenance
from tests.factories.cms import make_plan, make_plan_index, make_target

pytestmark = pytest.mark.django_db


def _table(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return soup.find("table", class_="targets")


def test_targets_table_is_accessible_and_shows_values(client, home):
    plan = make_plan(number="291/KH-UBND")
    make_target(plan, value_2025=Decimal("70"), value_2030=Decimal("80"), unit="%")
    table = _table(client, plan.url)
    assert "291/KH-UBND" in table.caption.get_text()
    assert [th["scope"] for th in table.thead.find_all("th")] == ["col"] * 4
    row = table.tbody.tr
    assert row.th["scope"] == "row"
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    assert cells[0] == "70\xa0%" and cells[1] == "80\xa0%"


def test_provenance_is_visible_to_readers(client, home):
    plan = make_plan()
    make_target(plan, indicator="Đã đọc")
    make_target(
        plan,
        indicator="Suy luận",
        provenance_2030=Provenance.INFERRED,
        source_note="Chưa thấy văn bản gốc cho mốc 2030.",
    )
    make_target(plan, indicator="Bị cắt", value_2025=None, provenance_2025=Provenance.NOT_FOUND)
    rows = {
        tr.th.get_text(strip=True): tr.find_all("td")
        for tr in _table(client, plan.url).tbody.find_all("tr")
    }
    assert rows["Đã đọc"][2].get_text(strip=True) == "đã đối chiếu văn bản"
    inferred = rows["Suy luận"][2].get_text(" ", strip=True)
    assert "2030: suy luận, chưa xác minh" in inferred
    assert "Chưa thấy văn bản gốc" in inferred
    assert "không có số liệu" in rows["Bị cắt"][0].get_text()
    assert "2025: chưa tìm thấy trong văn bản" in rows["Bị cắt"][2].get_text()


def test_plan_index_lists_live_plans_with_their_tables(client, home):
    index = make_plan_index()
    live = make_plan(index, targets=2)
    make_plan(index, targets=1, live=False)
    soup = BeautifulSoup(client.get(index.url).content, "html.parser")
    sections = soup.find_all("section", class_="plan")
    assert len(sections) == 1
    assert live.number in sections[0].h2.get_text()
    assert len(sections[0].find("table").tbody.find_all("tr")) == 2


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_plan_index_query_count_is_constant(client, home):
    index = make_plan_index()
    make_plan(index, targets=2)
    client.get(index.url)
    small = _count(client, index.url)
    for _ in range(5):
        make_plan(index, targets=8)
    assert _count(client, index.url) == small
