from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningCentersConfig(AppConfig):
    name = "learning_centers"
    verbose_name = _("Trung tâm học tập cộng đồng")
    default_auto_field = "django.db.models.BigAutoField"
