import re
import unicodedata

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from citizen_profiles.models import Citizen, Consent
from citizen_profiles.privacy import PRIVACY_NOTICE_VERSION
from tests.factories.people import ResidentFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
SIGNUP = reverse("citizen_profiles:signup")
LOGIN = reverse("citizen_profiles:login")
PASSWORD = "hoc-suot-doi-2025"


def signup_data(ward_obj, **overrides):
    data = {
        "full_name": "Trần Thị Hoa",
        "birth_year": "1968",
        "ward": str(ward_obj.pk),
        "phone": "",
        "email": "",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "claim_code": "",
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_signup_page_renders_accessible_form(client, ward):
    response = client.get(SIGNUP)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'autocomplete="name"' in html
    assert 'autocomplete="bday-year"' in html
    assert 'autocomplete="tel"' in html
    assert 'autocomplete="email"' in html
    assert 'autocomplete="new-password"' in html
    assert '<label for="id_full_name">' in html
    assert "<optgroup" in html and ward.name_with_type in html


def test_signup_by_phone_creates_user_citizen_and_signs_in(client, ward):
    response = client.post(SIGNUP, signup_data(ward, phone="+84 912 345 678"))
    assert response.status_code == 302
    user = User.objects.get(phone="0912345678")
    citizen = Citizen.objects.get(user=user)
    assert citizen.full_name == "Trần Thị Hoa"
    assert citizen.birth_year == 1968
    assert citizen.ward == ward
    assert citizen.phone == "0912345678"
    assert user.email is None
    assert client.get(reverse("citizen_profiles:profile")).status_code == 200


def test_signup_by_email(client, ward):
    response = client.post(SIGNUP, signup_data(ward, email="Hoa@Example.VN"))
    assert response.status_code == 302
    user = User.objects.get(email="hoa@example.vn")
    assert user.phone is None
    assert Citizen.objects.filter(user=user).exists()


def test_signup_nfc_normalises_the_name(client, ward):
    nfd = unicodedata.normalize("NFD", "Trần Thị Hoa")  # as some phones send it
    assert nfd != "Trần Thị Hoa"
    client.post(SIGNUP, signup_data(ward, full_name=f"  {nfd} ", email="a@example.vn"))
    citizen = Citizen.objects.get()
    assert citizen.full_name == "Trần Thị Hoa"
    assert citizen.normalized == "tran thi hoa"


def test_signup_records_consent_with_version_and_audit_log(client, ward):
    client.post(SIGNUP, signup_data(ward, email="a@example.vn"))
    citizen = Citizen.objects.get()
    consent = Consent.objects.get(citizen=citizen)
    assert consent.notice_version == PRIVACY_NOTICE_VERSION
    assert consent.purpose == Consent.Purpose.LEARNING_RECORD
    assert consent.given_at is not None
    actions = set(
        ModelLogEntry.objects.filter(object_id=str(citizen.pk)).values_list("action", flat=True)
    )
    assert {"citizen_profiles.register", "citizen_profiles.consent"} <= actions
    profile = client.get(reverse("citizen_profiles:profile")).content.decode()
    assert f"thông báo phiên bản {PRIVACY_NOTICE_VERSION}" in profile


def test_signup_without_consent_creates_nothing(client, ward):
    data = signup_data(ward, email="a@example.vn")
    del data["consent"]
    response = client.post(SIGNUP, data)
    assert response.status_code == 200
    assert "Bạn cần đồng ý" in response.content.decode()
    assert not User.objects.exists() and not Citizen.objects.exists()


def test_signup_needs_phone_or_email(client, ward):
    response = client.post(SIGNUP, signup_data(ward))
    assert response.status_code == 200
    assert "ít nhất một trong hai" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize("year", ["1800", "abc", "2999", ""])
def test_signup_bad_birth_year_creates_nothing(client, ward, year):
    response = client.post(SIGNUP, signup_data(ward, email="a@example.vn", birth_year=year))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert 'href="#id_birth_year"' in html  # the error summary links to the field
    assert not User.objects.exists() and not Citizen.objects.exists()


def test_signup_child_is_sent_to_the_centre(client, ward):
    from django.utils import timezone

    year = str(timezone.localdate().year - 10)
    response = client.post(SIGNUP, signup_data(ward, email="a@example.vn", birth_year=year))
    assert "cha mẹ hoặc người giám hộ" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize("phone", ["12345", "0212345678", "09123456789"])
def test_signup_bad_phone_creates_nothing(client, ward, phone):
    response = client.post(SIGNUP, signup_data(ward, phone=phone))
    assert response.status_code == 200
    assert "Số điện thoại di động không hợp lệ" in response.content.decode()
    assert not User.objects.exists() and not Citizen.objects.exists()


def test_signup_unknown_ward_is_refused(client, ward):
    response = client.post(SIGNUP, signup_data(ward, email="a@example.vn", ward="999999"))
    assert "Hãy chọn một phường/xã" in response.content.decode()
    assert not User.objects.exists()


def test_signup_duplicate_phone_gives_message_and_creates_nothing(client, ward):
    UserFactory(phone="0912345678")
    response = client.post(SIGNUP, signup_data(ward, phone="0912 345 678"))
    assert response.status_code == 200
    assert "Số điện thoại này đã có tài khoản" in response.content.decode()
    assert User.objects.count() == 1
    assert not Citizen.objects.exists()


def test_signup_duplicate_email_is_case_insensitive(client, ward):
    UserFactory(email="hoa@example.vn")
    response = client.post(SIGNUP, signup_data(ward, email="HOA@example.vn", phone="0987654321"))
    assert "Email này đã có tài khoản" in response.content.decode()
    assert User.objects.count() == 1
    assert not User.objects.filter(phone="0987654321").exists()


def test_signup_password_mismatch(client, ward):
    response = client.post(
        SIGNUP, signup_data(ward, email="a@example.vn", password2="khac-hoan-toan-99")
    )
    assert "không giống nhau" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize("login", ["0912345678", "+84912345678", "Hoa@Example.vn"])
def test_sign_in_by_phone_or_email(client, login):
    resident = ResidentFactory(user__phone="0912345678", user__email="hoa@example.vn")
    response = client.post(LOGIN, {"username": login, "password": "mat-khau-12345"})
    assert response.status_code == 302
    assert response["Location"] == reverse("citizen_profiles:profile")
    assert int(client.session["_auth_user_id"]) == resident.user.pk


def test_sign_in_wrong_password_gives_vietnamese_error(client):
    ResidentFactory(user__phone="0912345678")
    response = client.post(LOGIN, {"username": "0912345678", "password": "sai"})
    assert response.status_code == 200
    assert "mật khẩu không đúng" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_page_has_autocomplete(client):
    html = client.get(LOGIN).content.decode()
    assert 'autocomplete="username"' in html and 'autocomplete="current-password"' in html


def test_sign_out_needs_post(client):
    resident = ResidentFactory()
    client.force_login(resident.user)
    assert client.get(reverse("citizen_profiles:logout")).status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post(reverse("citizen_profiles:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_sign_in_rate_limit_gives_429(client, settings):
    settings.CITIZEN_SIGNIN_RATE = "3/m"
    ResidentFactory(user__phone="0912345678")
    for _ in range(3):
        assert client.post(LOGIN, {"username": "0912345678", "password": "x"}).status_code == 200
    response = client.post(LOGIN, {"username": "0912345678", "password": "mat-khau-12345"})
    assert response.status_code == 429
    assert "thử quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Other clients (another IP) are not affected.
    other = client.post(
        LOGIN,
        {"username": "0912345678", "password": "mat-khau-12345"},
        REMOTE_ADDR="10.0.0.9",
    )
    assert other.status_code == 302


def test_sign_in_attempts_on_one_account_are_limited_from_any_ip(client, settings):
    settings.CITIZEN_SIGNIN_ACCOUNT_RATE = "2/m"
    ResidentFactory(user__phone="0912345678")
    for i, login in enumerate(["0912345678", "+84 912 345 678"]):
        data = {"username": login, "password": "x"}
        assert client.post(LOGIN, data, REMOTE_ADDR=f"10.0.0.{i}").status_code == 200
    data = {"username": "0912345678", "password": "mat-khau-12345"}
    assert client.post(LOGIN, data, REMOTE_ADDR="10.0.0.7").status_code == 429
    assert client.post(LOGIN, {"username": "khac@example.vn", "password": "x"}).status_code == 200


def test_sign_up_rate_limit_gives_429_and_creates_nothing(client, settings, ward):
    settings.CITIZEN_SIGNUP_RATE = "2/h"
    for i in range(2):
        client.post(SIGNUP, signup_data(ward, email=f"x{i}@example.vn"))
        client.logout()
    response = client.post(SIGNUP, signup_data(ward, email="late@example.vn"))
    assert response.status_code == 429
    assert not User.objects.filter(email="late@example.vn").exists()


def test_password_reset_sends_email_with_working_link(client):
    ResidentFactory(user__email="hoa@example.vn")
    response = client.post(reverse("citizen_profiles:password_reset"), {"email": "HOA@example.vn"})
    assert response.status_code == 302
    assert response["Location"] == reverse("citizen_profiles:password_reset_done")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Đặt lại mật khẩu" in mail.outbox[0].subject
    link = re.search(r"http://testserver(/tai-khoan/dat-lai-mat-khau/\S+)", body).group(1)
    form_url = client.get(link)["Location"]  # Django swaps the token for a session marker
    response = client.post(
        form_url, {"new_password1": "mat-khau-moi-2025", "new_password2": "mat-khau-moi-2025"}
    )
    assert response.status_code == 302
    assert User.objects.get(email="hoa@example.vn").check_password("mat-khau-moi-2025")


def test_password_reset_for_phone_only_account_sends_nothing_and_explains(client):
    ResidentFactory(user__email=None, user__phone="0912345678")
    page = client.get(reverse("citizen_profiles:password_reset")).content.decode()
    assert "chỉ có số điện thoại" in page
    response = client.post(reverse("citizen_profiles:password_reset"), {"email": "0912345678"})
    assert response.status_code == 200
    assert "nhờ cán bộ" in response.content.decode()
    assert mail.outbox == []


def test_privacy_notice_page_shows_version(client):
    response = client.get(reverse("citizen_profiles:privacy_notice"))
    assert response.status_code == 200
    assert PRIVACY_NOTICE_VERSION in response.content.decode()
    assert "13/2023/NĐ-CP" in response.content.decode()


def test_account_link_include(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = AnonymousUser()
    html = render_to_string("citizen_profiles/includes/account_link.html", {"request": request})
    assert LOGIN in html
