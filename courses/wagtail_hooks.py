from django.utils.translation import gettext_lazy as _
from wagtail import hooks

# --- enrollment and attendance (courses/services.py) ---


@hooks.register("register_log_actions")
def register_enrollment_log_actions(actions):
    actions.register_action("courses.enroll", _("Đăng ký học"), _("Đã đăng ký học"))
    actions.register_action("courses.cancel", _("Hủy đăng ký"), _("Đã hủy đăng ký"))
    actions.register_action("courses.remove", _("Rút tên"), _("Cán bộ đã rút tên"))
    actions.register_action(
        "courses.promote", _("Lên danh sách chính thức"), _("Được nhận chỗ từ danh sách chờ")
    )
    actions.register_action("courses.attendance", _("Điểm danh"), _("Đã ghi điểm danh"))
    actions.register_action(
        "courses.attendance_import", _("Nhập điểm danh"), _("Đã nhập điểm danh từ tệp")
    )
    actions.register_action("courses.complete", _("Hoàn thành"), _("Đã hoàn thành khóa học"))
    actions.register_action(
        "courses.uncomplete", _("Bỏ hoàn thành"), _("Không còn đạt điều kiện hoàn thành")
    )
    actions.register_action(
        "courses.completion_override", _("Ghi đè hoàn thành"), _("Cán bộ ghi đè kết quả")
    )
