"""Residential groups and villages in the admin: staff manage every ward, a centre manager
only the ward of their own centre."""

import pytest
from django.urls import reverse

from learning_centers.models import ResidentialGroup
from tests.factories.centres import make_center, make_manager, make_moderator

pytestmark = pytest.mark.django_db


@pytest.fixture
def wards(db):
    a, b = make_center(title="Trung tâm A"), make_center(title="Trung tâm B")
    return a, b


def test_manager_adds_group_in_own_ward(client, wards):
    a, _ = wards
    client.force_login(make_manager(a))
    response = client.post(
        reverse("residential_groups:add"),
        {"ward": a.ward_id, "name": "Tổ dân phố số 5", "kind": "to-dan-pho"},
    )
    assert response.status_code == 302
    assert ResidentialGroup.objects.get().ward == a.ward


def test_manager_is_refused_adding_group_in_another_ward(client, wards):
    a, b = wards
    client.force_login(make_manager(a))
    response = client.post(
        reverse("residential_groups:add"),
        {"ward": b.ward_id, "name": "Thôn Đoài", "kind": "thon"},
    )
    assert response.status_code == 200
    assert "chỉ được thêm tổ dân phố/thôn cho phường/xã của trung tâm mình" in (
        response.content.decode()
    )
    assert not ResidentialGroup.objects.exists()


def test_manager_sees_and_edits_only_own_ward_groups(client, wards):
    a, b = wards
    own = ResidentialGroup.objects.create(ward=a.ward, name="Tổ 1")
    other = ResidentialGroup.objects.create(ward=b.ward, name="Tổ 2 bên kia")
    client.force_login(make_manager(a))
    listing = client.get(reverse("residential_groups:index")).content.decode()
    assert "Tổ 1" in listing and "Tổ 2 bên kia" not in listing
    assert client.get(reverse("residential_groups:edit", args=[own.pk])).status_code == 200
    assert client.get(reverse("residential_groups:edit", args=[other.pk])).status_code == 404
    client.post(
        reverse("residential_groups:edit", args=[other.pk]),
        {"ward": b.ward_id, "name": "Đổi tên", "kind": "thon"},
    )
    assert ResidentialGroup.objects.get(pk=other.pk).name == "Tổ 2 bên kia"


def test_manager_cannot_delete_groups(client, wards):
    a, _ = wards
    own = ResidentialGroup.objects.create(ward=a.ward, name="Tổ 1")
    client.force_login(make_manager(a))
    client.post(reverse("residential_groups:delete", args=[own.pk]))
    assert ResidentialGroup.objects.filter(pk=own.pk).exists()


def test_moderator_manages_groups_of_every_ward(client, wards):
    a, b = wards
    client.force_login(make_moderator())
    client.post(
        reverse("residential_groups:add"),
        {"ward": b.ward_id, "name": "Thôn Đông", "kind": "thon"},
    )
    group = ResidentialGroup.objects.get(name="Thôn Đông")
    client.post(reverse("residential_groups:delete", args=[group.pk]))
    assert not ResidentialGroup.objects.exists()


def test_duplicate_name_in_a_ward_is_refused(client, wards):
    a, _ = wards
    ResidentialGroup.objects.create(ward=a.ward, name="Tổ 1")
    client.force_login(make_manager(a))
    response = client.post(
        reverse("residential_groups:add"), {"ward": a.ward_id, "name": "Tổ 1", "kind": "thon"}
    )
    assert response.status_code == 200
    assert ResidentialGroup.objects.count() == 1


def test_anonymous_is_sent_to_login(client, wards):
    response = client.get(reverse("residential_groups:index"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_search_in_listing_stays_within_own_ward(client, wards):
    a, b = wards
    ResidentialGroup.objects.create(ward=a.ward, name="Tổ 7 phía A")
    ResidentialGroup.objects.create(ward=b.ward, name="Tổ 7 phía B")
    client.force_login(make_manager(a))
    response = client.get(reverse("residential_groups:index"), {"q": "Tổ 7"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Tổ 7 phía A" in content and "Tổ 7 phía B" not in content
