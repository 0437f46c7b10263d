from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizenSkillsConfig(AppConfig):
    name = "citizen_profiles.skills"
    label = "citizen_skills"
    verbose_name = _("Kỹ năng số")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .permissions import register_policies

        register_policies()
