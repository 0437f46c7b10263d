"""Wagtail admin: "Đăng ký học" — the courses a user may manage (centre-scoped through page
permissions), with seat counts and links to the staff pages (roster, QR, exports, import)."""

from django.db.models import Count, Q
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from .enrollment_forms import AttendanceImportForm
from .enrollment_selectors import manageable_course_ids
from .importers import attendance_import
from .models import CoursePage, Enrollment


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
        ]


enrollment_viewset = EnrollmentViewSet()
