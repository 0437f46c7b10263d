import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page

from learning_centers import demo
from learning_centers.models import CenterAccess, CenterMaterialPage, LearningCenterPage, Ward

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        Ward.objects.count(),
        Page.objects.count(),
        LearningCenterPage.objects.count(),
        CenterMaterialPage.objects.count(),
        CenterAccess.objects.count(),
        Group.objects.count(),
        get_user_model().objects.count(),
    )


def test_small_demo_is_idempotent():
    demo.seed(small=True)
    first = snapshot()
    demo.seed(small=True)
    assert snapshot() == first
    assert first[0] == 126  # every ward, even in the small demo
    assert first[2] == len(demo.SMALL_WARDS)


def test_small_demo_centre_is_realistic_and_provisioned(client):
    demo.seed(small=True)
    center = LearningCenterPage.objects.get(ward__code="00004")
    assert center.title == "Trung tâm học tập cộng đồng phường Ba Đình"
    assert center.address.startswith("Nhà văn hóa phường Ba Đình")
    assert center.phone.startswith("024 3")
    assert center.opening_hours.count() == 7
    assert center.url == "/trung-tam/phuong-ba-dinh/"
    assert client.get(center.url).status_code == 200
    manager = get_user_model().objects.get(email=demo.MANAGER_EMAIL)
    assert manager.groups.get() == center.access.group
    assert CenterMaterialPage.objects.child_of(center).count() == 2


def test_demo_manager_can_sign_in_to_admin(client):
    demo.seed(small=True)
    assert client.login(username=demo.MANAGER_EMAIL, password=demo.DEMO_PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_full_demo_creates_a_centre_for_each_of_126_wards():
    demo.seed(small=True)
    demo.seed(small=False)
    assert LearningCenterPage.objects.count() == 126
    assert CenterAccess.objects.count() == 126
    first = snapshot()
    demo.seed(small=False)
    assert snapshot() == first
