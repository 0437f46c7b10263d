from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Trang thông tin")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The anonymous page cache is dropped on publish, unpublish, move and delete.
        from cms import page_cache

        page_cache.connect_signals()

        # Admin date pickers read and show dd/mm/yyyy and never rewrite typed dates.
        from cms.date_widgets import register_admin_date_widgets

        register_admin_date_widgets()

        # Approving or requesting changes tells the moderator it worked.
        from cms.workflow_views import use_confirmed_workflow_actions

        use_confirmed_workflow_actions()
