from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizenProfilesConfig(AppConfig):
    name = "citizen_profiles"
    verbose_name = _("Hồ sơ học tập")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .permissions import register_policies

        register_policies()

        from wagtail.permissions import register_permission_policy

        from .declarations.viewsets import declaration_policy
        from .models import Declaration

        register_permission_policy(Declaration, declaration_policy(), exact_class=True)
