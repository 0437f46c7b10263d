"""The public statistics page and JSON: aggregates only, suppression, bad input → 400."""

import datetime
import json

import pytest

from tests.factories.geography import WardFactory
from tests.factories.people import CitizenFactory, ParticipationRecordFactory

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture
def city():
    big, small = WardFactory(name="Phường Lớn"), WardFactory(name="Phường Nhỏ")
    people = []
    for i in range(12):
        person = CitizenFactory(
            ward=big, birth_year=1980, full_name=f"Lê Thị Bí Mật {i}", phone="0912345678"
        )
        people.append(person)
        if i < 7:
            ParticipationRecordFactory(citizen=person, date=datetime.date(YEAR, 3, 1))
    lonely = CitizenFactory(ward=small, birth_year=1980, full_name="Người Duy Nhất")
    ParticipationRecordFactory(citizen=lonely, date=datetime.date(YEAR, 3, 1))
    return big, small


def test_api_gives_values_targets_status_and_sources(client, city):
    response = client.get("/api/thong-ke/", {"nam": YEAR})
    assert response.status_code == 200
    data = response.json()
    assert data["scope"] == {"kind": "city", "code": "ha-noi", "name": "Thành phố Hà Nội"}
    by_key = {row["key"]: row for row in data["indicators"]}
    learners = by_key["learners_pct"]
    assert (learners["numerator"], learners["denominator"]) == (8, 13)
    assert learners["definition"]["numerator"]
    families = by_key["gdht_pct"]
    assert families["available"] is True and families["denominator"] == 0
    assert families["target"] == {
        "year": 2025,
        "value": 70.0,
        "source": "291/KH-UBND",
        "provenance": "read",
    }


def test_a_small_ward_is_suppressed_in_json(client, city):
    _big, small = city
    data = client.get("/api/thong-ke/", {"nam": YEAR, "pham_vi": small.code}).json()
    learners = {row["key"]: row for row in data["indicators"]}["learners_pct"]
    assert learners["suppressed"] is True
    assert learners["value"] is None and learners["numerator"] is None


def test_ward_ranking_hides_the_small_ward_and_its_complement(client, city):
    big, small = city
    response = client.get("/thong-ke/", {"nam": YEAR, "chi_so": "learners_pct"})
    assert response.status_code == 200
    html = response.content.decode()
    # The small ward is hidden; the big ward too, or the city total would reveal it.
    assert "7/12" not in html and "1/1<" not in html
    assert "8/13" in html


def test_no_personal_data_on_public_outputs(client, city):
    for url in ("/thong-ke/", "/api/thong-ke/"):
        body = client.get(url, {"nam": YEAR}).content.decode()
        assert "Bí Mật" not in body and "Người Duy Nhất" not in body
        assert "0912345678" not in body
    data = json.loads(client.get("/api/thong-ke/", {"nam": YEAR}).content)
    keys = {k for row in data["indicators"] for k in row}
    assert not keys & {"full_name", "phone", "email", "citizen", "birth_year"}


@pytest.mark.parametrize(
    "params",
    [
        {"nam": "abc"},
        {"nam": "1999"},
        {"nam": "3000"},
        {"nam": "２０２５"},
        {"pham_vi": "99999"},
        {"pham_vi": "'; drop table"},
        {"chi_so": "khong-co"},
        {"la": "1"},
        {"nam": "2025" * 300},
    ],
)
def test_bad_parameters_answer_400_with_a_message(client, params):
    WardFactory()
    api = client.get("/api/thong-ke/", params)
    assert api.status_code == 400
    assert api.json()["error"]
    page = client.get("/thong-ke/", params)
    assert page.status_code == 400
    assert "Không xem được thống kê" in page.content.decode()


def test_home_page_links_the_public_statistics(client):
    from tests.factories.pages import make_home

    make_home()
    assert 'href="/thong-ke/"' in client.get("/").content.decode()
