from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .declarations import selectors as declaration_selectors
from .viewsets import CitizenProfilesViewSetGroup


@hooks.register("register_admin_viewset")
def register_viewsets():
    return CitizenProfilesViewSetGroup()


@hooks.register("register_log_actions")
def register_citizen_log_actions(actions):
    actions.register_action(
        "citizen_profiles.register", _("Tạo hồ sơ người học"), _("Đã tạo hồ sơ người học")
    )
    actions.register_action(
        "citizen_profiles.claim", _("Nhận hồ sơ người học"), _("Người dân đã nhận hồ sơ")
    )
    actions.register_action(
        "citizen_profiles.consent",
        _("Đồng ý xử lý dữ liệu cá nhân"),
        _("Đã ghi nhận đồng ý xử lý dữ liệu cá nhân"),
    )

    for event, label, message in (
        ("submit", _("Khai báo học tập"), _("Người dân đã gửi khai báo học tập")),
        ("withdraw", _("Rút khai báo học tập"), _("Người dân đã rút khai báo học tập")),
        ("verify", _("Xác nhận khai báo học tập"), _("Đã xác nhận khai báo học tập")),
        ("reject", _("Từ chối khai báo học tập"), _("Đã từ chối khai báo học tập")),
    ):
        actions.register_action(f"citizen_profiles.declaration_{event}", label, message)
    actions.register_action(
        "citizen_profiles.merge",
        _("Gộp hồ sơ người học trùng"),
        _("Đã gộp một hồ sơ trùng vào hồ sơ này"),
    )


DECLARATIONS_PANEL = "citizen_profiles/declarations/panel.html"


@hooks.register("my_learning_panels")
def declarations_learning_panel(citizen, request, year):
    """The declarations section of "My learning": the year's declarations and their status."""
    return {
        "template": DECLARATIONS_PANEL,
        "context": declaration_selectors.learning_panel(citizen=citizen, year=year),
        "order": 40,
    }


@hooks.register("citizen_dashboard_panels")
def declarations_dashboard_panel(citizen, request):
    """The profile page links to the declarations through the same panel (all years)."""
    return {
        "template": DECLARATIONS_PANEL,
        "context": declaration_selectors.learning_panel(citizen=citizen),
        "order": 40,
    }


@hooks.register("citizen_data_export")
def declarations_data_export(citizen):
    return "declarations", declaration_selectors.citizen_export(citizen=citizen)
