"""Enrollment, check-in, calendar and centre-staff views. Thin: check, call a service,
render. Rules live in courses/services.py, reads in courses/enrollment_selectors.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail import hooks
from wagtail.models import Site

from citizen_profiles.models import Citizen
from citizen_profiles.services import citizen_create_assisted
from learning_centers.models import LearningCenterPage
from search.text import fold

from . import enrollment_selectors as selectors
from . import exports, qr
from .calendar import build_calendar, ics_response, resident_from_token
from .enrollment_forms import (
    AssistedCitizenForm,
    AttendanceImportForm,
    CitizenSearchForm,
    OverrideForm,
    RemoveForm,
)
from .importers import attendance_import
from .models import Attendance, CoursePage, CourseSession, Enrollment
from .services import (
    AttendanceError,
    EnrollmentError,
    attendance_check_in,
    attendance_mark,
    attendance_mark_all_present,
    completion_evaluate,
    completion_override,
    enrollment_cancel,
    enrollment_create,
    enrollment_remove,
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


@require_GET
def resident_calendar(request, token: str):
    citizen_id = resident_from_token(token)
    if citizen_id is None or not Citizen.objects.filter(pk=citizen_id).exists():
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


# ------------------------------------------------------------------ centre staff


def _managed_course(request, course_id: int) -> CoursePage:
    course = get_object_or_404(CoursePage, pk=course_id)
    if not selectors.can_manage_course(request.user, course):
        raise PermissionDenied
    return course


def _managed_session(request, session_id: int) -> CourseSession:
    session = get_object_or_404(CourseSession.objects.select_related("course"), pk=session_id)
    if not selectors.can_manage_course(request.user, session.course):
        raise PermissionDenied
    return session


@login_required
@require_GET
def course_manage(request, course_id: int):
    course = _managed_course(request, course_id)
    return render(
        request,
        "courses/enrollment/course_manage.html",
        {
            "course": course,
            "enrollments": list(selectors.course_enrollments(course)),
            "sessions": list(course.sessions.all()),
            "counts": selectors.seat_counts(course),
            "remove_form": RemoveForm(),
            "override_form": OverrideForm(),
        },
    )


@login_required
@require_POST
def enrollment_remove_view(request, enrollment_id: int):
    enrollment = get_object_or_404(Enrollment, pk=enrollment_id)
    course = _managed_course(request, enrollment.course_id)
    form = RemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần ghi lý do rút tên."))
    else:
        try:
            enrollment_remove(
                enrollment=enrollment, by=request.user, reason=form.cleaned_data["reason"]
            )
        except EnrollmentError as err:
            messages.error(request, err.message)
        else:
            messages.success(request, _("Đã rút tên %(n)s.") % {"n": enrollment.citizen})
    return redirect("courses:course_manage", course.pk)


@login_required
@require_POST
def enrollment_override_view(request, enrollment_id: int):
    enrollment = get_object_or_404(Enrollment, pk=enrollment_id)
    course = _managed_course(request, enrollment.course_id)
    form = OverrideForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        try:
            completion_override(
                enrollment=enrollment,
                completed=form.completed,
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except EnrollmentError as err:
            messages.error(request, err.message)
        else:
            messages.success(request, _("Đã lưu kết quả hoàn thành."))
    return redirect("courses:course_manage", course.pk)


@login_required
@require_POST
def course_evaluate_view(request, course_id: int):
    course = _managed_course(request, course_id)
    counts = completion_evaluate(course=course, by=request.user)
    messages.success(
        request,
        _("Đã xét hoàn thành: %(done)s người đạt, %(not)s người chưa đạt.")
        % {"done": counts["completed"], "not": counts["not_completed"]},
    )
    return redirect("courses:course_manage", course.pk)


@login_required
@require_http_methods(["GET", "POST"])
def session_roster(request, session_id: int):
    session = _managed_session(request, session_id)
    if request.method == "POST":
        if "all_present" in request.POST:
            n = attendance_mark_all_present(session=session, by=request.user)
            messages.success(request, _("Đã ghi có mặt cho %(n)s người.") % {"n": n})
        else:
            changed, errors = 0, 0
            valid = set(Attendance.Status.values)
            for enrollment, current in selectors.roster(session):
                value = request.POST.get(f"status-{enrollment.pk}")
                if not value or value == current:
                    continue
                if value not in valid:
                    errors += 1
                    continue
                try:
                    attendance_mark(
                        session=session,
                        enrollment=enrollment,
                        status=value,
                        source=Attendance.Source.ROSTER,
                        by=request.user,
                    )
                    changed += 1
                except AttendanceError:
                    errors += 1
            if errors:
                messages.error(request, _("%(n)s dòng không hợp lệ, chưa lưu.") % {"n": errors})
            messages.success(request, _("Đã lưu %(n)s thay đổi.") % {"n": changed})
        return redirect("courses:session_roster", session.pk)
    return render(
        request,
        "courses/enrollment/roster.html",
        {
            "session": session,
            "course": session.course,
            "rows": selectors.roster(session),
            "statuses": Attendance.Status.choices,
        },
    )


@login_required
@require_GET
def session_qr(request, session_id: int):
    session = _managed_session(request, session_id)
    url = request.build_absolute_uri(reverse("courses:check_in", args=[qr.make_token(session)]))
    opens, closes = qr.checkin_window(session)
    now = timezone.now()
    return render(
        request,
        "courses/enrollment/session_qr.html",
        {
            "session": session,
            "course": session.course,
            "checkin_url": url,
            "qr_svg": qr.qr_svg(url),
            "opens": opens,
            "closes": closes,
            "is_open": opens <= now <= closes,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assisted_enroll(request, course_id: int):
    course = _managed_course(request, course_id)
    centre = LearningCenterPage.objects.filter(pk=course.get_parent().pk).first()
    ward = centre.ward if centre else None
    search_form = CitizenSearchForm(request.GET or None)
    create_form = AssistedCitizenForm(request.POST or None)
    matches = []
    if search_form.is_valid() and ward is not None:
        needle = fold(search_form.cleaned_data["q"])
        candidates = Citizen.objects.filter(ward=ward).only(
            "id", "full_name", "birth_year", "phone"
        )
        matches = [c for c in candidates.iterator() if needle in fold(c.full_name)][:50]
    if request.method == "POST":
        citizen = None
        if request.POST.get("citizen"):
            citizen = Citizen.objects.filter(pk=request.POST["citizen"], ward=ward).first()
            if citizen is None:
                messages.error(request, _("Không tìm thấy người học ở phường/xã của trung tâm."))
        elif create_form.is_valid():
            citizen = citizen_create_assisted(ward=ward, **create_form.cleaned_data)
        if citizen is not None:
            try:
                enrollment = enrollment_create(course=course, citizen=citizen, by=request.user)
            except EnrollmentError as err:
                messages.error(request, err.message)
            else:
                messages.success(
                    request,
                    _("Đã ghi danh %(n)s: %(s)s.")
                    % {"n": citizen.full_name, "s": enrollment.get_status_display()},
                )
                return redirect("courses:course_manage", course.pk)
    return render(
        request,
        "courses/enrollment/assisted_enroll.html",
        {
            "course": course,
            "ward": ward,
            "search_form": search_form,
            "create_form": create_form,
            "matches": matches,
        },
    )


EXPORTS = {
    "danh-sach": (exports.roster_rows, "danh-sach"),
    "diem-danh": (exports.attendance_rows, "diem-danh"),
    "mau-nhap": (exports.attendance_import_rows, "mau-nhap-diem-danh"),
}


@login_required
@require_GET
def course_export(request, course_id: int, kind: str, fmt: str):
    course = _managed_course(request, course_id)
    if kind not in EXPORTS or fmt not in ("csv", "xlsx"):
        raise Http404
    rows_fn, stem = EXPORTS[kind]
    header, rows = rows_fn(course)
    filename = f"{stem}-{course.slug}.{fmt}"
    if fmt == "csv":
        return exports.csv_response(header, rows, filename)
    return exports.xlsx_response(header, rows, filename, title=stem)


@login_required
@require_http_methods(["GET", "POST"])
def attendance_upload(request):
    allowed = selectors.manageable_course_ids(request.user)
    if not allowed:
        raise PermissionDenied
    form = AttendanceImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = attendance_import(
            data=form.cleaned_data["file"].read(),
            by=request.user,
            dry_run=form.cleaned_data["dry_run"],
            allowed_course_ids=allowed,
        )
        if result.ok and not result.dry_run:
            messages.success(
                request,
                _("Đã nhập %(rows)s dòng: %(c)s mới, %(u)s thay đổi, %(s)s không đổi.")
                % {
                    "rows": result.rows,
                    "c": result.created,
                    "u": result.changed,
                    "s": result.unchanged,
                },
            )
    status = 400 if result is not None and not result.ok else 200
    return render(
        request,
        "courses/enrollment/import.html",
        {"form": form, "result": result},
        status=status,
    )
