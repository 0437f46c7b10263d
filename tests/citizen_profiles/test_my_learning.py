"""The resident's "Học tập của tôi" page, its print summary and the xAPI download."""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from tests.factories.people import ParticipationRecordFactory, ResidentFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("citizen_profiles:my_learning")
PRINT_URL = reverse("citizen_profiles:my_learning_print")
XAPI_URL = reverse("citizen_profiles:my_learning_xapi")


@pytest.fixture
def me(client):
    citizen = ResidentFactory(full_name="Phạm Thu Hà")
    client.force_login(citizen.user)
    return citizen


def test_sign_in_required_for_every_page(client):
    for url in (URL, PRINT_URL, XAPI_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("citizen_profiles:login"))


def test_account_without_record_is_sent_to_claim(client):
    client.force_login(UserFactory())
    assert client.get(URL)["Location"] == reverse("citizen_profiles:claim")


def test_page_is_private_and_shows_year_total_months_and_sources(client, me):
    year = timezone.localdate().year
    ParticipationRecordFactory(
        citizen=me,
        kind="attendance",
        title="Tin học – buổi 1",
        hours=2,
        date=datetime.date(year, 1, 10),
        activity="courses.course:1",
    )
    ParticipationRecordFactory(
        citizen=me,
        kind="completion",
        title="Tin học",
        hours=18,
        date=datetime.date(year, 1, 20),
        activity="courses.course:1",
    )
    ParticipationRecordFactory(
        citizen=me,
        kind="declared",
        title="Đọc sách thư viện",
        hours=3,
        date=datetime.date(year, 1, 25),
    )
    ParticipationRecordFactory(
        citizen=ResidentFactory(), title="Của người khác", date=datetime.date(year, 1, 3)
    )
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    assert "Của người khác" not in html
    assert "Tổng cộng: <strong>5,0</strong> giờ." in html
    for label in ("Buổi học tại trung tâm", "Hoàn thành khóa học", "Khai báo đã được xác minh"):
        assert label in html
    assert "đã tính theo các buổi học" in html
    # The chart is a table with the numbers as text, month by month.
    assert "<caption>Số giờ học theo tháng, năm" in html
    assert html.count('<th scope="row">Tháng') == 12
    assert '<span class="bar-value">5,0</span>' in html
    assert reverse("citizen_profiles:my_learning_print") in html
    assert XAPI_URL in html


def test_year_selector_and_bad_year_falls_back_to_this_year(client, me):
    this_year = timezone.localdate().year
    ParticipationRecordFactory(
        citizen=me, title="Khóa năm ngoái", hours=7, date=datetime.date(this_year - 1, 5, 1)
    )
    ParticipationRecordFactory(
        citizen=me, title="Khóa năm nay", date=datetime.date(this_year, 1, 2)
    )
    html = client.get(URL, {"nam": this_year - 1}).content.decode()
    assert "Khóa năm ngoái" in html and "Khóa năm nay" not in html
    assert f'<option value="{this_year - 1}" selected>' in html
    for bad in ("abc", "99999", "-1", str(this_year + 1)):
        response = client.get(URL, {"nam": bad})
        assert response.status_code == 200
        assert "Khóa năm nay" in response.content.decode()


def test_records_are_paginated(client, me):
    year = timezone.localdate().year
    for day in range(1, 26):
        ParticipationRecordFactory(
            citizen=me, title=f"Hoạt động {day:02d}", date=datetime.date(year, 1, day)
        )
    first = client.get(URL).content.decode()
    assert "Hoạt động 25" in first and "Hoạt động 05" not in first
    assert "Trang 1/2" in first
    second = client.get(URL, {"nam": year, "page": 2}).content.decode()
    assert "Hoạt động 05" in second and "Hoạt động 25" not in second
    assert client.get(URL, {"page": "zzz"}).status_code == 200


def test_query_count_does_not_grow_with_records(client, me, django_assert_max_num_queries):
    year = timezone.localdate().year

    def add(n):
        for i in range(n):
            ParticipationRecordFactory(
                citizen=me,
                kind=("attendance", "completion", "declared")[i % 3],
                date=datetime.date(year, 1 + i % 12, 1),
                activity=f"courses.course:{i % 4}",
            )

    add(5)
    # Every concern adds its panel (declarations, skills, household, titles): each is
    # constant; what matters is that 50 records cost no more queries than 5.
    with django_assert_max_num_queries(60) as five:
        client.get(URL)
    add(45)
    with django_assert_max_num_queries(len(five.captured_queries)):
        client.get(URL)
    with django_assert_max_num_queries(len(five.captured_queries)):
        client.get(PRINT_URL)


@pytest.fixture
def panel_templates(settings, tmp_path):
    (tmp_path / "panel_a.html").write_text("<section>PANEL-A {{ panel.note }}</section>")
    (tmp_path / "panel_b.html").write_text("<section>PANEL-B {{ panel.note }}</section>")
    templates = [dict(engine) for engine in settings.TEMPLATES]
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp_path]
    settings.TEMPLATES = templates


def test_panels_from_the_hook_render_in_order(client, me, panel_templates):
    seen = []

    def later(citizen, request, year):
        seen.append((citizen.pk, year))
        return {"template": "panel_b.html", "context": {"note": "sau"}, "order": 20}

    def earlier(citizen, request, year):
        return {"template": "panel_a.html", "context": {"note": "trước"}, "order": 5}

    def nothing(citizen, request, year):
        return None

    with (
        hooks.register_temporarily("my_learning_panels", later),
        hooks.register_temporarily("my_learning_panels", earlier),
        hooks.register_temporarily("my_learning_panels", nothing),
    ):
        html = client.get(URL, {"nam": 2025}).content.decode()
    assert seen == [(me.pk, 2025)]
    assert html.index("PANEL-A trước") < html.index("PANEL-B sau")


def test_print_summary_lists_the_whole_year(client, me):
    year = timezone.localdate().year
    for day in range(1, 26):
        ParticipationRecordFactory(
            citizen=me, title=f"Hoạt động {day:02d}", date=datetime.date(year, 2, day), hours=1
        )
    response = client.get(PRINT_URL)
    assert response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    assert "Phạm Thu Hà" in html and "Hoạt động 01" in html and "Hoạt động 25" in html
    assert "<strong>25,0</strong>" in html
    assert "@media print" in html


def test_profile_links_to_my_learning_and_shows_credited_hours(client, me):
    today = timezone.localdate()
    ParticipationRecordFactory(citizen=me, kind="attendance", hours=2, date=today, activity="c:1")
    ParticipationRecordFactory(citizen=me, kind="completion", hours=18, date=today, activity="c:1")
    html = client.get(reverse("citizen_profiles:profile")).content.decode()
    assert URL in html
    assert "<strong>2,0</strong>" in html


def test_xapi_download_is_the_residents_own_statements(client, me):
    ParticipationRecordFactory(citizen=me, kind="declared", hours=Decimal("1.5"), title="CLB")
    ParticipationRecordFactory(citizen=ResidentFactory(), title="Không phải của tôi")
    response = client.get(XAPI_URL)
    assert response["Cache-Control"] == "private, no-store"
    assert "attachment" in response["Content-Disposition"]
    statements = json.loads(response.content)
    assert [s["object"]["definition"]["name"]["vi-VN"] for s in statements] == ["CLB"]
    assert statements[0]["result"]["duration"] == "PT1H30M"
