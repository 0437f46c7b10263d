"""Association evaluators (Hội Khuyến học): the two Wagtail groups that hold their read
permissions, and the one write path that gives a user the role.

The `AssociationEvaluator` row is the scope (which wards, or the whole city); the group only
carries model permissions, so a user put in a group by hand without a row reads nothing.
Nothing here grants page permissions: evaluators do not edit the centres' pages."""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from citizen_profiles.permissions import EVALUATOR_CITY_GROUP_NAME, EVALUATOR_WARD_GROUP_NAME

from .models import AssociationEvaluator

EVALUATOR_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("citizen_profiles", "view_citizen"),
    ("citizen_groups", "view_household"),
    ("citizen_groups", "view_clan"),
    ("citizen_groups", "view_unit"),
    # The titles' workflow: the association verifies, recognises and revokes (issue 9).
    ("citizen_titles", "view_evaluation"),
    ("citizen_titles", "submit_evaluation"),
    ("citizen_titles", "verify_evaluation"),
    ("citizen_titles", "recognise_evaluation"),
    ("citizen_titles", "revoke_evaluation"),
    ("citizen_titles", "run_evaluation"),
    # The statistics dashboard and the plans' targets (issue 10).
    ("citizen_statistics", "view_dashboard"),
    ("citizen_statistics", "view_target"),
)


def evaluator_groups_ensure() -> dict[str, Group]:
    """Create or repair the ward and city evaluator groups (idempotent, additive)."""
    query = Q()
    for app_label, codename in EVALUATOR_PERMISSIONS:
        query |= Q(content_type__app_label=app_label, codename=codename)
    permissions = list(Permission.objects.filter(query))
    if len(permissions) != len(EVALUATOR_PERMISSIONS):
        raise LookupError("Missing permissions (migrations not run?)")
    groups = {}
    for scope, name in (
        (AssociationEvaluator.Scope.WARD, EVALUATOR_WARD_GROUP_NAME),
        (AssociationEvaluator.Scope.CITY, EVALUATOR_CITY_GROUP_NAME),
    ):
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)
        groups[scope] = group
    return groups


def _sync_groups(evaluator: AssociationEvaluator) -> None:
    groups = evaluator_groups_ensure()
    evaluator.user.groups.remove(*groups.values())
    if evaluator.active:
        evaluator.user.groups.add(groups[evaluator.scope])


def _log(evaluator: AssociationEvaluator, action: str, by) -> None:
    log(
        instance=evaluator,
        action=f"citizen_groups.{action}",
        user=by if getattr(by, "pk", None) else None,
        title=f"Người đánh giá #{evaluator.pk}",
        data={
            "user": evaluator.user_id,
            "scope": evaluator.scope,
            "active": evaluator.active,
            "wards": sorted(evaluator.wards.values_list("pk", flat=True)),
        },
    )


@transaction.atomic
def evaluator_assign(
    *,
    user,
    scope: str,
    wards=(),
    organisation: str = "",
    active: bool = True,
    by=None,
) -> AssociationEvaluator:
    """Give `user` the evaluator role for `wards` (ward scope) or the whole city, or change
    it; puts them in the matching Wagtail group and out of the other."""
    wards = list(wards)
    if scope not in AssociationEvaluator.Scope.values:
        raise ValidationError({"scope": _("Phạm vi không hợp lệ.")})
    if scope == AssociationEvaluator.Scope.WARD and not wards:
        raise ValidationError({"wards": _("Hãy chọn ít nhất một phường/xã.")})
    evaluator, _created = AssociationEvaluator.objects.select_for_update().get_or_create(
        user=user, defaults={"scope": scope}
    )
    evaluator.scope, evaluator.organisation, evaluator.active = scope, organisation, active
    evaluator.save()
    evaluator.wards.set(wards if scope == AssociationEvaluator.Scope.WARD else [])
    _sync_groups(evaluator)
    _log(evaluator, "evaluator_assign", by)
    return evaluator


@transaction.atomic
def evaluator_remove(*, evaluator: AssociationEvaluator, by=None) -> None:
    """Take the role away: out of both groups, row deleted (the audit log keeps the trace)."""
    evaluator = AssociationEvaluator.objects.select_for_update().get(pk=evaluator.pk)
    evaluator.active = False
    _sync_groups(evaluator)
    _log(evaluator, "evaluator_remove", by)
    evaluator.delete()
