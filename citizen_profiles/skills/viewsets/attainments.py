"""Residents' attainments, ward-scoped; the staff assessment form (see the package
docstring)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from citizen_profiles.models import Citizen
from citizen_profiles.permissions import managed_ward_ids, sees_all_wards
from citizen_profiles.viewsets import ScopedIndexView, ScopedObjectMixin

from .. import services
from ..models import Attainment, Skill
from .framework import CrumbsMixin

# -- attainments -----------------------------------------------------------------------------


class AttainmentIndexView(ScopedIndexView):
    list_select_related = ("citizen", "skill", "skill__framework")

    def get_edit_url(self, instance):
        return None  # attainments are recorded or withdrawn, never edited

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.source != Attainment.Source.ASSESSMENT:
            # Only staff assessments are withdrawn here; the others follow their source.
            buttons = [b for b in buttons if getattr(b, "icon_name", "") != "bin"]
        return buttons


class AssessmentForm(forms.Form):
    citizen = forms.ModelChoiceField(label=_("Người học"), queryset=Citizen.objects.none())
    skill = forms.ModelChoiceField(label=_("Kỹ năng"), queryset=Skill.objects.none())
    attained_on = forms.DateField(
        label=_("Ngày đánh giá"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text=_("Định dạng ngày/tháng/năm, ví dụ 15/03/2025."),
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        citizens = Citizen.objects.select_related("ward").order_by("full_name", "pk")
        if not sees_all_wards(user):
            citizens = citizens.filter(ward_id__in=managed_ward_ids(user))
        self.fields["citizen"].queryset = citizens
        self.fields["citizen"].label_from_instance = lambda c: (
            f"{c.full_name} ({c.birth_year or '?'}) – {c.ward or ''}"
        )
        self.fields["skill"].queryset = Skill.objects.current().select_related("group")
        self.fields["attained_on"].initial = timezone.localdate().strftime("%d/%m/%Y")

    def clean_attained_on(self):
        value = self.cleaned_data["attained_on"]
        if value > timezone.localdate():
            raise ValidationError(_("Ngày đánh giá không được ở tương lai."))
        return value


class AssessmentCreateView(CrumbsMixin, WagtailAdminTemplateMixin, TemplateView):
    """Staff record that a resident of their ward has a skill (assessed in person)."""

    template_name = "citizen_skills/admin/assessment_form.html"
    page_title = _("Ghi nhận đánh giá kỹ năng số")
    header_icon = "pick"
    permission_policy = None
    index_url_name = "citizen_skills_attainment:index"
    index_label = _("Kỹ năng số của người học")

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "add"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = kwargs.get("form") or AssessmentForm(
            user=self.request.user, initial={"citizen": self.request.GET.get("citizen")}
        )
        context["index_url"] = reverse("citizen_skills_attainment:index")
        return context

    def post(self, request, *args, **kwargs):
        form = AssessmentForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.assessment_record(
                    citizen=data["citizen"],
                    skill=data["skill"],
                    date=data["attained_on"],
                    note=data["note"],
                    by=request.user,
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Đã ghi nhận kỹ năng."))
                return redirect("citizen_skills_attainment:index")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class AttainmentEditView(generic.EditView):
    def dispatch(self, request, *args, **kwargs):
        raise Http404


class AttainmentDeleteView(ScopedObjectMixin, generic.DeleteView):
    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if obj.source != Attainment.Source.ASSESSMENT:
            raise Http404
        return obj

    def delete_action(self):
        services.attainment_withdraw(
            citizen=self.object.citizen,
            source_type=self.object.source_type,
            source_id=self.object.source_id,
            skill=self.object.skill,
            by=self.request.user,
        )


class AttainmentViewSet(ModelViewSet):
    model = Attainment
    icon = "tick-inverse"
    menu_label = _("Kỹ năng số của người học")
    url_prefix = "citizen-skills/attainments"
    url_namespace = "citizen_skills_attainment"
    add_to_admin_menu = False
    copy_view_enabled = False
    search_backend_name = None
    search_fields = ["citizen__normalized"]
    list_display = ["citizen", "skill", "attained_on", "source"]
    list_filter = ["source", "skill__framework"]
    form_fields = ["citizen", "skill", "attained_on", "note"]
    index_view_class = AttainmentIndexView
    edit_view_class = AttainmentEditView
    delete_view_class = AttainmentDeleteView

    @property
    def add_view(self):
        return AssessmentCreateView.as_view(permission_policy=self.permission_policy)
