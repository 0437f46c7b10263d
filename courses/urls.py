from django.urls import path, re_path

from . import views
from .views.admin_chrome import legacy_staff_redirect, staff_view

STAFF_PREFIX = "admin/dang-ky-hoc/"

app_name = "courses"
urlpatterns = [
    # residents
    path("khoa-hoc/<int:course_id>/dang-ky/", views.enroll, name="enroll"),
    path("dang-ky-hoc/<int:enrollment_id>/huy/", views.cancel, name="cancel"),
    path("tai-khoan/khoa-hoc/", views.my_courses, name="my_courses"),
    path("lich/<str:token>.ics", views.resident_calendar, name="resident_calendar"),
    path("tai-khoan/khoa-hoc/doi-dia-chi-lich/", views.feed_rotate, name="feed_rotate"),
    path("diem-danh/<str:token>/", views.check_in, name="check_in"),
    # Centre feed: LearningCenterPage belongs to a lower layer, so the route lives here and
    # is matched before Wagtail's catch-all page serving.
    path("trung-tam/<slug:slug>/lich.ics", views.centre_calendar, name="centre_calendar"),
    # `<page URL>lich.ics` for course pages (after the centre route, before Wagtail's pages).
    re_path(r"^(?P<page_path>(?:[\w\-]+/)+)lich\.ics$", views.page_calendar, name="page_calendar"),
    # Centre staff work inside the Wagtail admin (its chrome, menu, language and admin
    # access check), beside the "Đăng ký học" viewset at /admin/dang-ky-hoc/; the views
    # keep their own per-centre permission checks. The old /quan-ly/ addresses redirect.
    *[
        path(f"{STAFF_PREFIX}{route}", staff_view(view), name=name)
        for route, view, name in [
            ("khoa-hoc/<int:course_id>/", views.course_manage, "course_manage"),
            ("khoa-hoc/<int:course_id>/ghi-danh/", views.assisted_enroll, "assisted_enroll"),
            (
                "khoa-hoc/<int:course_id>/xet-hoan-thanh/",
                views.course_evaluate_view,
                "course_evaluate",
            ),
            (
                "khoa-hoc/<int:course_id>/<slug:kind>.<str:fmt>",
                views.course_export,
                "course_export",
            ),
            (
                "dang-ky/<int:enrollment_id>/rut-ten/",
                views.enrollment_remove_view,
                "enrollment_remove",
            ),
            (
                "dang-ky/<int:enrollment_id>/hoan-thanh/",
                views.enrollment_override_view,
                "enrollment_override",
            ),
            ("buoi-hoc/<int:session_id>/diem-danh/", views.session_roster, "session_roster"),
            ("buoi-hoc/<int:session_id>/ma-qr/", views.session_qr, "session_qr"),
        ]
    ],
    re_path(r"^quan-ly/(?P<rest>.*)$", legacy_staff_redirect, name="legacy_staff"),
]
