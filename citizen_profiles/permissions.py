"""Who may see residents' personal data in the admin.

Superusers and holders of `citizen_profiles.view_all_wards` (city moderators) see every
resident; a centre manager sees the residents of the wards whose `LearningCenterPage` they
can edit. The link between a manager and a centre is read from Wagtail's page permissions,
so the groups created by `learning_centers` need no extra configuration here."""

from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from learning_centers.models import LearningCenterPage

ALL_WARDS_PERMISSION = "citizen_profiles.view_all_wards"


def managed_centres(user):
    """The `LearningCenterPage`s `user` can edit (all of them for a superuser)."""
    if not (user and user.is_authenticated and user.is_active):
        return LearningCenterPage.objects.none()
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return LearningCenterPage.objects.filter(pk__in=editable.values("pk"))


def sees_all_wards(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm(ALL_WARDS_PERMISSION))
    )


def managed_ward_ids(user) -> list[int]:
    """Ids of the wards whose residents `user` manages (cached on the user for the request)."""
    cached = getattr(user, "_citizen_profiles_ward_ids", None)
    if cached is None:
        cached = list(managed_centres(user).values_list("ward_id", flat=True))
        if user is not None and user.is_authenticated:
            user._citizen_profiles_ward_ids = cached
    return cached


STAFF_ACTIONS = {"add", "change", "view"}


class WardScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions as usual; in addition a centre manager may add, change and view
    the records of residents of their own wards. `ward_path` is the lookup to the ward."""

    def __init__(self, model, *, ward_path: str, manager_actions=STAFF_ACTIONS):
        super().__init__(model)
        self.ward_path = ward_path
        self.manager_actions = set(manager_actions)

    def user_has_permission(self, user, action):
        if super().user_has_permission(user, action):
            return True
        return action in self.manager_actions and bool(managed_ward_ids(user))

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def scope(self, user, queryset):
        if sees_all_wards(user):
            return queryset
        return queryset.filter(**{f"{self.ward_path}__in": managed_ward_ids(user)})

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
        return sees_all_wards(user) or self._ward_id(instance) in managed_ward_ids(user)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.scope(user, self.model._default_manager.all())


def register_policies() -> None:
    """Called from AppConfig.ready(): the admin viewsets and any other admin code asking
    Wagtail for these models' permission policy get the ward-scoped one."""
    from wagtail.permissions import register_permission_policy

    from .models import Citizen, DeletionRequest

    register_permission_policy(
        Citizen, WardScopedPermissionPolicy(Citizen, ward_path="ward_id"), exact_class=True
    )
    register_permission_policy(
        DeletionRequest,
        WardScopedPermissionPolicy(
            DeletionRequest, ward_path="citizen__ward_id", manager_actions={"view", "change"}
        ),
        exact_class=True,
    )
