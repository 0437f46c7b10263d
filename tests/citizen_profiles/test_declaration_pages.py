"""The resident's declaration pages under /tai-khoan/khai-bao/ and the panels."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail import hooks

from citizen_profiles.declarations import selectors
from citizen_profiles.models import Declaration
from tests.factories.declarations import DeclarationFactory, png_file
from tests.factories.people import ResidentFactory

pytestmark = pytest.mark.django_db
LIST = reverse("citizen_profiles:declarations")
NEW = reverse("citizen_profiles:declaration_new")


def yesterday() -> str:
    return (datetime.date.today() - datetime.timedelta(days=1)).strftime("%d/%m/%Y")


def form_data(**overrides):
    data = {
        "kind": Declaration.Kind.LIBRARY,
        "title": "Đọc sách tại thư viện",
        "date": yesterday(),
        "hours": "1,5",
        "provider": "",
        "evidence_url": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def me(client):
    resident = ResidentFactory()
    client.force_login(resident.user)
    return resident


@pytest.mark.parametrize("url", [LIST, NEW])
def test_pages_need_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("citizen_profiles:login") in response["Location"]


def test_form_says_which_kinds_need_evidence(client, me):
    html = client.get(NEW).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert "Cần minh chứng (tệp hoặc đường dẫn) với:" in html
    assert "Chứng chỉ, văn bằng" in html
    assert 'aria-describedby="id_kind_helptext"' in html


def test_declaring_with_a_file_creates_a_waiting_declaration(client, me):
    data = form_data(kind=Declaration.Kind.CERTIFICATE, evidence_file=png_file())
    response = client.post(NEW, data)
    assert response.status_code == 302 and response["Location"] == LIST
    declaration = Declaration.objects.get(citizen=me)
    assert declaration.status == Declaration.Status.PENDING
    assert declaration.hours == Decimal("1.5")
    assert declaration.evidence_content_type == "image/png"
    html = client.get(LIST).content.decode()
    assert "Chờ xác nhận" in html and "Xem tệp minh chứng" in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"date": "01/01/2099"}, "Ngày học không được ở tương lai."),
        ({"date": "31/02/2025"}, "Ngày không hợp lệ"),
        ({"hours": "0"}, "Số giờ phải lớn hơn 0."),
        ({"hours": "-2"}, "Số giờ phải lớn hơn 0."),
        ({"hours": "25"}, "Một ngày có nhiều nhất 24 giờ."),
        ({"hours": "hai"}, "Số giờ phải là một số"),
        ({"evidence_url": "javascript:alert(1)"}, "http:// hoặc https://"),
        ({"kind": Declaration.Kind.NATIONAL_PLATFORM}, "Loại hoạt động này cần minh chứng"),
        (
            {"evidence_file": SimpleUploadedFile("giay.pdf", b"not a pdf at all " * 10)},
            "không phải là tệp PDF thật",
        ),
    ],
)
def test_bad_input_shows_the_message_and_writes_nothing(client, me, overrides, message):
    response = client.post(NEW, form_data(**overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vui lòng sửa các lỗi sau" in html
    assert message in html
    assert not Declaration.objects.exists()


def test_second_declaration_of_the_same_activity_is_refused(client, me):
    client.post(NEW, form_data())
    response = client.post(NEW, form_data(title="DOC SACH TAI THU VIEN"))
    assert "Bạn đã khai báo hoạt động này" in response.content.decode()
    assert Declaration.objects.count() == 1


def test_list_shows_status_and_rejection_reason(client, me):
    DeclarationFactory(citizen=me, status=Declaration.Status.REJECTED, rejection_reason="Ảnh bị mờ")
    html = client.get(LIST).content.decode()
    assert "Bị từ chối" in html and "Ảnh bị mờ" in html


def test_list_shows_only_my_declarations(client, me):
    DeclarationFactory(citizen=me, title="Của tôi")
    DeclarationFactory(title="Của người khác")
    html = client.get(LIST).content.decode()
    assert "Của tôi" in html and "Của người khác" not in html


def test_list_query_count_does_not_grow_with_declarations(client, me):
    DeclarationFactory.create_batch(2, citizen=me)
    client.get(LIST)  # warm the site-wide caches (menus, settings) first
    with CaptureQueriesContext(connection) as small:
        client.get(LIST)
    DeclarationFactory.create_batch(18, citizen=me)
    with CaptureQueriesContext(connection) as large:
        response = client.get(LIST)
    assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_list_is_paginated(client, me):
    DeclarationFactory.create_batch(21, citizen=me)
    html = client.get(LIST).content.decode()
    assert "Trang 1/2" in html
    assert "Trang 2/2" in client.get(LIST + "?page=2").content.decode()


def test_withdraw_asks_then_withdraws(client, me):
    declaration = DeclarationFactory(citizen=me)
    url = reverse("citizen_profiles:declaration_withdraw", args=[declaration.pk])
    assert "Bạn muốn rút khai báo" in client.get(url).content.decode()
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.PENDING
    response = client.post(url)
    assert response["Location"] == LIST
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.WITHDRAWN


def test_withdrawing_someone_elses_declaration_is_404(client, me):
    other = DeclarationFactory()
    url = reverse("citizen_profiles:declaration_withdraw", args=[other.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    other.refresh_from_db()
    assert other.status == Declaration.Status.PENDING


def test_withdrawing_a_rejected_declaration_says_why(client, me):
    declaration = DeclarationFactory(
        citizen=me, status=Declaration.Status.REJECTED, rejection_reason="x"
    )
    url = reverse("citizen_profiles:declaration_withdraw", args=[declaration.pk])
    response = client.post(url, follow=True)
    assert "không rút được nữa" in response.content.decode()


def test_profile_page_links_to_the_declarations(client, me):
    DeclarationFactory(citizen=me, status=Declaration.Status.VERIFIED)
    html = client.get(reverse("citizen_profiles:profile")).content.decode()
    assert NEW in html and LIST in html
    assert "Đã xác nhận: 1" in html


def test_my_learning_panel_is_registered_and_runs_constant_queries(me, rf):
    fns = [
        fn
        for fn in hooks.get_hooks("my_learning_panels")
        if fn.__module__.startswith("citizen_profiles")
    ]
    assert fns
    this_year = datetime.date.today().year
    DeclarationFactory(citizen=me, title="Năm nay", date=datetime.date(this_year, 1, 1))
    DeclarationFactory(citizen=me, title="Năm ngoái", date=datetime.date(this_year - 1, 6, 1))
    with CaptureQueriesContext(connection) as small:
        panel = fns[0](me, rf.get("/"), this_year)
        render_to_string(panel["template"], {"panel": panel["context"]})
    DeclarationFactory.create_batch(12, citizen=me, date=datetime.date(this_year, 1, 2))
    with CaptureQueriesContext(connection) as large:
        panel = fns[0](me, rf.get("/"), this_year)
        html = render_to_string(panel["template"], {"panel": panel["context"]})
    assert len(large.captured_queries) == len(small.captured_queries) == 2
    assert "Năm ngoái" not in html
    assert panel["context"]["counts"]["pending"] == 13  # this year's only
    assert len(panel["context"]["declarations"]) == selectors.PANEL_SIZE


def test_declarations_are_in_the_personal_data_export(client, me):
    DeclarationFactory(citizen=me, title="Câu lạc bộ thơ")
    data = client.get(reverse("citizen_profiles:data_export")).json()
    assert data["declarations"][0]["title"] == "Câu lạc bộ thơ"
