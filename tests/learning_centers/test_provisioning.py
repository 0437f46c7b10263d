from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    WorkflowPage,
)
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from learning_centers.models import CenterAccess, LearningCenterPage
from learning_centers.services import (
    MODERATORS_GROUP_NAME,
    center_provision_permissions,
    centres_provision_all,
)
from tests.factories.centres import make_center, make_index, make_manager, make_moderator
from tests.factories.geography import WardFactory

pytestmark = pytest.mark.django_db


def page_codenames(group, page) -> set[str]:
    return set(
        GroupPagePermission.objects.filter(group=group, page=page).values_list(
            "permission__codename", flat=True
        )
    )


def test_new_centre_gets_its_group_collection_and_scoped_grants():
    center = make_center(title="Trung tâm học tập cộng đồng phường Láng")
    access = CenterAccess.objects.get(center=center)
    assert access.group.name == "Biên tập viên – Trung tâm học tập cộng đồng phường Láng"
    assert center.collection == access.collection
    assert access.collection.get_parent().name == "Trung tâm học tập cộng đồng"
    assert page_codenames(access.group, center) == {"add_page", "change_page"}
    assert GroupPagePermission.objects.filter(group=access.group).count() == 2
    assert set(
        GroupCollectionPermission.objects.filter(group=access.group).values_list(
            "permission__codename", flat=True
        )
    ) == {
        "add_document",
        "change_document",
        "choose_document",
        "add_image",
        "change_image",
        "choose_image",
    }
    assert access.group.permissions.filter(codename="access_admin").exists()


def test_trusted_centre_may_publish_and_losing_trust_removes_only_that_grant():
    center = make_center(trusted=True)
    group = center.access.group
    assert "publish_page" in page_codenames(group, center)
    other = Group.objects.create(name="Nhóm khác")
    publish = Permission.objects.get(codename="publish_page")
    GroupPagePermission.objects.create(group=other, page=center, permission=publish)

    LearningCenterPage.objects.filter(pk=center.pk).update(trusted=False)
    center_provision_permissions(center=center)
    assert page_codenames(group, center) == {"add_page", "change_page"}
    assert page_codenames(other, center) == {"publish_page"}


def test_provisioning_is_idempotent_and_adds_nothing_the_second_time():
    make_center()
    make_center()
    report = centres_provision_all()
    assert (report.centres, report.groups_created, report.grants_added) == (2, 0, 0)
    assert CenterAccess.objects.count() == 2


def test_provisioning_keeps_grants_others_added():
    center = make_center()
    group = center.access.group
    extra = Permission.objects.get(codename="lock_page")
    GroupPagePermission.objects.create(group=group, page=center, permission=extra)
    centres_provision_all()
    assert "lock_page" in page_codenames(group, center)


def test_command_repairs_deleted_grants_and_dry_run_does_not():
    center = make_center()
    GroupPagePermission.objects.filter(group=center.access.group).delete()
    out = StringIO()
    call_command("provision_centre_managers", "--dry-run", stdout=out)
    assert "[dry-run]" in out.getvalue()
    assert not GroupPagePermission.objects.filter(group=center.access.group).exists()
    call_command("provision_centre_managers", stdout=StringIO())
    assert page_codenames(center.access.group, center) == {"add_page", "change_page"}


def test_renamed_centre_renames_its_group_and_collection():
    center = make_center(title="Tên cũ")
    LearningCenterPage.objects.filter(pk=center.pk).update(title="Tên mới")
    center_provision_permissions(center=center)
    access = CenterAccess.objects.select_related("group", "collection").get(center=center)
    assert access.group.name == "Biên tập viên – Tên mới"
    assert access.collection.name == "Tên mới"


def test_moderators_group_publishes_anywhere_and_approves_the_centres_workflow():
    center = make_center()
    moderators = Group.objects.get(name=MODERATORS_GROUP_NAME)
    root = center.get_ancestors().first()
    assert {"add_page", "change_page", "publish_page"} <= page_codenames(moderators, root)
    assert GroupCollectionPermission.objects.filter(
        group=moderators, collection=Collection.get_first_root_node()
    ).exists()
    workflow = WorkflowPage.objects.get(page=make_index()).workflow
    task = workflow.tasks.get().specific
    assert list(task.groups.all()) == [moderators]
    assert center.get_workflow() == workflow


def test_creating_a_centre_in_the_admin_provisions_it(client):
    index = make_index()
    ward = WardFactory()
    client.force_login(make_moderator())
    data = nested_form_data(
        {
            "title": "Trung tâm mới",
            "slug": "trung-tam-moi",
            "ward": ward.pk,
            "phone": "024 3999 0000",
            "opening_hours": inline_formset([]),
            "comments": inline_formset([]),
            "action-publish": "1",
        }
    )
    url = reverse(
        "wagtailadmin_pages:add", args=["learning_centers", "learningcenterpage", index.pk]
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    center = LearningCenterPage.objects.get(slug="trung-tam-moi")
    assert center.access.group.name == "Biên tập viên – Trung tâm mới"
    assert center.collection_id == center.access.collection_id


@pytest.mark.parametrize("action", ["action-publish", "action-save"])
def test_a_centre_created_in_the_admin_is_provisioned_once(client, action):
    from wagtail.models import PageLogEntry

    index = make_index()
    client.force_login(make_moderator())
    data = nested_form_data(
        {
            "title": "Trung tâm mới",
            "slug": "trung-tam-moi",
            "ward": WardFactory().pk,
            "opening_hours": inline_formset([]),
            "comments": inline_formset([]),
            action: "1",
        }
    )
    url = reverse(
        "wagtailadmin_pages:add", args=["learning_centers", "learningcenterpage", index.pk]
    )
    assert client.post(url, data).status_code == 302
    center = LearningCenterPage.objects.get(slug="trung-tam-moi")
    assert center.access.group.name == "Biên tập viên – Trung tâm mới"
    logged = PageLogEntry.objects.filter(action="learning_centers.provision", page=center)
    assert logged.count() == 1


def test_custom_permissions_can_be_granted_in_the_group_editor(client):
    from tests.factories.users import UserFactory

    group = Group.objects.create(name="Hội Khuyến học")
    admin = UserFactory(is_superuser=True)
    client.force_login(admin)
    content = client.get(reverse("wagtailusers_groups:edit", args=[group.pk])).content.decode()
    for codename in ("set_center_trusted", "manage_all_wards"):
        permission = Permission.objects.get(codename=codename)
        assert f'value="{permission.pk}"' in content


def test_trust_granted_through_any_publish_path_takes_effect_at_once():
    """A workflow approval or scheduled publishing publishes the revision without the
    admin's after_publish_page hook; the centre's group must follow all the same."""
    from wagtail.models import PageLogEntry

    center = make_center(trusted=False)
    manager = make_manager(center)
    assert not center.permissions_for_user(manager).can_publish()
    center.trusted = True
    center.save_revision().publish()  # what a workflow approval does
    center = LearningCenterPage.objects.get(pk=center.pk)
    manager = type(manager).objects.get(pk=manager.pk)  # permissions are cached per user object
    assert center.permissions_for_user(manager).can_publish()
    assert PageLogEntry.objects.filter(action="learning_centers.provision", page=center).exists()
    center.trusted = False
    center.save_revision().publish()
    center = LearningCenterPage.objects.get(pk=center.pk)
    manager = type(manager).objects.get(pk=manager.pk)
    assert not center.permissions_for_user(manager).can_publish()
