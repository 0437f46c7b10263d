from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizenStatisticsConfig(AppConfig):
    name = "citizen_profiles.statistics"
    label = "citizen_statistics"
    verbose_name = _("Thống kê và chỉ tiêu")
    default_auto_field = "django.db.models.BigAutoField"
