"""Who may see residents' personal data and groups in the admin.

Superusers and holders of `citizen_profiles.view_all_wards` (city moderators) see every
resident; a centre manager sees and edits the residents of the wards whose
`LearningCenterPage` they can edit. The link between a manager and a centre is read from
Wagtail's page permissions, so the groups created by `learning_centers` need no extra
configuration here.

Association evaluators (Hội Khuyến học, `citizen_groups.AssociationEvaluator`) read the
residents and groups of the wards they evaluate, or of the whole city; they never edit."""

from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from learning_centers.models import LearningCenterPage, Ward

ALL_WARDS_PERMISSION = "citizen_profiles.view_all_wards"
EVALUATOR_WARD_GROUP_NAME = "Hội Khuyến học phường/xã"
EVALUATOR_CITY_GROUP_NAME = "Hội Khuyến học thành phố"


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def managed_centres(user):
    """The `LearningCenterPage`s `user` can edit (all of them for a superuser)."""
    if not _active(user):
        return LearningCenterPage.objects.none()
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return LearningCenterPage.objects.filter(pk__in=editable.values("pk"))


def sees_all_wards(user) -> bool:
    return _active(user) and (user.is_superuser or user.has_perm(ALL_WARDS_PERMISSION))


def managed_ward_ids(user) -> list[int]:
    """Ids of the wards whose residents `user` manages (cached on the user for the request)."""
    cached = getattr(user, "_citizen_profiles_ward_ids", None)
    if cached is None:
        cached = list(managed_centres(user).values_list("ward_id", flat=True))
        if user is not None and user.is_authenticated:
            user._citizen_profiles_ward_ids = cached
    return cached


_NO_EVALUATOR = object()


def _evaluator(user):
    """The user's active `AssociationEvaluator` row with its ward ids, or None (cached on the
    user for the request: every admin listing asks several times)."""
    if not _active(user):
        return None
    cached = getattr(user, "_citizen_evaluator", None)
    if cached is None:
        from citizen_profiles.groups.models import AssociationEvaluator

        row = AssociationEvaluator.objects.filter(user=user, active=True).first()
        if row is not None:
            row.ward_ids = (
                [] if row.scope == row.Scope.CITY else list(row.wards.values_list("pk", flat=True))
            )
        cached = row if row is not None else _NO_EVALUATOR
        user._citizen_evaluator = cached
    return None if cached is _NO_EVALUATOR else cached


def is_association_evaluator(user) -> bool:
    return _evaluator(user) is not None


def evaluator_sees_all_wards(user) -> bool:
    evaluator = _evaluator(user)
    return evaluator is not None and evaluator.scope == evaluator.Scope.CITY


def evaluator_ward_ids(user) -> list[int]:
    """Ids of the wards `user` evaluates: every ward for the city scope, none for
    non-evaluators."""
    evaluator = _evaluator(user)
    if evaluator is None:
        return []
    if evaluator.scope == evaluator.Scope.CITY:
        return list(Ward.objects.values_list("pk", flat=True))
    return evaluator.ward_ids


def staff_ward_ids(user) -> list[int]:
    """Ids of the wards whose residents and groups `user` may read: a centre manager's wards
    plus an evaluator's wards; every ward for superusers, `view_all_wards` holders and city
    evaluators. Issues 9 and 10 (evaluation, statistics) scope their reads with it."""
    if sees_all_wards(user) or evaluator_sees_all_wards(user):
        return list(Ward.objects.values_list("pk", flat=True))
    return sorted(set(managed_ward_ids(user)) | set(evaluator_ward_ids(user)))


STAFF_ACTIONS = {"add", "change", "view"}
READ_ACTIONS = {"view"}


class WardScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions as usual; in addition a centre manager may do `manager_actions` on
    the records of their own wards, and an association evaluator may do `evaluator_actions`
    (reading only) on those of the wards they evaluate. `ward_path` is the lookup to the
    ward.

    A model permission reaches every ward only together with `view_all_wards` (a moderator,
    a superuser); otherwise the ward scope applies, so a manager who is also a city evaluator
    still edits only their own ward."""

    def __init__(
        self,
        model,
        *,
        ward_path: str,
        manager_actions=STAFF_ACTIONS,
        evaluator_actions=READ_ACTIONS,
    ):
        super().__init__(model)
        self.ward_path = ward_path
        self.manager_actions = set(manager_actions)
        self.evaluator_actions = set(evaluator_actions)

    def user_has_permission(self, user, action):
        if super().user_has_permission(user, action):
            return True
        if action in self.manager_actions and managed_ward_ids(user):
            return True
        return action in self.evaluator_actions and is_association_evaluator(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def _all_wards(self, user, action) -> bool:
        if action in self.evaluator_actions and evaluator_sees_all_wards(user):
            return True
        return sees_all_wards(user) and super().user_has_permission(user, action)

    def _ward_ids(self, user, action) -> set[int]:
        ids: set[int] = set()
        if action in self.manager_actions:
            ids.update(managed_ward_ids(user))
        if action in self.evaluator_actions:
            ids.update(evaluator_ward_ids(user))
        return ids

    def scope(self, user, queryset, actions=("view",)):
        """`queryset` limited to what `user` may do any of `actions` on (reading by
        default: listings)."""
        if any(self._all_wards(user, action) for action in actions):
            return queryset
        ids = set().union(*(self._ward_ids(user, action) for action in actions))
        return queryset.filter(**{f"{self.ward_path}__in": ids})

    def _ward_id(self, instance):
        obj = instance
        for part in self.ward_path.split("__")[:-1]:
            obj = getattr(obj, part, None)
            if obj is None:
                return None
        return getattr(obj, self.ward_path.split("__")[-1], None)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if self._all_wards(user, action):
            return True
        return self._ward_id(instance) in self._ward_ids(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.scope(user, self.model._default_manager.all(), actions=tuple(actions))


def register_policies() -> None:
    """Called from AppConfig.ready(): the admin viewsets and any other admin code asking
    Wagtail for these models' permission policy get the ward-scoped one."""
    from wagtail.permissions import register_permission_policy

    from .models import Citizen, DeletionRequest

    register_permission_policy(
        Citizen, WardScopedPermissionPolicy(Citizen, ward_path="ward_id"), exact_class=True
    )
    # Evaluators have no business with deletion requests (Decree 13: least access).
    register_permission_policy(
        DeletionRequest,
        WardScopedPermissionPolicy(
            DeletionRequest,
            ward_path="citizen__ward_id",
            manager_actions={"view", "change"},
            evaluator_actions=(),
        ),
        exact_class=True,
    )
