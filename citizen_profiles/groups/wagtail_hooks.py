from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .viewsets import CitizenGroupsViewSetGroup, citizen_chooser_viewset


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [CitizenGroupsViewSetGroup(), citizen_chooser_viewset]


@hooks.register("register_log_actions")
def register_group_log_actions(actions):
    for action, label in (
        ("household_create", _("Tạo hộ gia đình")),
        ("household_update", _("Sửa hộ gia đình")),
        ("household_member_add", _("Thêm thành viên hộ")),
        ("household_member_move_out", _("Thành viên chuyển sang hộ khác")),
        ("household_member_end", _("Thành viên rời hộ")),
        ("household_head_change", _("Đổi chủ hộ")),
        ("household_delete", _("Xóa hộ gia đình")),
        ("clan_delete", _("Xóa dòng họ")),
        ("unit_delete", _("Xóa đơn vị")),
        ("clan_create", _("Tạo dòng họ")),
        ("clan_update", _("Sửa dòng họ")),
        ("clan_household_add", _("Thêm hộ vào dòng họ")),
        ("clan_household_remove", _("Hộ rời dòng họ")),
        ("unit_create", _("Tạo đơn vị")),
        ("unit_update", _("Sửa đơn vị")),
        ("unit_member_add", _("Thêm thành viên đơn vị")),
        ("unit_member_end", _("Thành viên rời đơn vị")),
        ("evaluator_assign", _("Giao vai trò người đánh giá")),
        ("evaluator_remove", _("Thu hồi vai trò người đánh giá")),
    ):
        actions.register_action(f"citizen_groups.{action}", label, label)


@hooks.register("my_learning_panels")
def my_learning_groups_panel(citizen, request, year):
    from .selectors import groups_for_citizen

    groups = groups_for_citizen(citizen=citizen)
    return {
        "template": "citizen_groups/my_learning_panel.html",
        "context": groups,
        "order": 60,
    }
