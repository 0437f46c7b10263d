import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import ModelLogEntry

from citizen_profiles.models import CLAIM_CODE_ALPHABET, Citizen, ParticipationRecord
from citizen_profiles.services import citizen_create_assisted
from tests.factories.people import ParticipationRecordFactory, ResidentFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
SIGNUP = reverse("citizen_profiles:signup")
CLAIM = reverse("citizen_profiles:claim")


@pytest.fixture
def assisted(ward):
    staff = UserFactory()
    return citizen_create_assisted(
        full_name="Lê Văn Bảy", birth_year=1950, ward=ward, phone="0911 111 111", created_by=staff
    )


def test_assisted_citizen_gets_unique_unambiguous_claim_code(ward):
    codes = {citizen_create_assisted(full_name=f"Cụ {i}", ward=ward).claim_code for i in range(30)}
    assert len(codes) == 30
    for code in codes:
        assert len(code) == 8
        assert set(code) <= set(CLAIM_CODE_ALPHABET)
        assert not set(code) & set("01IOLUV")


def test_assisted_keeps_shared_signature_and_household_phone(ward):
    a = citizen_create_assisted(full_name="Bà A", birth_year=1940, ward=ward, phone="0911111111")
    b = citizen_create_assisted(full_name="Ông B", birth_year=1941, ward=ward, phone="0911111111")
    assert a.phone == b.phone == "0911111111"  # a household phone may be shared
    assert a.user is None and b.user is None


def claim_signup(ward, code, **overrides):
    data = {
        "full_name": "le van bay",  # folded spelling still matches
        "birth_year": "1950",
        "ward": str(ward.pk),
        "phone": "0912345678",
        "email": "",
        "password1": "hoc-suot-doi-2025",
        "password2": "hoc-suot-doi-2025",
        "claim_code": code,
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_claim_at_signup_links_the_assisted_record(client, ward, assisted):
    ParticipationRecordFactory(citizen=assisted)
    code = assisted.claim_code_display().lower()  # "abcd-efgh" is accepted too
    response = client.post(SIGNUP, claim_signup(ward, code, full_name="Lê Văn Bảy"))
    assert response.status_code == 302
    assisted.refresh_from_db()
    assert assisted.user == User.objects.get(phone="0912345678")
    assert assisted.claimed_at is not None
    assert Citizen.objects.count() == 1
    assert assisted.participation_records.count() == 1
    assert ModelLogEntry.objects.filter(
        object_id=str(assisted.pk), action="citizen_profiles.claim"
    ).exists()


def test_claim_at_signup_with_wrong_code_creates_nothing(client, ward, assisted):
    response = client.post(SIGNUP, claim_signup(ward, "ZZZZZZZZ"))
    assert response.status_code == 200
    assert "Mã nhận hồ sơ không đúng" in response.content.decode()
    assert not User.objects.filter(phone="0912345678").exists()
    assisted.refresh_from_db()
    assert assisted.user is None


def test_claim_at_signup_with_wrong_year_creates_nothing(client, ward, assisted):
    response = client.post(SIGNUP, claim_signup(ward, assisted.claim_code, birth_year="1951"))
    assert "không khớp" in response.content.decode()
    assert not User.objects.filter(phone="0912345678").exists()
    assert Citizen.objects.count() == 1


def test_claim_later_merges_account_record_into_assisted_one(client, ward, assisted):
    resident = ResidentFactory(full_name="Lê Văn Bảy", birth_year=1950, ward=ward)
    mine = ParticipationRecordFactory(citizen=resident, source_id="a")
    ParticipationRecordFactory(citizen=assisted, source_id="b")
    ParticipationRecordFactory(citizen=resident, source_id="dup")
    ParticipationRecordFactory(citizen=assisted, source_id="dup")
    client.force_login(resident.user)
    response = client.post(
        CLAIM,
        {"claim_code": assisted.claim_code, "full_name": "LE VAN BAY", "birth_year": "1950"},
    )
    assert response.status_code == 302
    assisted.refresh_from_db()
    assert assisted.user == resident.user
    assert not Citizen.objects.filter(pk=resident.pk).exists()
    ids = set(assisted.participation_records.values_list("source_id", flat=True))
    assert ids == {"a", "b", "dup"}
    assert ParticipationRecord.objects.get(pk=mine.pk).citizen == assisted


def test_claim_wrong_code_changes_nothing(client, ward, assisted):
    resident = ResidentFactory(full_name="Lê Văn Bảy", birth_year=1950)
    client.force_login(resident.user)
    response = client.post(
        CLAIM, {"claim_code": "ABCDEFGH", "full_name": "Lê Văn Bảy", "birth_year": "1950"}
    )
    assert response.status_code == 200
    assert "Mã nhận hồ sơ không đúng" in response.content.decode()
    assisted.refresh_from_db()
    assert assisted.user is None
    assert Citizen.objects.filter(pk=resident.pk, user=resident.user).exists()


@pytest.mark.parametrize(
    ("name", "year"), [("Lê Văn Tám", "1950"), ("Lê Văn Bảy", "1960")], ids=["name", "year"]
)
def test_claim_with_wrong_name_or_year_changes_nothing(client, assisted, name, year):
    resident = ResidentFactory()
    client.force_login(resident.user)
    response = client.post(
        CLAIM, {"claim_code": assisted.claim_code, "full_name": name, "birth_year": year}
    )
    assert "không khớp" in response.content.decode()
    assisted.refresh_from_db()
    assert assisted.user is None and assisted.claimed_at is None


def test_claim_already_claimed_code_is_refused(client, assisted):
    first = ResidentFactory()
    client.force_login(first.user)
    data = {"claim_code": assisted.claim_code, "full_name": "Lê Văn Bảy", "birth_year": "1950"}
    assert client.post(CLAIM, data).status_code == 302
    second = ResidentFactory()
    client.force_login(second.user)
    response = client.post(CLAIM, data)
    assert "đã được nhận" in response.content.decode()
    assisted.refresh_from_db()
    assert assisted.user == first.user
    assert Citizen.objects.filter(pk=second.pk, user=second.user).exists()


def test_claim_attempts_are_rate_limited(client, settings, assisted):
    settings.CITIZEN_CLAIM_RATE = "2/h"
    resident = ResidentFactory()
    client.force_login(resident.user)
    bad = {"claim_code": "ABCDEFGH", "full_name": "Lê Văn Bảy", "birth_year": "1950"}
    client.post(CLAIM, bad)
    client.post(CLAIM, bad)
    good = {**bad, "claim_code": assisted.claim_code}
    response = client.post(CLAIM, good)
    assert response.status_code == 429
    assisted.refresh_from_db()
    assert assisted.user is None


def test_claim_page_requires_login(client):
    response = client.get(CLAIM)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("citizen_profiles:login"))
