"""Centre-scoped publishing: each centre's editors group, its collection, and the city
moderators' group and workflow.

Called where centres are created or published: the `after_create_page` hook in
`wagtail_hooks.py` (a centre saved as a draft), the `page_published` signal connected in
`learning_centers/apps.py` (every publish path, so trust follows the published value), the
demo seeder and the `provision_centre_managers` command. Every function is idempotent and
touches only the grants it owns: it never removes a permission some other group or some other
part of the system gave.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from learning_centers.models import CenterAccess, LearningCenterIndexPage, LearningCenterPage

MODERATORS_GROUP_NAME = "Kiểm duyệt viên thành phố"
EDITORS_GROUP_PREFIX = "Biên tập viên – "
CENTRES_COLLECTION_NAME = "Trung tâm học tập cộng đồng"
WORKFLOW_NAME = "Kiểm duyệt nội dung trung tâm"
APPROVAL_TASK_NAME = "Kiểm duyệt viên thành phố phê duyệt"

CENTRE_PAGE_ACTIONS = ("add_page", "change_page")
CENTRE_COLLECTION_PERMISSIONS = (
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
)
CENTRE_MODEL_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("learning_centers", "view_residentialgroup"),
    ("learning_centers", "add_residentialgroup"),
    ("learning_centers", "change_residentialgroup"),
)
MODERATOR_PAGE_ACTIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
)
MODERATOR_COLLECTION_PERMISSIONS = CENTRE_COLLECTION_PERMISSIONS + (
    ("wagtaildocs", "delete_document"),
    ("wagtailimages", "delete_image"),
)
MODERATOR_MODEL_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("learning_centers", "set_center_trusted"),
    ("learning_centers", "manage_all_wards"),
    ("learning_centers", "view_residentialgroup"),
    ("learning_centers", "add_residentialgroup"),
    ("learning_centers", "change_residentialgroup"),
    ("learning_centers", "delete_residentialgroup"),
)


@dataclass
class ProvisionReport:
    centres: int = 0
    groups_created: int = 0
    collections_created: int = 0
    grants_added: int = 0
    grants_removed: int = 0
    # Permission rows looked up once per run (provisioning 126 centres would otherwise ask
    # for the same handful of permissions hundreds of times).
    permission_cache: dict = field(default_factory=dict, repr=False)


def _permissions(pairs, report=None) -> list[Permission]:
    pairs = tuple(pairs)
    if report is not None:
        if pairs not in report.permission_cache:
            report.permission_cache[pairs] = _permissions(pairs)
        return report.permission_cache[pairs]
    query = Q()
    for app_label, codename in pairs:
        query |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.filter(query).select_related("content_type"))
    if len(found) != len(pairs):
        missing = set(pairs) - {(p.content_type.app_label, p.codename) for p in found}
        raise LookupError(f"Missing permissions (migrations not run?): {sorted(missing)}")
    return sorted(found, key=lambda p: [pair[1] for pair in pairs].index(p.codename))


def _page_permissions(codenames, report=None) -> list[Permission]:
    return _permissions([("wagtailcore", codename) for codename in codenames], report)


def editors_group_name(center: LearningCenterPage) -> str:
    return (EDITORS_GROUP_PREFIX + center.title)[:150]


def _grant_page(group, page, permissions, report) -> None:
    have = set(
        GroupPagePermission.objects.filter(group=group, page=page).values_list(
            "permission_id", flat=True
        )
    )
    missing = [
        GroupPagePermission(group=group, page=page, permission=perm)
        for perm in permissions
        if perm.pk not in have
    ]
    GroupPagePermission.objects.bulk_create(missing)
    report.grants_added += len(missing)


def _grant_collection(group, collection, permissions, report) -> None:
    have = set(
        GroupCollectionPermission.objects.filter(group=group, collection=collection).values_list(
            "permission_id", flat=True
        )
    )
    missing = [
        GroupCollectionPermission(group=group, collection=collection, permission=perm)
        for perm in permissions
        if perm.pk not in have
    ]
    GroupCollectionPermission.objects.bulk_create(missing)
    report.grants_added += len(missing)


def _grant_model(group, permissions, report) -> None:
    have = set(group.permissions.values_list("pk", flat=True))
    missing = [perm for perm in permissions if perm.pk not in have]
    group.permissions.add(*missing)
    report.grants_added += len(missing)


def centres_collection_ensure() -> Collection:
    """The parent collection that holds one collection per centre."""
    root = Collection.get_first_root_node()
    parent = root.get_children().filter(name=CENTRES_COLLECTION_NAME).first()
    return parent or root.add_child(name=CENTRES_COLLECTION_NAME)


@transaction.atomic
def center_collections_bulk_create(*, names: list[str]) -> dict[str, Collection]:
    """Create many centre collections at once (the demo seeds 126). `Collection.add_child`
    keeps siblings sorted by name by shifting every later sibling on each insert, which is
    quadratic; here the rows are inserted in one query and treebeard's own `fix_tree` puts
    the parent's children back in its name order (by the database's collation)."""
    if not names:
        return {}
    parent = centres_collection_ensure()
    last = parent.get_last_child()
    step = Collection._str2int(last.path[-Collection.steplen :]) + 1 if last else 1
    depth = parent.depth + 1
    new = [
        Collection(
            name=name,
            depth=depth,
            numchild=0,
            path=Collection._get_path(parent.path, depth, step + i),
        )
        for i, name in enumerate(sorted(names))
    ]
    Collection.objects.bulk_create(new)
    Collection.fix_tree(fix_paths=True, parent=parent)
    return {c.name: c for c in Collection.objects.filter(pk__in=[c.pk for c in new])}


@transaction.atomic
def moderators_provision(
    *, index: LearningCenterIndexPage | None = None, report: ProvisionReport | None = None
) -> Group:
    """Create or repair the city moderators group: publish anywhere in the page tree, manage
    every collection's documents and images, mark centres trusted; and, when the centres
    index exists, the approval workflow on its subtree with this group as approvers."""
    report = report or ProvisionReport()
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP_NAME)
    _grant_page(
        group, Page.get_first_root_node(), _page_permissions(MODERATOR_PAGE_ACTIONS, report), report
    )
    _grant_collection(
        group,
        Collection.get_first_root_node(),
        _permissions(MODERATOR_COLLECTION_PERMISSIONS, report),
        report,
    )
    _grant_model(group, _permissions(MODERATOR_MODEL_PERMISSIONS, report), report)
    index = index or LearningCenterIndexPage.objects.first()
    if index is not None:
        moderation_workflow_ensure(index=index, moderators=group)
    return group


def moderation_workflow_ensure(*, index: Page, moderators: Group) -> Workflow:
    """One group-approval workflow on the centres index: every page a centre editor submits
    under `/trung-tam/` waits for a city moderator."""
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=APPROVAL_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=APPROVAL_TASK_NAME)
    task.groups.add(moderators)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def center_provision_permissions(
    *, center: LearningCenterPage, report: ProvisionReport | None = None
) -> CenterAccess:
    """Create or repair one centre's editors group ("Biên tập viên – <tên trung tâm>") and
    collection: add and change pages in the centre's subtree (publish too only if the centre
    is trusted; otherwise they submit to the city moderators' workflow), add/change/choose
    documents and images in its own collection, and admin access. Removes only this group's
    publish grant on this centre when the centre is no longer trusted."""
    report = report or ProvisionReport()
    report.centres += 1
    # Lock the page row so two provisioning calls for one centre cannot both create its
    # access record; and read the stored row, not an unsaved draft: trust takes effect when a
    # moderator publishes it.
    Page.objects.select_for_update().filter(pk=center.pk).first()
    center = LearningCenterPage.objects.get(pk=center.pk)
    access = CenterAccess.objects.select_related("group", "collection").filter(center=center)
    access = access.first()
    name = editors_group_name(center)

    if access is not None:
        group, collection = access.group, access.collection
        if group.name != name and not Group.objects.filter(name=name).exists():
            group.name = name
            group.save(update_fields=["name"])
        if collection.name != center.title:
            collection.name = center.title
            collection.save(update_fields=["name"])
    else:
        group = Group.objects.filter(name=name).first()
        if group is not None and CenterAccess.objects.filter(group=group).exists():
            # Another centre already owns a group of that name (two centres with one title):
            # never share it, tell them apart by ward code instead.
            name = f"{name[:140]} ({center.ward.code})"
            group = Group.objects.filter(name=name).first()
        if group is None:
            group = Group.objects.create(name=name)
            report.groups_created += 1
        collection = center.collection
        if collection is None or CenterAccess.objects.filter(collection=collection).exists():
            collection = centres_collection_ensure().add_child(name=center.title)
            report.collections_created += 1
        access = CenterAccess.objects.create(center=center, group=group, collection=collection)

    if center.collection_id != collection.pk:
        # A plain UPDATE: no new revision for a field editors never see.
        LearningCenterPage.objects.filter(pk=center.pk).update(collection=collection)
        center.collection = collection

    _grant_page(group, center, _page_permissions(CENTRE_PAGE_ACTIONS, report), report)
    publish = _page_permissions(["publish_page"], report)
    if center.trusted:
        _grant_page(group, center, publish, report)
    else:
        removed, _ = GroupPagePermission.objects.filter(
            group=group, page=center, permission__in=publish
        ).delete()
        report.grants_removed += removed
    _grant_collection(
        group, collection, _permissions(CENTRE_COLLECTION_PERMISSIONS, report), report
    )
    _grant_model(group, _permissions(CENTRE_MODEL_PERMISSIONS, report), report)

    moderators = Group.objects.filter(name=MODERATORS_GROUP_NAME).first()
    if moderators is None:
        moderators = moderators_provision(report=report)
    parent = center.get_parent()
    if not WorkflowPage.objects.filter(page=parent).exists():
        moderation_workflow_ensure(index=parent, moderators=moderators)
    return access


def centres_provision_all(*, dry_run: bool = False) -> ProvisionReport:
    """Create or repair the moderators group, the workflow and every centre's group."""
    report = ProvisionReport()
    with transaction.atomic():
        moderators_provision(report=report)
        for center in LearningCenterPage.objects.order_by("path"):
            center_provision_permissions(center=center, report=report)
        if dry_run:
            transaction.set_rollback(True)
    return report


def center_provision_logged(*, center: LearningCenterPage, user=None) -> CenterAccess:
    """`center_provision_permissions`, written to the centre's audit log."""
    from wagtail.log_actions import log

    access = center_provision_permissions(center=center)
    log(instance=center, action="learning_centers.provision", user=user)
    return access
