from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Tìm kiếm")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Keep the index in step with publishing, as Wagtail does for its own index.
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
        post_migrate.connect(_ensure_engine_objects, sender=self, dispatch_uid="search_engines")


def _ensure_engine_objects(sender, using="default", **kwargs):
    # A later migration that alters the document table re-creates it on SQLite and drops
    # the FTS5 triggers; put them back (search/schema.py).
    from django.db import connections

    from .schema import ensure_engine_objects

    ensure_engine_objects(connections[using])
