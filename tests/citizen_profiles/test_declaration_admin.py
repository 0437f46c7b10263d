"""The staff queue in the Wagtail admin: ward scoping, the count on the menu item, the
review page with the evidence, and the verify / reject actions."""

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from citizen_profiles.declarations import selectors, services
from citizen_profiles.models import Declaration, ParticipationRecord
from tests.factories.declarations import DeclarationFactory, pdf_file, png_file
from tests.factories.geography import WardFactory
from tests.factories.people import ResidentFactory, make_centre, make_centre_manager
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
INDEX = reverse("citizen_profiles_declaration:index")


def review_url(declaration):
    return reverse("citizen_profiles_declaration:edit", args=[declaration.pk])


@pytest.fixture
def wards(home):
    ward_a = WardFactory(name="Phường A", name_with_type="Phường A")
    ward_b = WardFactory(name="Phường B", name_with_type="Phường B")
    manager_a = make_centre_manager(make_centre(ward_a))
    manager_b = make_centre_manager(make_centre(ward_b))
    alice = ResidentFactory(ward=ward_a, full_name="Người Ở Phường A")
    bob = ResidentFactory(ward=ward_b, full_name="Người Ở Phường B")
    return {"manager_a": manager_a, "manager_b": manager_b, "alice": alice, "bob": bob}


def with_file(citizen, upload, kind=Declaration.Kind.CERTIFICATE, title="Chứng chỉ"):
    return services.declaration_submit(
        citizen=citizen,
        kind=kind,
        title=title,
        date=datetime.date.today(),
        hours=Decimal("2"),
        evidence_file=upload,
    )


def test_manager_sees_only_their_wards_declarations(client, wards):
    DeclarationFactory(citizen=wards["alice"], title="Khai báo phường A")
    DeclarationFactory(citizen=wards["bob"], title="Khai báo phường B")
    client.force_login(wards["manager_a"])
    html = client.get(INDEX).content.decode()
    assert "Khai báo phường A" in html
    assert "Khai báo phường B" not in html


def test_queue_lists_waiting_declarations_first(client, wards):
    alice = wards["alice"]
    DeclarationFactory(citizen=alice, title="Đã xong", status=Declaration.Status.VERIFIED)
    DeclarationFactory(citizen=alice, title="Đang chờ")
    client.force_login(wards["manager_a"])
    html = client.get(INDEX).content.decode()
    assert html.index("Đang chờ") < html.index("Đã xong")


def test_resident_without_admin_access_cannot_open_the_queue(client, wards):
    client.force_login(wards["alice"].user)
    assert client.get(INDEX).status_code in (302, 403)


def test_waiting_count_is_scoped_to_the_user(wards):
    DeclarationFactory.create_batch(2, citizen=wards["alice"])
    DeclarationFactory(citizen=wards["alice"], status=Declaration.Status.VERIFIED)
    DeclarationFactory(citizen=wards["bob"])
    assert selectors.waiting_count(wards["manager_a"]) == 2
    assert selectors.waiting_count(wards["manager_b"]) == 1
    assert selectors.waiting_count(UserFactory(is_superuser=True)) == 3
    assert selectors.waiting_count(wards["alice"].user) == 0


