from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizenGroupsConfig(AppConfig):
    name = "citizen_profiles.groups"
    label = "citizen_groups"
    verbose_name = _("Hộ gia đình, dòng họ, đơn vị")
    default_auto_field = "django.db.models.BigAutoField"
