"""Wagtail admin for the titles ("Danh hiệu học tập" menu): criteria sets with their
provenance (YAML import, export and edit; editing a set in use makes a new version), the
evaluations queue scoped to the staff member's wards with one screen per step, and the bulk
run started as a background task with its progress."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permission_policies.base import ModelPermissionPolicy

from learning_centers.models import Ward

from . import permissions as perms
from . import services
from .criteria import criteria_set_save, export_yaml, import_yaml, parse_yaml, set_to_dict
from .forms import ScoresForm
from .models import CriteriaSet, Evaluation, EvaluationRun, TitleKind
from .selectors import ordered_indicators

STEP_PERMS = (
    "view_evaluation",
    "submit_evaluation",
    "verify_evaluation",
    "recognise_evaluation",
    "revoke_evaluation",
    "run_evaluation",
)


class EvaluationPermissionPolicy(ModelPermissionPolicy):
    """Viewing needs any titles step permission; the generic add/edit/delete are off (every
    write goes through the step screens and their services); instances are ward-scoped."""

    def user_has_permission(self, user, action):
        if action in ("view", "change"):
            return any(perms.has_step_permission(user, p) for p in STEP_PERMS)
        return False

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, a) for a in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and perms.in_scope(user, instance.ward_id)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Evaluation.objects.none()
        return perms.scope_evaluations(user, Evaluation.objects.all())


class RunPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action in ("view", "add") and perms.has_step_permission(user, "run_evaluation")

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, a) for a in actions)


def register_policies() -> None:
    from wagtail.permissions import register_permission_policy

    register_permission_policy(Evaluation, EvaluationPermissionPolicy(Evaluation), exact_class=True)
    register_permission_policy(EvaluationRun, RunPermissionPolicy(EvaluationRun), exact_class=True)


# --- evaluations ----------------------------------------------------------------------------


class EvaluationIndexView(generic.IndexView):
    def get_base_queryset(self):
        qs = super().get_base_queryset().select_related("ward", "criteria_set")
        return perms.scope_evaluations(self.request.user, qs)

    def get_edit_url(self, instance):
        return reverse("citizen_titles_evaluation:step", args=[instance.pk])


class StepForm(ScoresForm):
    ACTIONS = [
        ("paper", _("Nhập phiếu tự đánh giá giấy (thay người dân)")),
        ("verify", _("Xác nhận (cấp phường/xã)")),
        ("return", _("Trả lại để bổ sung")),
        ("recognise", _("Công nhận")),
        ("reject", _("Không công nhận")),
        ("revoke", _("Thu hồi")),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The step fields first; the paper form's scores below them.
        scores = dict(self.fields)
        self.fields = {}
        self.fields["action"] = forms.ChoiceField(label=_("Bước"), choices=self.ACTIONS)
        self.fields["decision_number"] = forms.CharField(
            label=_("Số quyết định"), required=False, max_length=60
        )
        self.fields["decision_date"] = forms.DateField(
            label=_("Ngày quyết định (dd/mm/yyyy)"),
            required=False,
            input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        )
        self.fields["override"] = forms.BooleanField(
            label=_("Công nhận ngoại lệ khi chưa đạt"), required=False
        )
        self.fields["reason"] = forms.CharField(
            label=_("Lý do (trả lại, không công nhận, thu hồi, công nhận ngoại lệ)"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        self.fields.update(scores)


class EvaluationStepView(WagtailAdminTemplateMixin, FormView):
    """One screen for an evaluation: its scores and the step the user may take now."""

    template_name = "citizen_titles/admin/step.html"
    form_class = StepForm
    header_icon = "tick-inverse"

    def dispatch(self, request, pk):
        self.evaluation = get_object_or_404(
            Evaluation.objects.select_related("criteria_set", "ward"), pk=pk
        )
        policy = EvaluationPermissionPolicy(Evaluation)
        if not policy.user_has_permission_for_instance(request.user, "view", self.evaluation):
            raise Http404
        self.indicators = ordered_indicators(self.evaluation.criteria_set)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return gettext("Lượt đánh giá")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("citizen_titles_evaluation:index"), "label": gettext("Lượt đánh giá")},
            {"url": "", "label": str(self.evaluation)},
        ]

    def get_page_subtitle(self):
        return str(self.evaluation)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "indicators": self.indicators,
            "evaluation": self.evaluation,
        }

    def get_context_data(self, **kwargs):
        ev = self.evaluation
        rows = [(ind, (ev.scores or {}).get(ind.code) or {}) for ind in self.indicators]
        return super().get_context_data(**kwargs) | {
            "evaluation": ev,
            "rows": rows,
            "subject_label": ev.subject_label(),
        }

    def form_valid(self, form):
        data, ev, user = form.cleaned_data, self.evaluation, self.request.user
        action = data["action"]
        try:
            if action == "paper":
                services.evaluation_submit(
                    evaluation=ev, entries=form.entries(), by=user, on_paper=True
                )
            elif action == "verify":
                services.evaluation_verify(evaluation=ev, by=user)
            elif action == "return":
                services.evaluation_return(evaluation=ev, by=user, reason=data["reason"])
            elif action == "reject":
                services.evaluation_reject(evaluation=ev, by=user, reason=data["reason"])
            elif action == "revoke":
                services.evaluation_revoke(evaluation=ev, by=user, reason=data["reason"])
            elif action == "recognise":
                services.evaluation_recognise(
                    evaluation=ev,
                    by=user,
                    decision_number=data["decision_number"],
                    decision_date=data["decision_date"],
                    override_reason=data["reason"] if data["override"] else "",
                )
        except PermissionDenied:
            form.add_error(None, gettext("Bạn không có quyền thực hiện bước này."))
            return self.form_invalid(form)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(self.request, gettext("Đã lưu."))
        return redirect("citizen_titles_evaluation:step", pk=ev.pk)


class EvaluationViewSet(ModelViewSet):
    model = Evaluation
    icon = "tick-inverse"
    menu_label = _("Lượt đánh giá")
    url_prefix = "titles/evaluations"
    url_namespace = "citizen_titles_evaluation"
    add_to_admin_menu = False
    create_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = False
    search_backend_name = None
    search_fields = ["decision_number", "verification_code"]
    list_display = [
        "__str__",
        "subject_label",
        "ward",
        "status",
        "total",
        BooleanColumn("passed", label=_("Đạt quy tắc")),
        "level",
    ]
    list_filter = ["status", "kind", "year", "passed"]
    list_per_page = 50
    index_view_class = EvaluationIndexView
    form_fields = ["status"]

    @property
    def permission_policy(self):
        return EvaluationPermissionPolicy(Evaluation)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/buoc/", EvaluationStepView.as_view(), name="step"),
        ]


# --- criteria sets --------------------------------------------------------------------------


class YamlForm(forms.Form):
    text = forms.CharField(
        label=_("Nội dung YAML"), widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false"})
    )


class CriteriaYamlView(WagtailAdminTemplateMixin, FormView):
    """Import sets from YAML, or edit one set as YAML (a set in use gets a new version)."""

    template_name = "citizen_titles/admin/yaml.html"
    form_class = YamlForm
    header_icon = "list-ul"

    def dispatch(self, request, pk=None):
        if not request.user.has_perm("citizen_titles.change_criteriaset"):
            raise PermissionDenied
        self.criteria_set = get_object_or_404(CriteriaSet, pk=pk) if pk else None
        return super().dispatch(request)

    def get_page_title(self):
        return (
            gettext("Sửa bộ tiêu chí (YAML)")
            if self.criteria_set
            else gettext("Nhập bộ tiêu chí (YAML)")
        )

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("citizen_titles_criteriaset:index"), "label": gettext("Bộ tiêu chí")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_initial(self):
        if self.criteria_set:
            return {"text": export_yaml([self.criteria_set])}
        return {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"criteria_set": self.criteria_set}

    def form_valid(self, form):
        try:
            if self.criteria_set:
                clean = parse_yaml(form.cleaned_data["text"])
                if len(clean) != 1 or clean[0]["key"] != self.criteria_set.key:
                    raise ValidationError(gettext("Chỉ sửa được đúng bộ này (giữ nguyên mã)."))
                results = [criteria_set_save(clean=clean[0], by=self.request.user)]
            else:
                results = import_yaml(form.cleaned_data["text"], by=self.request.user)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("text", message)
            return self.form_invalid(form)
        for cs, outcome in results:
            messages.success(self.request, f"{cs}: {outcome}")
        return redirect("citizen_titles_criteriaset:index")


def criteria_export(request, pk=None):
    if not request.user.has_perm("citizen_titles.view_criteriaset"):
        raise PermissionDenied
    qs = CriteriaSet.objects.filter(pk=pk) if pk else CriteriaSet.objects.filter(active=True)
    name = f"{qs.first().key}-v{qs.first().version}" if pk and qs.exists() else "bo-tieu-chi"
    response = HttpResponse(export_yaml(qs), content_type="application/x-yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.yaml"'
    return response


class CriteriaSetInspectView(generic.InspectView):
    template_name = "citizen_titles/admin/criteria_set_inspect.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "data": set_to_dict(self.object),
            "indicators": ordered_indicators(self.object),
        }


class CriteriaSetViewSet(ModelViewSet):
    model = CriteriaSet
    icon = "list-ul"
    menu_label = _("Bộ tiêu chí")
    url_prefix = "titles/criteria-sets"
    url_namespace = "citizen_titles_criteriaset"
    add_to_admin_menu = False
    create_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True
    search_backend_name = None
    search_fields = ["name", "key", "issuing_document"]
    list_display = ["name", "version", "kind", "status", "provenance", "active", "effective_from"]
    list_filter = ["kind", "status", "provenance", "active"]
    inspect_view_class = CriteriaSetInspectView
    form_fields = ["active"]

    def get_edit_url(self, instance):  # pragma: no cover - menu link only
        return reverse("citizen_titles_criteriaset:yaml_edit", args=[instance.pk])

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("nhap-yaml/", CriteriaYamlView.as_view(), name="yaml_import"),
            path("<int:pk>/sua-yaml/", CriteriaYamlView.as_view(), name="yaml_edit"),
            path("xuat-yaml/", criteria_export, name="yaml_export_all"),
            path("<int:pk>/xuat-yaml/", criteria_export, name="yaml_export"),
        ]


# --- bulk runs ------------------------------------------------------------------------------


class RunForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000)
    ward = forms.ModelChoiceField(label=_("Phường/xã"), queryset=Ward.objects.none())
    kinds = forms.MultipleChoiceField(
        label=_("Danh hiệu (để trống: tất cả)"),
        choices=TitleKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    dry_run = forms.BooleanField(label=_("Chạy thử (không ghi)"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        wards = Ward.objects.all()
        if not perms.title_sees_all(user):
            wards = wards.filter(pk__in=perms.title_ward_ids(user))
        self.fields["ward"].queryset = wards
        self.fields["year"].initial = timezone.localdate().year

    def clean_year(self):
        year = self.cleaned_data["year"]
        try:
            services.check_year(year)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc
        return year


class RunCreateView(WagtailAdminTemplateMixin, FormView):
    template_name = "citizen_titles/admin/run.html"
    form_class = RunForm
    header_icon = "cogs"

    def dispatch(self, request, *args, **kwargs):
        if not perms.has_step_permission(request.user, "run_evaluation"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return gettext("Đánh giá hàng loạt")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_context_data(self, **kwargs):
        runs = EvaluationRun.objects.select_related("ward")
        if not perms.title_sees_all(self.request.user):
            runs = runs.filter(ward_id__in=perms.title_ward_ids(self.request.user))
        return super().get_context_data(**kwargs) | {"runs": runs[:20]}

    def form_valid(self, form):
        from .tasks import run_evaluation

        data = form.cleaned_data
        run = EvaluationRun.objects.create(
            year=data["year"],
            ward=data["ward"],
            kinds=list(data["kinds"]),
            dry_run=data["dry_run"],
            started_by=self.request.user,
        )
        log(
            instance=run,
            action="citizen_titles.run",
            user=self.request.user,
            data={"year": run.year},
        )
        run_evaluation.enqueue(run.pk)
        messages.success(self.request, gettext("Đã bắt đầu đánh giá hàng loạt."))
        return redirect("citizen_titles_run")


class TitlesViewSetGroup(ViewSetGroup):
    menu_label = _("Danh hiệu học tập")
    menu_icon = "tick-inverse"
    menu_order = 260
    items = (EvaluationViewSet, CriteriaSetViewSet)
