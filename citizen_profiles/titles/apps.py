from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizenTitlesConfig(AppConfig):
    name = "citizen_profiles.titles"
    label = "citizen_titles"
    verbose_name = _("Danh hiệu học tập")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .viewsets import register_policies

        register_policies()
