from django.urls import path, re_path

from . import views

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
    # centre staff
    path("quan-ly/khoa-hoc/<int:course_id>/", views.course_manage, name="course_manage"),
    path(
        "quan-ly/khoa-hoc/<int:course_id>/ghi-danh/",
        views.assisted_enroll,
        name="assisted_enroll",
    ),
    path(
        "quan-ly/khoa-hoc/<int:course_id>/xet-hoan-thanh/",
        views.course_evaluate_view,
        name="course_evaluate",
    ),
    path(
        "quan-ly/khoa-hoc/<int:course_id>/<slug:kind>.<str:fmt>",
        views.course_export,
        name="course_export",
    ),
    path(
        "quan-ly/dang-ky/<int:enrollment_id>/rut-ten/",
        views.enrollment_remove_view,
        name="enrollment_remove",
    ),
    path(
        "quan-ly/dang-ky/<int:enrollment_id>/hoan-thanh/",
        views.enrollment_override_view,
        name="enrollment_override",
    ),
    path(
        "quan-ly/buoi-hoc/<int:session_id>/diem-danh/", views.session_roster, name="session_roster"
    ),
    path("quan-ly/buoi-hoc/<int:session_id>/ma-qr/", views.session_qr, name="session_qr"),
    path("quan-ly/nhap-diem-danh/", views.attendance_upload, name="attendance_upload"),
]
