"""Residents' views: enroll, cancel, my courses, calendar feeds and QR check-in. Thin:
check, call a service (courses/services/), render; reads in courses/enrollment_selectors.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail import hooks
from wagtail.models import Site

from learning_centers.models import LearningCenterPage

from .. import enrollment_selectors as selectors
from .. import qr
from ..calendar import build_calendar, ics_response
from ..models import CoursePage, CourseSession, Enrollment
from ..services import (
    AttendanceError,
    EnrollmentError,
    attendance_check_in,
    calendar_feed_rotate,
    enrollment_cancel,
    enrollment_create,
    waitlist_position,
)

NO_CITIZEN = gettext_lazy(
    "Tài khoản của bạn chưa có hồ sơ người học (họ tên, năm sinh, phường/xã). "
    "Hãy hoàn thiện hồ sơ trong mục Tài khoản rồi đăng ký lại, hoặc nhờ cán bộ trung tâm "
    "ghi danh giúp."
)


def _back(request, fallback: str) -> HttpResponseRedirect:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback or "/")


# ------------------------------------------------------------------ residents


@login_required
@require_POST
def enroll(request, course_id: int):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    citizen = selectors.citizen_for_user(request.user)
    if citizen is None:
        messages.error(request, NO_CITIZEN)
        return _back(request, course.url)
    try:
        enrollment = enrollment_create(course=course, citizen=citizen)
    except EnrollmentError as err:
        messages.error(request, err.message)
    else:
        if enrollment.status == Enrollment.Status.CONFIRMED:
            messages.success(request, _("Đăng ký thành công. Bạn đã có chỗ trong khóa học."))
        else:
            messages.info(
                request,
                _("Khóa học đã đủ chỗ. Bạn đứng thứ %(n)s trong danh sách chờ.")
                % {"n": waitlist_position(enrollment)},
            )
    return _back(request, course.url)


@login_required
@require_POST
def cancel(request, enrollment_id: int):
    citizen = selectors.citizen_for_user(request.user)
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("course"), pk=enrollment_id, citizen=citizen
    )
    try:
        enrollment_cancel(enrollment=enrollment, by=request.user)
    except EnrollmentError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("Đã hủy đăng ký khóa học “%(c)s”.") % {"c": enrollment.course})
    return _back(request, reverse("courses:my_courses"))


@login_required
@require_GET
def my_courses(request):
    citizen = selectors.citizen_for_user(request.user)
    enrollments = list(selectors.my_enrollments(citizen)) if citizen else []
    return render(
        request,
        "courses/enrollment/my_courses.html",
        {
            "citizen": citizen,
            "no_citizen_message": NO_CITIZEN,
            "enrollments": enrollments,
            "feed_url": request.build_absolute_uri(selectors.resident_feed_url(citizen))
            if citizen
            else "",
        },
    )


@login_required
@require_POST
def feed_rotate(request):
    """Give the resident a new private calendar address; the old one stops working."""
    citizen = selectors.citizen_for_user(request.user)
    if citizen is None:
        messages.error(request, NO_CITIZEN)
    else:
        calendar_feed_rotate(citizen=citizen, by=request.user)
        messages.success(
            request,
            _(
                "Đã tạo địa chỉ lịch mới; địa chỉ cũ không còn dùng được. Hãy thêm địa chỉ "
                "mới vào ứng dụng lịch của bạn."
            ),
        )
    return redirect("courses:my_courses")


@require_GET
def resident_calendar(request, token: str):
    citizen_id = selectors.citizen_id_for_feed_token(token)
    if citizen_id is None:
        raise Http404
    content = build_calendar(
        name=_("Lịch học của tôi"),
        sessions=selectors.resident_sessions(citizen_id),
        base_url=request.build_absolute_uri("/"),
    )
    response = ics_response(content, "lich-hoc.ics")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def centre_calendar(request, slug: str):
    centre = get_object_or_404(LearningCenterPage.objects.live(), slug=slug)
    content = build_calendar(
        name=centre.title,
        sessions=selectors.centre_sessions(centre),
        base_url=request.build_absolute_uri("/"),
    )
    return ics_response(content, f"{centre.slug}.ics")


@require_GET
def page_calendar(request, page_path: str):
    """`<page URL>lich.ics`: hand the path to Wagtail's page routing with `lich.ics` as the
    last component, so a RoutablePageMixin page (CoursePage) answers through its route and
    every other page gives 404. Runs the same before_serve_page hooks (view restrictions)
    as Wagtail's serve view."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    components = [c for c in page_path.split("/") if c] + ["lich.ics"]
    page, args, kwargs = site.root_page.localized.specific.route(request, components)
    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return page.serve(request, *args, **kwargs)


TOKEN_MESSAGES = {
    "forged": gettext_lazy("Mã QR không hợp lệ. Hãy quét lại mã đang hiển thị tại lớp học."),
    "expired": gettext_lazy("Mã QR đã hết hạn: chỉ điểm danh được trong giờ học."),
    "early": gettext_lazy("Chưa đến giờ điểm danh cho buổi học này."),
}


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, token: str):
    context: dict = {"token": token}
    try:
        session = qr.read_token(token, sessions=CourseSession.objects.all())
    except qr.TokenError as err:
        context["error"] = TOKEN_MESSAGES[err.code]
        return render(request, "courses/enrollment/check_in.html", context, status=400)
    context["session"] = session
    citizen = selectors.citizen_for_user(request.user)
    if citizen is None:
        context["error"] = NO_CITIZEN
        return render(request, "courses/enrollment/check_in.html", context, status=400)
    if request.method == "POST":
        try:
            attendance_check_in(session=session, citizen=citizen)
        except AttendanceError as err:
            context["error"] = err.message
            return render(request, "courses/enrollment/check_in.html", context, status=400)
        context["done"] = True
    return render(request, "courses/enrollment/check_in.html", context)
