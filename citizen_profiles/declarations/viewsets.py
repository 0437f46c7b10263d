"""The staff queue of declarations in the Wagtail admin ("Hồ sơ học tập" → "Khai báo học
tập"): waiting declarations first, scoped to the wards the staff member manages (all for
city staff), the count waiting on the menu item, and a review page that shows the evidence
(through the private evidence view) with Verify and Reject-with-reason actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from ..models import Declaration
from ..permissions import WardScopedPermissionPolicy
from . import selectors, services
from .forms import RejectForm


class DeclarationPermissionPolicy(WardScopedPermissionPolicy):
    """Residents create declarations and nobody deletes them (the participation log and
    the audit trail point at them), so the admin offers neither, not even to superusers.
    "change" is the right to verify or reject, through the services only."""

    def user_has_permission(self, user, action):
        if action in {"add", "delete"}:
            return False
        return super().user_has_permission(user, action)


def declaration_policy() -> DeclarationPermissionPolicy:
    return DeclarationPermissionPolicy(
        Declaration, ward_path="citizen__ward_id", manager_actions={"view", "change"}
    )


class WaitingCountMenuItem(MenuItem):
    """The menu item shows how many declarations wait for this staff member (one COUNT)."""

    def is_shown(self, request):
        from wagtail.permissions import policy_registry

        return policy_registry.get_by_type(Declaration).user_has_any_permission(
            request.user, {"view", "change"}
        )

    def render_component(self, request):
        count = selectors.waiting_count(request.user)
        label = f"{self.label} ({count})" if count else str(self.label)
        return LinkMenuItem(
            self.name,
            label,
            self.url,
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


class DeclarationIndexView(generic.IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("citizen", "citizen__ward")
        return self.permission_policy.scope(self.request.user, queryset)

    def order_queryset(self, queryset):
        if self.is_explicitly_ordered:
            return super().order_queryset(queryset)
        return queryset.queue_order()


class DeclarationReviewView(generic.InspectView):
    """The review page: the declaration, its evidence, and the two actions (POST)."""

    any_permission_required = ["change"]
    template_name = "citizen_profiles/declarations/admin_review.html"
    page_title = gettext_lazy("Xét duyệt khai báo")
    fields = ["citizen", "kind", "title", "date", "hours", "provider", "status", "created_at"]

    def get_object(self, queryset=None):
        declaration = (
            selectors.reviewable_declarations(self.request.user)
            .select_related("citizen", "citizen__ward", "reviewed_by")
            .filter(pk=self.pk)
            .first()
        )
        if declaration is None:
            raise Http404
        return declaration

    def get_citizen_display_value(self):
        citizen = self.object.citizen
        ward = citizen.ward.name_with_type if citizen.ward_id else "—"
        return f"{citizen.full_name} ({citizen.birth_year or '—'}, {ward})"

    def get_created_at_display_value(self):
        # Shown like the rest of the admin: local time (Asia/Ho_Chi_Minh), dd/mm/yyyy.
        return timezone.localtime(self.object.created_at).strftime("%d/%m/%Y %H:%M")

    def get_date_display_value(self):
        return self.object.date.strftime("%d/%m/%Y")

    def get_edit_url(self):
        return None

    def get_delete_url(self):
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        declaration = self.object
        context.update(
            {
                "declaration": declaration,
                "evidence_url": (
                    reverse("citizen_profiles:declaration_evidence", args=[declaration.pk])
                    if declaration.evidence_file
                    else ""
                ),
                "can_verify": declaration.status == Declaration.Status.PENDING,
                "can_reject": declaration.status in Declaration.ACTIVE_STATUSES,
                "reject_form": kwargs.get("reject_form") or RejectForm(),
                "index_url": reverse(self.index_url_name),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        reject_form = None
        try:
            if action == "verify":
                services.declaration_verify(declaration=self.object, by=request.user)
                messages.success(
                    request,
                    _("Đã xác nhận khai báo “%(title)s”: giờ học đã được ghi vào hồ sơ.")
                    % {"title": self.object.title},
                )
                return redirect(self.index_url_name)
            if action == "reject":
                reject_form = RejectForm(request.POST)
                if reject_form.is_valid():
                    services.declaration_reject(
                        declaration=self.object,
                        by=request.user,
                        reason=reject_form.cleaned_data["reason"],
                    )
                    messages.success(
                        request,
                        _("Đã từ chối khai báo “%(title)s”.") % {"title": self.object.title},
                    )
                    return redirect(self.index_url_name)
                messages.error(
                    request, _("Hãy ghi lý do từ chối để người dân biết cần bổ sung gì.")
                )
            else:
                messages.error(request, _("Thao tác không hợp lệ."))
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            self.object = self.get_object()
        return self.render_to_response(self.get_context_data(reject_form=reject_form))


class DeclarationViewSet(ModelViewSet):
    model = Declaration
    icon = "tasks"
    menu_label = gettext_lazy("Khai báo học tập")
    url_prefix = "citizen-profiles/declarations"
    url_namespace = "citizen_profiles_declaration"
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = False
    search_backend_name = None
    search_fields = ["normalized_title", "title", "citizen__normalized"]
    list_filter = ["status", "kind"]
    list_display = [
        "title",
        Column("citizen", label=gettext_lazy("Người học"), accessor="citizen.full_name"),
        Column("ward", label=gettext_lazy("Phường/xã"), accessor="citizen.ward.name_with_type"),
        Column("kind", label=gettext_lazy("Loại"), accessor="get_kind_display"),
        Column("date", label=gettext_lazy("Ngày"), accessor="date"),
        "hours",
        Column("status", label=gettext_lazy("Trạng thái"), accessor="get_status_display"),
        "created_at",
    ]
    index_view_class = DeclarationIndexView
    edit_view_class = DeclarationReviewView
    menu_item_class = WaitingCountMenuItem
    # Required by ModelViewSet; the create and edit forms are never offered (see the policy).
    form_fields = ["rejection_reason"]
