from django.utils.translation import gettext_lazy as _
from wagtail import hooks

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
    actions.register_action(
        "citizen_profiles.merge",
        _("Gộp hồ sơ người học trùng"),
        _("Đã gộp một hồ sơ trùng vào hồ sơ này"),
    )
