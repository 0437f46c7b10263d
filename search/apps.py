from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Tìm kiếm")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Keep the index in step with publishing, as Wagtail does for its own index.
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
