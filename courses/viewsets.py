"""Wagtail admin: "Đăng ký học" — the courses a user may manage (centre-scoped through page
permissions), with seat counts and links to the staff pages (roster, QR, exports, import)."""

import json

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, StreamingHttpResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from citizen_profiles.models import ParticipationRecord
from citizen_profiles.record.xapi import iter_xapi_statements

from .enrollment_forms import AttendanceImportForm
from .enrollment_selectors import manageable_course_ids
from .importers import attendance_import
from .models import CoursePage, Enrollment
from .services.common import COMPLETION_SOURCE_TYPE


class ManagersOnlyMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(manageable_course_ids(request.user))


class EnrollmentIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "courses/enrollment/admin_index.html"
    page_title = _("Đăng ký học và điểm danh")
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        from django.core.exceptions import PermissionDenied

        self.course_ids = manageable_course_ids(request.user)
        if not self.course_ids:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["courses"] = (
            CoursePage.objects.filter(pk__in=self.course_ids)
            .annotate(
                taken=Count(
                    "enrollments",
                    filter=Q(enrollments__status__in=Enrollment.SEAT_HOLDING_STATUSES),
                ),
                waiting=Count("enrollments", filter=Q(enrollments__status="waitlisted")),
            )
            .order_by("-first_published_at", "title")[:200]
        )
        return context


class AttendanceImportAdminView(WagtailAdminTemplateMixin, TemplateView):
    """The paper-sheet upload form inside the Wagtail admin (same rules as
    /quan-ly/nhap-diem-danh/: all or nothing, only the manager's own courses)."""

    template_name = "courses/enrollment/admin_import.html"
    page_title = _("Nhập điểm danh từ tệp CSV")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        from django.core.exceptions import PermissionDenied

        self.course_ids = manageable_course_ids(request.user)
        if not self.course_ids:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", AttendanceImportForm())
        return context

    def post(self, request, *args, **kwargs):
        form = AttendanceImportForm(request.POST, request.FILES)
        result = None
        if form.is_valid():
            result = attendance_import(
                data=form.cleaned_data["file"].read(),
                by=request.user,
                dry_run=form.cleaned_data["dry_run"],
                allowed_course_ids=self.course_ids,
            )
        response = self.render_to_response(self.get_context_data(form=form, result=result))
        if result is not None and not result.ok:
            response.status_code = 400
        return response


class XapiDownloadView(View):
    """The learning records of the manager's courses (all of them, or one with ?khoa-hoc=<id>)
    as xAPI 1.0.3 statements, for the centre to send to a learning record store. Only the
    records of residents enrolled in those courses and about those courses: a resident's
    other learning stays theirs. Statements name residents by an opaque id only."""

    def get(self, request, *args, **kwargs):
        course_ids = manageable_course_ids(request.user)
        if not course_ids:
            raise PermissionDenied
        wanted = request.GET.get("khoa-hoc", "")
        if wanted:
            if not wanted.isdigit() or int(wanted) not in course_ids:
                raise Http404
            course_ids = {int(wanted)}
        records = (
            ParticipationRecord.objects.filter(
                activity__in=[f"{COMPLETION_SOURCE_TYPE}:{pk}" for pk in course_ids]
            )
            .filter(
                Exists(
                    Enrollment.objects.filter(
                        citizen_id=OuterRef("citizen_id"), course_id__in=course_ids
                    )
                )
            )
            .order_by("date", "id")
        )
        response = StreamingHttpResponse(
            _json_array(iter_xapi_statements(records, request=request)),
            content_type="application/json; charset=utf-8",
        )
        name = f"xapi-khoa-hoc-{wanted}.json" if wanted else "xapi-trung-tam.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "private, no-store"
        return response


def _json_array(items):
    yield "["
    for i, item in enumerate(items):
        yield ("," if i else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]\n"


class EnrollmentViewSet(ViewSet):
    name = "dang_ky_hoc"
    url_prefix = "dang-ky-hoc"
    icon = "group"
    menu_label = _("Đăng ký học")
    add_to_admin_menu = True
    menu_order = 250
    menu_item_class = ManagersOnlyMenuItem

    def get_urlpatterns(self):
        return [
            path("", EnrollmentIndexView.as_view(), name="index"),
            path("nhap-diem-danh/", AttendanceImportAdminView.as_view(), name="import"),
            path("xapi.json", XapiDownloadView.as_view(), name="xapi"),
        ]


enrollment_viewset = EnrollmentViewSet()