def sidebar_labels(html: str) -> list[str]:
    """The labels of the admin menu (Wagtail renders the sidebar from JSON)."""
    start = html.index('id="wagtail-sidebar-props"')
    start = html.index(">", start) + 1
    end = html.index("</script>", start)
    props = json.loads(html[start:end])
    labels = []

    def walk(node):
        if isinstance(node, dict):
            if "label" in node and isinstance(node["label"], str):
                labels.append(node["label"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(props)
    return labels


def test_menu_item_shows_the_count_waiting_for_this_manager(client, wards):
    DeclarationFactory.create_batch(2, citizen=wards["alice"])
    DeclarationFactory(citizen=wards["bob"])
    client.force_login(wards["manager_a"])
    assert "Khai báo học tập (2)" in sidebar_labels(client.get(INDEX).content.decode())
    client.force_login(wards["manager_b"])
    assert "Khai báo học tập (1)" in sidebar_labels(client.get(INDEX).content.decode())


def test_menu_item_has_no_count_when_nothing_waits(client, wards):
    client.force_login(wards["manager_a"])
    assert "Khai báo học tập" in sidebar_labels(client.get(INDEX).content.decode())


def test_index_query_count_does_not_grow_with_declarations(client, wards):
    DeclarationFactory.create_batch(2, citizen=wards["alice"])
    client.force_login(wards["manager_a"])
    client.get(INDEX)
    with CaptureQueriesContext(connection) as small:
        client.get(INDEX)
    for _ in range(6):
        DeclarationFactory(citizen=ResidentFactory(ward=wards["alice"].ward))
    with CaptureQueriesContext(connection) as large:
        response = client.get(INDEX)
    assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_review_page_shows_an_image_inline_through_the_private_view(client, wards):
    declaration = with_file(wards["alice"], png_file())
    client.force_login(wards["manager_a"])
    html = client.get(review_url(declaration)).content.decode()
    evidence = reverse("citizen_profiles:declaration_evidence", args=[declaration.pk])
    assert f'<img src="{evidence}"' in html
    assert "Xác nhận" in html and "Từ chối" in html
    assert "/media/" not in html.split("Minh chứng", 1)[1].split("Xét duyệt", 1)[0]


def test_review_page_links_a_pdf(client, wards):
    declaration = with_file(wards["alice"], pdf_file())
    client.force_login(wards["manager_a"])
    html = client.get(review_url(declaration)).content.decode()
    evidence = reverse("citizen_profiles:declaration_evidence", args=[declaration.pk])
    assert f'href="{evidence}"' in html and f'<img src="{evidence}"' not in html


def test_manager_of_another_ward_gets_404_on_review_and_actions(client, wards):
    declaration = DeclarationFactory(citizen=wards["alice"])
    client.force_login(wards["manager_b"])
    assert client.get(review_url(declaration)).status_code == 404
    assert client.post(review_url(declaration), {"action": "verify"}).status_code == 404
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.PENDING


def test_verify_from_the_admin_writes_the_record(client, wards):
    declaration = DeclarationFactory(citizen=wards["alice"])
    client.force_login(wards["manager_a"])
    response = client.post(review_url(declaration), {"action": "verify"})
    assert response.status_code == 302 and response["Location"] == INDEX
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.VERIFIED
    assert ParticipationRecord.objects.filter(
        citizen=wards["alice"], kind="declared", source_id=str(declaration.pk)
    ).exists()


def test_reject_from_the_admin_needs_a_reason(client, wards):
    declaration = DeclarationFactory(citizen=wards["alice"])
    client.force_login(wards["manager_a"])
    response = client.post(review_url(declaration), {"action": "reject", "reason": ""})
    assert response.status_code == 200
    assert "Hãy ghi lý do từ chối" in response.content.decode()
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.PENDING
    client.post(review_url(declaration), {"action": "reject", "reason": "Ảnh không rõ"})
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.REJECTED
    assert declaration.rejection_reason == "Ảnh không rõ"


def test_verifying_an_already_verified_declaration_says_so(client, wards):
    declaration = DeclarationFactory(citizen=wards["alice"], status=Declaration.Status.VERIFIED)
    client.force_login(wards["manager_a"])
    response = client.post(review_url(declaration), {"action": "verify"})
    assert response.status_code == 200
    assert "đã được xử lý" in response.content.decode()


def test_nobody_adds_or_deletes_declarations_in_the_admin(client, wards):
    declaration = DeclarationFactory(citizen=wards["alice"])
    client.force_login(UserFactory(is_superuser=True))
    add = reverse("citizen_profiles_declaration:add")
    # Wagtail answers a refused admin action with a redirect to the dashboard and a message.
    assert client.get(add).status_code in (302, 403)
    client.post(add, {"rejection_reason": "x"})
    delete = reverse("citizen_profiles_declaration:delete", args=[declaration.pk])
    assert client.post(delete).status_code in (302, 403)
    assert list(Declaration.objects.values_list("pk", flat=True)) == [declaration.pk]
    html = client.get(INDEX).content.decode()
    assert reverse("citizen_profiles_declaration:add") not in html


def test_queue_search_finds_a_title_or_a_resident_without_diacritics(client, wards):
    DeclarationFactory(citizen=wards["alice"], title="Câu lạc bộ thơ")
    DeclarationFactory(citizen=wards["alice"], title="Tập huấn nghề")
    client.force_login(wards["manager_a"])
    html = client.get(INDEX, {"q": "thơ"}).content.decode()
    assert "Câu lạc bộ thơ" in html and "Tập huấn nghề" not in html
    response = client.get(INDEX, {"q": "nguoi o phuong a"})
    assert response.status_code == 200
    assert "Câu lạc bộ thơ" in response.content.decode()
