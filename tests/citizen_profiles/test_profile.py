import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from citizen_profiles.models import DeletionRequest
from citizen_profiles.services import consent_record
from tests.factories.geography import WardFactory
from tests.factories.people import ParticipationRecordFactory, ResidentFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
PROFILE = reverse("citizen_profiles:profile")


def test_profile_requires_login(client):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/")


def test_profile_shows_only_own_records_newest_first_and_hours_this_year(client):
    me = ResidentFactory(full_name="Phạm Thu Hà")
    other = ResidentFactory()
    today = timezone.localdate()
    ParticipationRecordFactory(citizen=me, title="Khóa cũ", date=today.replace(month=1, day=1))
    ParticipationRecordFactory(citizen=me, title="Khóa mới", date=today, hours=Decimal("2.5"))
    ParticipationRecordFactory(
        citizen=me, title="Năm trước", date=datetime.date(today.year - 1, 6, 1), hours=50
    )
    ParticipationRecordFactory(citizen=other, title="Của người khác")
    client.force_login(me.user)
    html = client.get(PROFILE).content.decode()
    assert "Phạm Thu Hà" in html
    assert "Của người khác" not in html
    assert html.index("Khóa mới") < html.index("Khóa cũ") < html.index("Năm trước")
    assert "<strong>6,5</strong>" in html  # 4.0 + 2.5 this year, "," in vi


def test_profile_query_count_does_not_grow_with_records(client, django_assert_max_num_queries):
    me = ResidentFactory()
    client.force_login(me.user)
    ParticipationRecordFactory.create_batch(2, citizen=me)
    with django_assert_max_num_queries(20) as small:
        client.get(PROFILE)
    ParticipationRecordFactory.create_batch(40, citizen=me)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(PROFILE)


def test_dashboard_panel_hook_renders(client):
    from wagtail import hooks

    def panel(citizen, request):
        return {
            "template": "citizen_profiles/includes/account_link.html",
            "context": {},
            "order": 10,
        }

    me = ResidentFactory()
    client.force_login(me.user)
    with hooks.register_temporarily("citizen_dashboard_panels", panel):
        html = client.get(PROFILE).content.decode()
    assert "Tài khoản của tôi</a>" in html


def test_user_without_citizen_is_sent_to_claim(client):
    client.force_login(UserFactory())
    response = client.get(PROFILE)
    assert response["Location"] == reverse("citizen_profiles:claim")


def test_edit_profile_updates_citizen_and_login(client):
    me = ResidentFactory(user__phone="0912345678", user__email="a@example.vn")
    new_ward = WardFactory()
    client.force_login(me.user)
    response = client.post(
        reverse("citizen_profiles:profile_edit"),
        {
            "full_name": "Phạm  Thu  Hà",
            "birth_year": "1980",
            "ward": str(new_ward.pk),
            "phone": "0987 654 321",
            "email": "",
        },
    )
    assert response.status_code == 302
    me.refresh_from_db()
    me.user.refresh_from_db()
    assert me.full_name == "Phạm Thu Hà" and me.normalized == "pham thu ha"
    assert me.ward == new_ward and me.birth_year == 1980
    assert me.user.phone == "0987654321" and me.user.email is None


def test_edit_profile_refuses_phone_of_another_account(client):
    UserFactory(phone="0987654321")
    me = ResidentFactory(user__phone="0912345678")
    client.force_login(me.user)
    response = client.post(
        reverse("citizen_profiles:profile_edit"),
        {"full_name": "X", "birth_year": "1980", "ward": str(me.ward_id), "phone": "0987654321"},
    )
    assert response.status_code == 200
    assert "đã có tài khoản" in response.content.decode()
    me.user.refresh_from_db()
    assert me.user.phone == "0912345678"


def test_data_export_contains_only_my_data(client):
    me = ResidentFactory(full_name="Phạm Thu Hà", user__email="ha@example.vn")
    consent_record(citizen=me)
    ParticipationRecordFactory(citizen=me, title="Tin học cơ bản")
    other = ResidentFactory(full_name="Người Khác", user__email="khac@example.vn")
    ParticipationRecordFactory(citizen=other, title="Khóa của người khác")
    client.force_login(me.user)
    response = client.get(reverse("citizen_profiles:data_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["citizen"]["full_name"] == "Phạm Thu Hà"
    assert data["account"]["email"] == "ha@example.vn"
    assert [p["title"] for p in data["participation"]] == ["Tin học cơ bản"]
    assert len(data["consents"]) == 1
    raw = response.content.decode()
    assert "Người Khác" not in raw and "khac@example.vn" not in raw and "người khác" not in raw


def test_deletion_request_is_recorded_once(client):
    me = ResidentFactory()
    client.force_login(me.user)
    url = reverse("citizen_profiles:deletion_request")
    assert client.post(url, {"reason": "Chuyển đi"}).status_code == 200  # needs confirmation
    assert not DeletionRequest.objects.exists()
    for _ in range(2):
        assert client.post(url, {"reason": "Chuyển đi", "confirm": "on"}).status_code == 302
    request = DeletionRequest.objects.get()
    assert request.citizen == me and request.user == me.user
    assert request.status == DeletionRequest.Status.PENDING
