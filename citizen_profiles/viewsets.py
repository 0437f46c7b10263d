"""Wagtail admin for residents' records ("Hồ sơ học tập" menu).

Personal data is shown only to who needs it: superusers and holders of
`citizen_profiles.view_all_wards` see every resident; a centre manager sees (and creates)
residents of the wards whose centre page they can edit. The scoping is applied to the
listing and to every single-object view, so a guessed URL gives 404."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from learning_centers.models import ResidentialGroup, Ward

from . import services
from .declarations.viewsets import DeclarationViewSet
from .merge_views import DuplicateViewSet
from .models import Citizen, DeletionRequest
from .permissions import managed_ward_ids, sees_all_wards


class ScopedIndexView(generic.IndexView):
    list_select_related: tuple[str, ...] = ()

    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related(*self.list_select_related)
        return self.permission_policy.scope(self.request.user, queryset)


class CitizenIndexView(ScopedIndexView):
    list_select_related = ("ward",)


class DeletionRequestIndexView(ScopedIndexView):
    list_select_related = ("citizen",)


class ScopedObjectMixin:
    """Outside the user's read scope: 404. Readable but not allowed `object_action`: 403
    (an evaluator reading a record, or a manager who evaluates another ward, may not edit)."""

    object_action = "view"

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        user = self.request.user
        if not self.permission_policy.user_has_any_permission_for_instance(
            user, {"view", "change", "delete"}, obj
        ):
            raise Http404
        if not self.permission_policy.user_has_permission_for_instance(
            user, self.object_action, obj
        ):
            raise PermissionDenied
        return obj


class WardLimitedFormMixin:
    """A manager may only file residents under the wards they manage."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        user = self.request.user
        if not sees_all_wards(user) and "ward" in form.fields:
            ward_ids = managed_ward_ids(user)
            form.fields["ward"].queryset = Ward.objects.filter(pk__in=ward_ids)
            form.fields["ward"].required = True
            if "residential_group" in form.fields:
                form.fields["residential_group"].queryset = ResidentialGroup.objects.filter(
                    ward_id__in=ward_ids
                )
        return form


class CitizenCreateForm(WagtailAdminModelForm):
    paper_consent = forms.BooleanField(
        required=False,
        label=_("Người dân đã ký đồng ý xử lý dữ liệu cá nhân trên giấy"),
        help_text=_(
            "Đánh dấu khi người dân đã đọc (hoặc được đọc cho nghe) thông báo xử lý dữ liệu cá "
            "nhân và ký phiếu đồng ý; lưu phiếu giấy tại trung tâm."
        ),
    )

    class Meta:
        model = Citizen
        fields = ["full_name", "birth_year", "ward", "residential_group", "phone"]


class CitizenCreateView(WardLimitedFormMixin, generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        # One write path: the service gives the record its claim code and logs it.
        return services.citizen_create_assisted(
            full_name=data["full_name"],
            birth_year=data.get("birth_year"),
            ward=data.get("ward"),
            phone=data.get("phone") or "",
            residential_group=data.get("residential_group"),
            created_by=self.request.user,
            paper_consent=bool(data.get("paper_consent")),
        )

    def get_success_url(self):
        return self.get_inspect_url_for(self.object) or super().get_success_url()

    def get_inspect_url_for(self, obj):
        from django.urls import reverse

        return reverse("citizen_profiles_citizen:inspect", args=[obj.pk])


class CitizenEditView(WardLimitedFormMixin, ScopedObjectMixin, generic.EditView):
    object_action = "change"


class CitizenDeleteView(ScopedObjectMixin, generic.DeleteView):
    object_action = "delete"


class CitizenInspectView(ScopedObjectMixin, generic.InspectView):
    def get_fields_context(self):
        # The claim code is a key to the record: only staff who may edit it see it, not
        # association evaluators who only read.
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", self.object
        ):
            self.fields = [f for f in self.fields if f != "claim_code_display"]
        return super().get_fields_context()


class CitizenHistoryView(generic.HistoryView):
    """History lists who changed the record: only for staff who may change it (another
    ward's record gives 404)."""

    def get_base_object_queryset(self):
        queryset = super().get_base_object_queryset()
        return self.permission_policy.scope(self.request.user, queryset, actions=("change",))


class CitizenViewSet(ModelViewSet):
    model = Citizen
    icon = "user"
    menu_label = _("Người học")
    url_prefix = "citizen-profiles/citizens"
    url_namespace = "citizen_profiles_citizen"
    add_to_admin_menu = False
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None
    search_fields = ["normalized", "full_name", "phone", "claim_code"]
    list_display = ["full_name", "birth_year", "ward", "claim_code_display", "created_at"]
    form_fields = ["full_name", "birth_year", "ward", "residential_group", "phone"]
    inspect_view_fields = [
        "full_name",
        "birth_year",
        "ward",
        "residential_group",
        "phone",
        "claim_code_display",
        "claimed_at",
        "created_by",
        "created_at",
    ]

    def get_form_class(self, for_update=False):
        if for_update:
            return super().get_form_class(for_update=True)
        return CitizenCreateForm

    index_view_class = CitizenIndexView
    add_view_class = CitizenCreateView
    edit_view_class = CitizenEditView
    delete_view_class = CitizenDeleteView
    inspect_view_class = CitizenInspectView
    history_view_class = CitizenHistoryView


class DeletionRequestEditView(ScopedObjectMixin, generic.EditView):
    object_action = "change"

    def save_instance(self):
        instance = self.form.instance
        if instance.status != DeletionRequest.Status.PENDING and instance.handled_at is None:
            instance.handled_at = timezone.now()
        return super().save_instance()


class DeletionRequestViewSet(ModelViewSet):
    model = DeletionRequest
    icon = "bin"
    menu_label = _("Yêu cầu xóa dữ liệu")
    url_prefix = "citizen-profiles/deletion-requests"
    url_namespace = "citizen_profiles_deletionrequest"
    add_to_admin_menu = False
    copy_view_enabled = False
    create_view_enabled = False
    search_backend_name = None
    search_fields = ["citizen__normalized"]
    list_display = ["citizen", "requested_at", "status", "handled_at"]
    list_filter = ["status"]
    form_fields = ["status", "staff_note"]
    index_view_class = DeletionRequestIndexView
    edit_view_class = DeletionRequestEditView


class CitizenProfilesViewSetGroup(ViewSetGroup):
    menu_label = _("Hồ sơ học tập")
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (CitizenViewSet, DeclarationViewSet, DeletionRequestViewSet, DuplicateViewSet)
