import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

from cms.phone import normalize_vn_mobile
from search.text import fold

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("0912345678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("091.234.5678", "0912345678"),
        ("0212345678", None),
        ("12345", None),
        ("", None),
    ],
)
def test_normalize_vn_mobile(raw, expected):
    assert normalize_vn_mobile(raw) == expected


def test_fold_strips_marks_and_d():
    assert fold("Tin HỌC  cơ bản – Đống Đa") == "tin hoc co ban – dong da"
    assert fold("Tin học cơ bản") == fold("tin hoc co ban")


def test_sign_in_by_email_or_phone():
    User = get_user_model()
    user = User(email="An@Example.vn", phone="+84 912 345 678", full_name="Nguyễn Văn An")
    user.set_password("mat-khau-12345")
    user.save()
    assert user.phone == "0912345678" and user.email == "an@example.vn"
    assert authenticate(username="an@example.VN", password="mat-khau-12345") == user
    assert authenticate(username="0912 345 678", password="mat-khau-12345") == user
    assert authenticate(username="0912345678", password="sai") is None


def test_seed_demo_is_idempotent(client):
    from wagtail.models import Page

    call_command("seed_demo", "--small", verbosity=0)
    pages = Page.objects.count()
    call_command("seed_demo", "--small", verbosity=0)
    assert Page.objects.count() == pages
    response = client.get("/")
    assert response.status_code == 200
    assert 'lang="vi"' in response.content.decode()


def test_interface_is_vietnamese_even_for_english_browsers(client, home):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="vi"' in response.content.decode()


def test_language_switcher_sets_english_and_refuses_foreign_redirects(client, home):
    response = client.get("/ngon-ngu/en/", {"next": "/"}, follow=True)
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()
    assert client.get("/ngon-ngu/en/", {"next": "https://evil.example/"})["Location"] == "/"
    assert client.get("/ngon-ngu/xx/").status_code == 404


def test_public_pages_set_no_cookie(client, home):
    assert not client.get("/").cookies
