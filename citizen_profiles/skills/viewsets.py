"""Wagtail admin, menu "Kỹ năng số": framework versions, their groups and skills (with
provenance), the Citizen Learner indicators, and residents' attainments.

A framework that attainments already use is locked: its edit, group and skill forms refuse
changes with a message, and staff use "Tạo phiên bản mới" (a copy to edit) then "Áp dụng"
(make it current). Attainments are ward-scoped like residents: a centre manager lists the
attainments of their wards' residents, records a staff assessment for them, and withdraws
assessments; course and declaration attainments follow their source and are not deleted
here."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import MenuItem

from citizen_profiles.models import Citizen
from citizen_profiles.permissions import managed_ward_ids, sees_all_wards
from citizen_profiles.viewsets import ScopedIndexView, ScopedObjectMixin

from . import services
from .models import Attainment, Framework, LearnerIndicator, Skill, SkillGroup

# -- framework, groups, skills ---------------------------------------------------------------


class CrumbsMixin:
    """Breadcrumbs Home › list › this page (Wagtail shows the last crumb as the title)."""

    index_url_name = ""
    index_label = ""

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": self.index_label},
            {"url": "", "label": self.get_page_title()},
        ]


def _framework_of(instance):
    if isinstance(instance, Framework):
        return instance
    if isinstance(instance, SkillGroup):
        return instance.framework if instance.framework_id else None
    if instance.group_id:
        return instance.group.framework
    return None


class LockedFrameworkFormMixin:
    """Refuses to save a change to a framework in use (or to its groups and skills)."""

    def clean(self):
        cleaned = super().clean()
        targets = {_framework_of(self.instance)}
        group = cleaned.get("group") or cleaned.get("framework")
        if group is not None:
            targets.add(_framework_of(group) if not isinstance(group, Framework) else group)
        for framework in targets - {None}:
            try:
                services.check_framework_editable(framework)
            except ValidationError as error:
                raise ValidationError(error.messages) from None
        return cleaned


class FrameworkForm(LockedFrameworkFormMixin, WagtailAdminModelForm):
    pass


class SkillGroupForm(LockedFrameworkFormMixin, WagtailAdminModelForm):
    pass


class SkillForm(LockedFrameworkFormMixin, WagtailAdminModelForm):
    pass


class LockedDeleteView(generic.DeleteView):
    def dispatch(self, request, *args, **kwargs):
        self.object = self.get_object()
        framework = _framework_of(self.object)
        if framework is not None and framework.pk and framework.is_in_use():
            messages.error(
                request,
                _("Khung này đã được dùng để ghi nhận kỹ năng của người học nên không xóa được."),
            )
            return redirect(self.index_url_name)
        return super().dispatch(request, *args, **kwargs)


class FrameworkIndexView(generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            MenuItem(
                _("Phiên bản và áp dụng"),
                url=reverse("citizen_skills_framework:versions", args=[instance.pk]),
                icon_name="history",
                priority=15,
            )
        )
        return buttons


class NewVersionForm(forms.Form):
    version = forms.CharField(label=_("Số hiệu phiên bản mới"), max_length=30)


class FrameworkVersionsView(CrumbsMixin, WagtailAdminTemplateMixin, TemplateView):
    """One framework's lock state with the two actions: copy into a new version, make
    current. POST only changes data; permissions: change_framework."""

    template_name = "citizen_skills/admin/framework_versions.html"
    page_title = _("Phiên bản khung kỹ năng số")
    header_icon = "history"
    index_url_name = "citizen_skills_framework:index"
    index_label = _("Khung kỹ năng số")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("citizen_skills.change_framework"):
            raise PermissionDenied
        self.framework = get_object_or_404(Framework, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        framework = self.framework
        context.update(
            framework=framework,
            in_use=framework.is_in_use(),
            groups=SkillGroup.objects.filter(framework=framework).prefetch_related("skills"),
            form=kwargs.get("form") or NewVersionForm(),
            index_url=reverse("citizen_skills_framework:index"),
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        try:
            if action == "current":
                services.framework_make_current(framework=self.framework, by=request.user)
                messages.success(request, _("Đã áp dụng khung này."))
                return redirect("citizen_skills_framework:versions", pk=self.framework.pk)
            form = NewVersionForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(form=form), status=400)
            copy = services.framework_new_version(
                framework=self.framework, version=form.cleaned_data["version"], by=request.user
            )
        except ValidationError as error:
            form = NewVersionForm(request.POST)
            form.is_valid()
            for message in error.messages:
                form.add_error(None, message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("Đã tạo phiên bản mới; hãy sửa rồi áp dụng."))
        return redirect("citizen_skills_framework:versions", pk=copy.pk)


class FrameworkViewSet(ModelViewSet):
    model = Framework
    icon = "doc-full"
    menu_label = _("Khung kỹ năng số")
    url_prefix = "citizen-skills/frameworks"
    url_namespace = "citizen_skills_framework"
    add_to_admin_menu = False
    copy_view_enabled = False
    search_backend_name = None
    list_display = ["__str__", "status", "provenance", "is_current", "issuing_document"]
    form_fields = [
        "name",
        "version",
        "issuing_document",
        "issued_on",
        "provenance",
        "source",
        "status",
        "note",
        "certificate_counts_for_all",
        "rule_provenance",
        "rule_note",
    ]
    index_view_class = FrameworkIndexView
    delete_view_class = LockedDeleteView

    def get_form_class(self, for_update=False):
        return type(
            "FrameworkAdminForm",
            (FrameworkForm,),
            {"Meta": type("Meta", (), {"model": Framework, "fields": self.form_fields})},
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("versions/<int:pk>/", FrameworkVersionsView.as_view(), name="versions"),
        ]


class SkillGroupViewSet(ModelViewSet):
    model = SkillGroup
    icon = "folder-inverse"
    menu_label = _("Nhóm kỹ năng số")
    url_prefix = "citizen-skills/groups"
    url_namespace = "citizen_skills_group"
    add_to_admin_menu = False
    copy_view_enabled = False
    search_backend_name = None
    list_display = ["__str__", "framework", "min_skills", "provenance"]
    list_filter = ["framework"]
    form_fields = [
        "framework",
        "code",
        "name",
        "description",
        "provenance",
        "source",
        "min_skills",
        "sort_order",
    ]
    delete_view_class = LockedDeleteView

    def get_form_class(self, for_update=False):
        return type(
            "SkillGroupAdminForm",
            (SkillGroupForm,),
            {"Meta": type("Meta", (), {"model": SkillGroup, "fields": self.form_fields})},
        )


class SkillViewSet(ModelViewSet):
    model = Skill
    icon = "pick"
    menu_label = _("Kỹ năng số cơ bản")
    url_prefix = "citizen-skills/skills"
    url_namespace = "citizen_skills_skill"
    add_to_admin_menu = False
    copy_view_enabled = False
    search_backend_name = None
    search_fields = ["code", "name"]
    list_display = ["name", "code", "group", "framework", "provenance"]
    list_filter = ["framework", "provenance"]
    form_fields = ["group", "code", "name", "description", "provenance", "source", "sort_order"]
    delete_view_class = LockedDeleteView

    def get_form_class(self, for_update=False):
        return type(
            "SkillAdminForm",
            (SkillForm,),
            {"Meta": type("Meta", (), {"model": Skill, "fields": self.form_fields})},
        )


class LearnerIndicatorViewSet(ModelViewSet):
    model = LearnerIndicator
    icon = "list-ul"
    menu_label = _("Chỉ số Công dân học tập")
    url_prefix = "citizen-skills/indicators"
    url_namespace = "citizen_skills_indicator"
    add_to_admin_menu = False
    copy_view_enabled = False
    search_backend_name = None
    list_display = ["code", "criterion_code", "text", "provenance"]
    search_fields = ["code", "text"]
    form_fields = ["code", "criterion_code", "criterion_name", "text", "provenance"]


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


class DigitalSkillsViewSetGroup(ViewSetGroup):
    menu_label = _("Kỹ năng số")
    menu_icon = "pick"
    menu_order = 260
    items = (
        AttainmentViewSet,
        FrameworkViewSet,
        SkillGroupViewSet,
        SkillViewSet,
        LearnerIndicatorViewSet,
    )
