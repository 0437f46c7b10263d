from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import permissions as perms
from .panels import titles_panel
from .viewsets import RunCreateView, TitlesViewSetGroup


@hooks.register("register_admin_viewset")
def register_viewsets():
    return TitlesViewSetGroup()


@hooks.register("register_admin_urls")
def register_run_url():
    return [path("titles/runs/", RunCreateView.as_view(), name="citizen_titles_run")]


class RunMenuItem(MenuItem):
    def is_shown(self, request):
        return perms.has_step_permission(request.user, "run_evaluation")


@hooks.register("register_admin_menu_item")
def register_run_menu_item():
    return RunMenuItem(
        _("Đánh giá danh hiệu hàng loạt"),
        reverse("citizen_titles_run"),
        icon_name="cogs",
        order=261,
    )


@hooks.register("my_learning_panels")
def my_learning_titles(citizen, request, year=None):
    return titles_panel(citizen, request, year)


LOG_ACTIONS = [
    ("criteria_created", _("Tạo bộ tiêu chí"), _("Đã tạo bộ tiêu chí")),
    ("criteria_updated", _("Sửa bộ tiêu chí"), _("Đã sửa bộ tiêu chí (chưa dùng)")),
    ("criteria_new_version", _("Phiên bản mới của bộ tiêu chí"), _("Đã tạo phiên bản mới")),
    ("start", _("Bắt đầu đánh giá danh hiệu"), _("Đã tạo lượt đánh giá")),
    ("submit", _("Nộp tự đánh giá"), _("Đã nộp tự đánh giá")),
    ("verify", _("Xác nhận đánh giá"), _("Phường/xã đã xác nhận")),
    ("return", _("Trả lại đánh giá"), _("Đã trả lại để bổ sung")),
    ("reject", _("Không công nhận"), _("Đã không công nhận")),
    ("recognise", _("Công nhận danh hiệu"), _("Đã công nhận danh hiệu")),
    ("revoke", _("Thu hồi danh hiệu"), _("Đã thu hồi danh hiệu")),
    ("name_consent", _("Đồng ý hiện họ tên"), _("Đã đổi lựa chọn hiện họ tên")),
    ("run", _("Đánh giá hàng loạt"), _("Đã bắt đầu đánh giá hàng loạt")),
]


@hooks.register("register_log_actions")
def register_title_log_actions(actions):
    for name, label, message in LOG_ACTIONS:
        actions.register_action(f"citizen_titles.{name}", label, message)
