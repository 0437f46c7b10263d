import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry

from citizen_profiles.models import Citizen
from citizen_profiles.permissions import managed_ward_ids
from tests.factories.geography import WardFactory
from tests.factories.people import CitizenFactory, make_centre, make_centre_manager
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
INDEX = reverse("citizen_profiles_citizen:index")


@pytest.fixture
def two_wards(home):
    ward_a = WardFactory(name="Phường A", name_with_type="Phường A")
    ward_b = WardFactory(name="Phường B", name_with_type="Phường B")
    centre_a = make_centre(ward_a)
    make_centre(ward_b)
    manager_a = make_centre_manager(centre_a)
    alice = CitizenFactory(full_name="Người Ở Phường A", ward=ward_a)
    bob = CitizenFactory(full_name="Người Ở Phường B", ward=ward_b)
    return ward_a, ward_b, manager_a, alice, bob


def test_manager_links_to_ward_through_page_permissions(two_wards):
    ward_a, _ward_b, manager_a, *_ = two_wards
    assert managed_ward_ids(manager_a) == [ward_a.pk]
    assert managed_ward_ids(UserFactory()) == []


def test_manager_of_ward_a_sees_only_ward_a_citizens(client, two_wards):
    *_, manager_a, alice, bob = two_wards
    client.force_login(manager_a)
    html = client.get(INDEX).content.decode()
    assert "Người Ở Phường A" in html
    assert "Người Ở Phường B" not in html


@pytest.mark.parametrize("view", ["edit", "inspect", "delete"])
def test_manager_cannot_open_citizen_of_another_ward(client, two_wards, view):
    *_, manager_a, alice, bob = two_wards
    client.force_login(manager_a)
    assert client.get(reverse(f"citizen_profiles_citizen:{view}", args=[bob.pk])).status_code in (
        403,
        404,
    )
    if view != "delete":  # managers have no delete permission at all
        url = reverse(f"citizen_profiles_citizen:{view}", args=[alice.pk])
        assert client.get(url).status_code == 200


def test_manager_edit_of_other_ward_changes_nothing(client, two_wards):
    *_, manager_a, _alice, bob = two_wards
    client.force_login(manager_a)
    client.post(
        reverse("citizen_profiles_citizen:edit", args=[bob.pk]),
        {"full_name": "Bị sửa", "ward": str(bob.ward_id)},
    )
    bob.refresh_from_db()
    assert bob.full_name == "Người Ở Phường B"


def test_manager_creates_assisted_citizen_with_claim_code_in_own_ward_only(client, two_wards):
    ward_a, ward_b, manager_a, *_ = two_wards
    client.force_login(manager_a)
    url = reverse("citizen_profiles_citizen:add")
    refused = client.post(url, {"full_name": "Cụ Ngoài", "ward": str(ward_b.pk)})
    assert refused.status_code == 200
    assert not Citizen.objects.filter(full_name="Cụ Ngoài").exists()
    response = client.post(
        url,
        {
            "full_name": "Cụ Trong",
            "birth_year": "1945",
            "ward": str(ward_a.pk),
            "paper_consent": "on",
        },
    )
    assert response.status_code == 302
    citizen = Citizen.objects.get(full_name="Cụ Trong")
    assert citizen.claim_code and citizen.created_by == manager_a and citizen.user is None
    assert ModelLogEntry.objects.filter(
        object_id=str(citizen.pk), action="citizen_profiles.register", user=manager_a
    ).exists()
    consent = citizen.consents.get()
    assert consent.recorded_by == manager_a
    inspect = client.get(reverse("citizen_profiles_citizen:inspect", args=[citizen.pk]))
    assert citizen.claim_code_display() in inspect.content.decode()


def test_superuser_and_all_wards_permission_see_everyone(client, two_wards):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    html = client.get(INDEX).content.decode()
    assert "Người Ở Phường A" in html and "Người Ở Phường B" in html

    moderator = UserFactory()
    moderator.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_citizen"),
        Permission.objects.get(codename="view_all_wards"),
    )
    client.force_login(moderator)
    html = client.get(INDEX).content.decode()
    assert "Người Ở Phường A" in html and "Người Ở Phường B" in html


def test_staff_without_centre_or_permission_is_refused(client, two_wards):
    staff = UserFactory()
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    response = client.get(INDEX)
    assert response.status_code in (302, 403)
    assert "Người Ở Phường A" not in response.content.decode()


def test_index_query_count_is_constant(client, two_wards, django_assert_max_num_queries):
    ward_a, _ward_b, manager_a, *_ = two_wards
    client.force_login(manager_a)
    client.get(INDEX)  # warm caches (content types, site)
    CitizenFactory.create_batch(2, ward=ward_a)
    with django_assert_max_num_queries(40) as small:
        client.get(INDEX)
    CitizenFactory.create_batch(30, ward=ward_a)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(INDEX)


def test_deletion_requests_scoped_and_handling_is_timestamped(client, two_wards):
    from citizen_profiles.models import DeletionRequest
    from citizen_profiles.services import citizen_request_deletion

    *_, manager_a, alice, bob = two_wards
    mine = citizen_request_deletion(citizen=alice, reason="Chuyển nhà")
    theirs = citizen_request_deletion(citizen=bob)
    client.force_login(manager_a)
    index = reverse("citizen_profiles_deletionrequest:index")
    html = client.get(index).content.decode()
    assert "Người Ở Phường A" in html and "Người Ở Phường B" not in html
    other = reverse("citizen_profiles_deletionrequest:edit", args=[theirs.pk])
    assert client.get(other).status_code in (403, 404)
    url = reverse("citizen_profiles_deletionrequest:edit", args=[mine.pk])
    response = client.post(url, {"status": "done", "staff_note": "Đã xóa tài khoản"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == DeletionRequest.Status.DONE and mine.handled_at is not None


def test_admin_menu_group_visible_to_manager_not_to_plain_staff(client, two_wards):
    *_, manager_a, _alice, _bob = two_wards
    client.force_login(manager_a)
    assert INDEX in client.get(reverse("wagtailadmin_home")).content.decode()
    staff = UserFactory()
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    assert INDEX not in client.get(reverse("wagtailadmin_home")).content.decode()
