"""Framework versions, their groups and skills, and the Citizen Learner indicators (see the
package docstring)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import MenuItem

from .. import services
from ..models import Framework, LearnerIndicator, Skill, SkillGroup

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
