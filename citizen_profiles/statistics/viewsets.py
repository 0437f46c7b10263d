"""The targets, editable by the association in the admin (menu "Thống kê" → "Chỉ tiêu")."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Target


class TargetViewSet(ModelViewSet):
    model = Target
    icon = "pick"
    menu_label = _("Chỉ tiêu kế hoạch")
    menu_order = 261
    add_to_admin_menu = True
    url_prefix = "thong-ke/chi-tieu"
    url_namespace = "citizen_statistics_target"
    copy_view_enabled = False
    search_backend_name = None
    search_fields = ["indicator", "label", "source_plan"]
    list_display = ["label", "year", "value", "unit", "source_plan", "provenance", "is_active"]
    list_filter = ["indicator", "year", "source_plan", "provenance", "is_active"]
    form_fields = [
        "indicator",
        "label",
        "unit",
        "year",
        "value",
        "source_plan",
        "provenance",
        "note",
        "priority",
        "is_active",
    ]
