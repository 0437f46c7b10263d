"""Centre staff's views: course overview, roster, QR code, assisted enrollment, removal,
completion, exports and the paper-sheet upload, each limited to the staff member's own
centre(s). Thin: check, call a service (courses/services/), render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from citizen_profiles.models import Citizen
from citizen_profiles.services import citizen_create_assisted
from search.text import fold

from .. import enrollment_selectors as selectors
from .. import exports, qr
from ..enrollment_forms import (
    AssistedCitizenForm,
    CitizenSearchForm,
    OverrideForm,
    RemoveForm,
)
from ..models import Attendance, CoursePage, CourseSession, Enrollment
from ..services import (
    AttendanceError,
    EnrollmentError,
    attendance_mark,
    attendance_mark_all_present,
    completion_evaluate,
    completion_override,
    enrollment_create,
    enrollment_remove,
)


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
        if "all_present" in request.POST and "confirm" not in request.POST:
            # Marking everyone at once is asked first (a page, so it works without JS).
            rows = selectors.roster(session)
            return render(
                request,
                "courses/enrollment/roster_confirm_all.html",
                {
                    "session": session,
                    "course": session.course,
                    "unmarked": sum(1 for _e, current in rows if not current),
                },
            )
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
    centre = course.centre  # kept equal to the parent page by CoursePage.save and page moves
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
