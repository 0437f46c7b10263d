"""Panels that courses adds to lower-layer pages (see DESIGN.md, "Layers"): the centre page
lists its own upcoming courses; the home page shows the next courses and headline counts."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from courses import (
    search_hooks,  # noqa: F401 (registers the search hooks)
    selectors,
)


@hooks.register("learning_center_page_panels")
def centre_courses_panel(page, request) -> dict:
    return {
        "template": "courses/includes/centre_courses.html",
        "context": selectors.centre_courses_context(centre=page, request=request),
        "order": 20,
    }


@hooks.register("home_page_panels")
def home_courses_panel(page, request) -> dict:
    return {
        "template": "courses/includes/home_courses.html",
        "context": selectors.home_panel_context(request=request),
        "order": 20,
    }


# --- enrollment and attendance (courses/services/) ---


@hooks.register("resident_account_links")
def my_courses_link():
    return (10, _("Khóa học của tôi"), reverse("courses:my_courses"))


@hooks.register("register_log_actions")
def register_enrollment_log_actions(actions):
    actions.register_action("courses.enroll", _("Đăng ký học"), _("Đã đăng ký học"))
    actions.register_action(
        "courses.calendar_feed_rotate", _("Đổi địa chỉ lịch riêng"), _("Đã đổi địa chỉ lịch riêng")
    )
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


@hooks.register("register_admin_viewset")
def register_enrollment_viewset():
    from .viewsets import enrollment_viewset

    return enrollment_viewset


@hooks.register("register_page_header_buttons")
def enrollment_header_button(page, user, view_name, next_url=None):
    from django.urls import reverse
    from wagtail.admin.widgets import Button

    from .models import CoursePage

    if page.specific_class is CoursePage and page.permissions_for_user(user).can_edit():
        yield Button(
            _("Đăng ký và điểm danh"),
            url=reverse("courses:course_manage", args=[page.pk]),
            icon_name="group",
            priority=40,
        )


@hooks.register("before_delete_page")
def refuse_deleting_courses_with_enrollments(request, page):
    """Attendance is the evidence behind residents' titles, and active enrollments are
    residents' seats: a course (or a centre holding such courses) is unpublished, not deleted.
    Without this the delete would fail on the PROTECT foreign keys."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from .models import Attendance, CoursePage, Enrollment

    courses = CoursePage.objects.descendant_of(page, inclusive=True).values("pk")
    busy = (
        Attendance.objects.filter(session__course_id__in=courses).exists()
        or Enrollment.objects.active().filter(course_id__in=courses).exists()
    )
    if busy:
        messages.error(
            request,
            _(
                "Không thể xóa: khóa học đã có người đăng ký hoặc đã điểm danh. "
                "Hãy ngừng xuất bản (unpublish) để giữ lại hồ sơ học tập của người dân."
            ),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_edit_page")
def refuse_removing_sessions_with_attendance(request, page):
    """Removing a session row that has attendance would fail on the PROTECT foreign key
    (a 500 on publish); refuse it with a message instead. The CoursePage form could do this
    in a formset clean() so the editor keeps their other changes."""
    if request.method != "POST":
        return None
    from django.contrib import messages
    from django.shortcuts import redirect

    from .models import Attendance, CoursePage

    if page.specific_class is not CoursePage:
        return None
    removed = []
    for key, value in request.POST.items():
        if key.startswith("sessions-") and key.endswith("-DELETE") and value:
            session_id = request.POST.get(key[: -len("DELETE")] + "id", "")
            if session_id.isdigit():
                removed.append(int(session_id))
    if removed and Attendance.objects.filter(session_id__in=removed).exists():
        messages.error(
            request,
            _("Không thể xóa buổi học đã có điểm danh. Hãy giữ buổi học đó và sửa lại phần khác."),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("citizen_skills_framework_changed")
def move_course_skill_tags(old, new):
    """A new digital-skills framework version is applied: courses tagged with a skill of an
    earlier version are re-tagged with the new version's skill of the same code, so the
    admin checkboxes (limited to the current version) keep showing them."""
    from citizen_profiles.skills.models import Skill

    from .models import CoursePage

    link = CoursePage.digital_skill_areas.through
    for code, new_pk in Skill.objects.filter(framework=new).values_list("code", "pk"):
        old_pks = Skill.objects.filter(code=code).exclude(pk=new_pk).values("pk")
        already = link.objects.filter(skill_id=new_pk).values("coursepage_id")
        link.objects.filter(skill_id__in=old_pks).exclude(coursepage_id__in=already).update(
            skill_id=new_pk
        )
        link.objects.filter(skill_id__in=old_pks).delete()


# --- the learning record (citizen_profiles) reads what a course is through hooks ---


@hooks.register("participation_activity_links")
def course_activity_links(keys, request):
    """Title and address of the courses named by participation records' `activity`
    ("courses.course:<id>"), for "My learning" and the xAPI export (one query)."""
    from .models import CoursePage
    from .services.common import COMPLETION_SOURCE_TYPE

    prefix = f"{COMPLETION_SOURCE_TYPE}:"
    ids = [
        int(key[len(prefix) :])
        for key in keys
        if key.startswith(prefix) and key[len(prefix) :].isdigit()
    ]
    if not ids:
        return {}
    links = {}
    for course in CoursePage.objects.filter(pk__in=ids).only("id", "title", "url_path", "live"):
        links[f"{prefix}{course.pk}"] = {
            "url": course.get_url(request) if course.live else "",
            "name": course.title,
            "type": "http://adlnet.gov/expapi/activities/course",
        }
    return links


from . import statistics  # noqa: E402,F401  (registers the statistics' provision rows)
