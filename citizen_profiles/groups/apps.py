from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizenGroupsConfig(AppConfig):
    name = "citizen_profiles.groups"
    label = "citizen_groups"
    verbose_name = _("Hộ gia đình, dòng họ, đơn vị")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from citizen_profiles.permissions import WardScopedPermissionPolicy

        from .models import Clan, Household, Unit

        # Same scoping as residents: managers edit their ward's groups, evaluators read
        # theirs, `view_all_wards` holders and superusers read all.
        for model in (Household, Clan, Unit):
            register_permission_policy(
                model, WardScopedPermissionPolicy(model, ward_path="ward_id"), exact_class=True
            )
