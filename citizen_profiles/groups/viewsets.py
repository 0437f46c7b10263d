"""Wagtail admin for households, clans and units (menu "Gia đình, dòng họ, đơn vị").

Scoped exactly like residents (`citizen_profiles.permissions.WardScopedPermissionPolicy`):
a centre manager lists, opens and edits only the groups of their own ward; an association
evaluator reads those of the wards they evaluate (or all, city scope) and edits nothing;
superusers and `view_all_wards` holders read everything. A guessed URL outside the scope
gives 404; an allowed read with a forbidden write gives 403.

Members are managed on each group's page (the inspect view) through small form views that
call the services, so every rule (one household at a time, one head, ordered dates) and the
audit log apply whichever screen is used."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import policy_registry

from citizen_profiles.models import Citizen
from citizen_profiles.permissions import managed_ward_ids, sees_all_wards, staff_ward_ids
from learning_centers.models import ResidentialGroup, Ward
from search.text import fold

from . import selectors, services
from .chooser import citizen_chooser_viewset, editable_citizens
from .forms import (
    ClanEditForm,
    ClanForm,
    ClanHouseholdAddForm,
    EndMembershipForm,
    EvaluatorEditForm,
    EvaluatorForm,
    HouseholdEditForm,
    HouseholdForm,
    HouseholdHeadForm,
    HouseholdMemberAddForm,
    UnitEditForm,
    UnitForm,
    UnitMemberAddForm,
)
from .models import (
    AssociationEvaluator,
    Clan,
    ClanMembership,
    Household,
    HouseholdMembership,
    Unit,
    UnitMembership,
)


def _policy(model):
    return policy_registry.get_by_type(model)


# --- scoping shared by the three viewsets ------------------------------------------------------


def _ward_choices(request):
    if request is None:
        return Ward.objects.none()
    if sees_all_wards(request.user):
        return Ward.objects.all()
    return Ward.objects.filter(pk__in=staff_ward_ids(request.user))


def _group_choices(request):
    if request is None:
        return ResidentialGroup.objects.none()
    groups = ResidentialGroup.objects.select_related("ward")
    if sees_all_wards(request.user):
        return groups
    return groups.filter(ward_id__in=staff_ward_ids(request.user))


class ScopedIndexView(generic.IndexView):
    list_select_related: tuple[str, ...] = ("ward",)
    # By ward, then by folded name, so "Đặng" sorts with the D's as staff expect.
    default_ordering = ("ward__name", "name_folded", "pk")

    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related(*self.list_select_related)
        return self.permission_policy.scope(self.request.user, queryset)

    def search_queryset(self, queryset):
        # Names are matched on their folded form, so "nguyen van" finds "Nguyễn Văn".
        if not self.is_searching:
            return queryset
        return queryset.filter(name_folded__contains=fold(self.search_query))


class ScopedObjectMixin:
    """Outside the user's read scope: 404; readable but not allowed `object_action`: 403."""

    object_action = "view"

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        user = self.request.user
        if not self.permission_policy.user_has_permission_for_instance(user, "view", obj):
            raise Http404
        if not self.permission_policy.user_has_permission_for_instance(
            user, self.object_action, obj
        ):
            raise PermissionDenied
        return obj


class WardLimitedFormMixin:
    """A manager files groups only under the wards they manage."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        user = self.request.user
        if not sees_all_wards(user):
            ward_ids = managed_ward_ids(user)
            if "ward" in form.fields:
                form.fields["ward"].queryset = Ward.objects.filter(pk__in=ward_ids)
            if "residential_group" in form.fields:
                form.fields["residential_group"].queryset = ResidentialGroup.objects.filter(
                    ward_id__in=ward_ids
                )
            for name in ("representative",):
                if name in form.fields:
                    form.fields[name].queryset = editable_citizens(user)
        return form


class ServiceErrorsMixin:
    """Turn a service's ValidationError into form errors (nothing was written)."""

    def form_invalid_with(self, form, error: ValidationError):
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return self.form_invalid(form)


class GroupEditView(ScopedObjectMixin, WardLimitedFormMixin, generic.EditView):
    object_action = "change"


class GroupInspectView(ScopedObjectMixin, generic.InspectView):
    detail_selector = None

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "—" if value in (None, "") else value

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        policy = self.permission_policy
        context["can_change"] = policy.user_has_permission_for_instance(
            self.request.user, "change", self.object
        )
        context["detail"] = type(self).detail_selector(self.object)
        return context


class ScopedBaseObjectMixin:
    """History and usage views load their object through `get_base_object_queryset`: limit
    it to the groups the user may change (they list who did what), so others get 404."""

    def get_base_object_queryset(self):
        queryset = super().get_base_object_queryset()
        return self.permission_policy.scope(self.request.user, queryset, actions=("change",))


class GroupHistoryView(ScopedBaseObjectMixin, generic.HistoryView):
    pass


class GroupUsageView(ScopedBaseObjectMixin, generic.UsageView):
    pass


class GroupDeleteView(ScopedObjectMixin, generic.DeleteView):
    object_action = "delete"

    def delete_action(self):
        # Through the service: the audit-log label names the group by id (a household's
        # name is a person's name), not Wagtail's default `str(object)`.
        services.group_delete(group=self.object, by=self.request.user)


# --- member form views -------------------------------------------------------------------------


class GroupActionView(ServiceErrorsMixin, WagtailAdminTemplateMixin, FormView):
    """A small form on one group (add a member, end a membership…) for users who may change
    it. `group_model` is the group; `lookup` finds it from the URL's pk."""

    template_name = "citizen_groups/admin/action_form.html"
    group_model = Household
    membership_model = None
    url_namespace = ""
    submit_button_label = _("Lưu")
    header_icon = "group"

    def dispatch(self, request, *args, pk, **kwargs):
        if self.membership_model is not None:
            self.membership = get_object_or_404(self.membership_model, pk=pk)
            self.group = getattr(self.membership, self.group_field)
        else:
            self.membership = None
            self.group = get_object_or_404(self.group_model, pk=pk)
        policy = _policy(self.group_model)
        if not policy.user_has_permission_for_instance(request.user, "view", self.group):
            raise Http404
        if not policy.user_has_permission_for_instance(request.user, "change", self.group):
            raise PermissionDenied
        return super().dispatch(request, *args, pk=pk, **kwargs)

    group_field = "household"

    def get_page_subtitle(self):
        return str(self.group)

    @cached_property
    def inspect_url(self):
        return reverse(f"{self.url_namespace}:inspect", args=[self.group.pk])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(f"{self.url_namespace}:index"),
                "label": self.group_model._meta.verbose_name_plural.capitalize(),
            },
            {"url": self.inspect_url, "label": str(self.group)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=self.request.get_full_path(),
            submit_button_label=self.submit_button_label,
            submit_button_active_label=_("Đang lưu…"),
            media=context["form"].media,
        )
        return context

    def form_valid(self, form):
        try:
            message = self.save(form.cleaned_data)
        except ValidationError as error:
            return self.form_invalid_with(form, error)
        messages.success(self.request, message)
        return redirect(self.inspect_url)


class HouseholdMemberAddView(GroupActionView):
    form_class = HouseholdMemberAddForm
    page_title = _("Thêm thành viên hộ")
    url_namespace = "citizen_groups_household"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "citizens": editable_citizens(self.request.user),
            "citizen_widget": citizen_chooser_viewset.widget_class(),
        }

    def save(self, data):
        by = self.request.user
        if data.get("citizen"):
            if data.get("move"):
                services.household_move_member(
                    citizen=data["citizen"],
                    to_household=self.group,
                    relation=data["relation"],
                    date=data.get("start_date"),
                    by=by,
                )
                return _("Đã chuyển người học sang hộ này.")
            services.household_add_member(
                household=self.group,
                citizen=data["citizen"],
                relation=data["relation"],
                start_date=data.get("start_date"),
                by=by,
            )
        else:
            services.household_add_new_member(
                household=self.group,
                full_name=data["full_name"],
                birth_year=data.get("birth_year"),
                relation=data["relation"],
                start_date=data.get("start_date"),
                paper_consent=data.get("paper_consent", False),
                by=by,
            )
        return _("Đã thêm thành viên vào hộ.")


class HouseholdHeadView(GroupActionView):
    form_class = HouseholdHeadForm
    page_title = _("Đổi chủ hộ")
    url_namespace = "citizen_groups_household"

    def get_form_kwargs(self):
        members = Citizen.objects.filter(
            pk__in=self.group.memberships.current().values("citizen_id")
        )
        return {**super().get_form_kwargs(), "members": members}

    def save(self, data):
        services.household_change_head(
            household=self.group,
            new_head=data["new_head"],
            former_head_relation=data["former_head_relation"],
            date=data.get("date"),
            by=self.request.user,
        )
        return _("Đã đổi chủ hộ.")


class HouseholdMemberEndView(GroupActionView):
    form_class = EndMembershipForm
    page_title = _("Thành viên rời hộ")
    membership_model = HouseholdMembership
    url_namespace = "citizen_groups_household"

    def save(self, data):
        services.household_end_membership(
            membership=self.membership, end_date=data.get("end_date"), by=self.request.user
        )
        return _("Đã ghi nhận thành viên rời hộ.")


class ClanHouseholdAddView(GroupActionView):
    form_class = ClanHouseholdAddForm
    group_model = Clan
    page_title = _("Thêm hộ vào dòng họ")
    url_namespace = "citizen_groups_clan"

    def get_form_kwargs(self):
        wards = {self.group.ward_id, *self.group.other_wards.values_list("pk", flat=True)}
        households = _policy(Household).scope(
            self.request.user,
            Household.objects.filter(ward_id__in=wards).select_related("ward"),
            actions=("change",),
        )
        return {**super().get_form_kwargs(), "households": households}

    def save(self, data):
        services.clan_add_household(
            clan=self.group,
            household=data["household"],
            start_date=data.get("start_date"),
            by=self.request.user,
        )
        return _("Đã thêm hộ vào dòng họ.")


class ClanHouseholdEndView(GroupActionView):
    form_class = EndMembershipForm
    group_model = Clan
    group_field = "clan"
    membership_model = ClanMembership
    page_title = _("Hộ rời dòng họ")
    url_namespace = "citizen_groups_clan"

    def save(self, data):
        services.clan_remove_household(
            membership=self.membership, end_date=data.get("end_date"), by=self.request.user
        )
        return _("Đã ghi nhận hộ rời dòng họ.")


class UnitMemberAddView(GroupActionView):
    form_class = UnitMemberAddForm
    group_model = Unit
    page_title = _("Thêm thành viên đơn vị")
    url_namespace = "citizen_groups_unit"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "citizens": editable_citizens(self.request.user),
            "citizen_widget": citizen_chooser_viewset.widget_class(),
        }

    def save(self, data):
        by = self.request.user
        if data.get("citizen"):
            services.unit_add_member(
                unit=self.group,
                citizen=data["citizen"],
                role=data["role"],
                start_date=data.get("start_date"),
                by=by,
            )
        else:
            services.unit_add_new_member(
                unit=self.group,
                full_name=data["full_name"],
                birth_year=data.get("birth_year"),
                role=data["role"],
                start_date=data.get("start_date"),
                paper_consent=data.get("paper_consent", False),
                by=by,
            )
        return _("Đã thêm thành viên vào đơn vị.")


class UnitMemberEndView(GroupActionView):
    form_class = EndMembershipForm
    group_model = Unit
    group_field = "unit"
    membership_model = UnitMembership
    page_title = _("Thành viên rời đơn vị")
    url_namespace = "citizen_groups_unit"

    def save(self, data):
        services.unit_end_membership(
            membership=self.membership, end_date=data.get("end_date"), by=self.request.user
        )
        return _("Đã ghi nhận thành viên rời đơn vị.")


# --- households ----------------------------------------------------------------------------


class HouseholdFilterSet(WagtailFilterSet):
    ward = django_filters.ModelChoiceFilter(label=_("Phường/xã"), queryset=_ward_choices)
    residential_group = django_filters.ModelChoiceFilter(
        label=_("Tổ dân phố/thôn"), queryset=_group_choices
    )

    class Meta:
        model = Household
        fields = ["ward", "residential_group"]


class HouseholdIndexView(ScopedIndexView):
    list_select_related = ("ward", "residential_group")

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .annotate(
                members_now=Count("memberships", filter=Q(memberships__end_date__isnull=True))
            )
        )


class HouseholdCreateView(WardLimitedFormMixin, generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.household_create(
            ward=data["ward"],
            name=data["name"],
            residential_group=data.get("residential_group"),
            address=data.get("address", ""),
            by=self.request.user,
        )

    def get_success_url(self):
        return reverse("citizen_groups_household:inspect", args=[self.object.pk])


class HouseholdEditView(GroupEditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.household_update(
            household=self.object,
            name=data["name"],
            address=data.get("address", ""),
            residential_group=data.get("residential_group"),
            by=self.request.user,
        )


class HouseholdInspectView(GroupInspectView):
    template_name = "citizen_groups/admin/household_inspect.html"
    detail_selector = staticmethod(lambda obj: selectors.household_detail(household=obj))


class HouseholdViewSet(ModelViewSet):
    model = Household
    icon = "home"
    menu_label = _("Hộ gia đình")
    url_prefix = "citizen-groups/households"
    url_namespace = "citizen_groups_household"
    add_to_admin_menu = False
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None
    search_fields = ["name_folded"]
    list_display = [
        "name",
        "ward",
        "residential_group",
        Column("members_now", label=_("Thành viên")),
    ]
    filterset_class = HouseholdFilterSet
    form_fields = ["name", "ward", "residential_group", "address"]
    inspect_view_fields = ["name", "ward", "residential_group", "address", "created_at"]
    index_view_class = HouseholdIndexView
    add_view_class = HouseholdCreateView
    edit_view_class = HouseholdEditView
    inspect_view_class = HouseholdInspectView
    delete_view_class = GroupDeleteView
    history_view_class = GroupHistoryView
    usage_view_class = GroupUsageView

    def get_form_class(self, for_update=False):
        return HouseholdEditForm if for_update else HouseholdForm

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/them-thanh-vien/", HouseholdMemberAddView.as_view(), name="member_add"),
            path("<int:pk>/doi-chu-ho/", HouseholdHeadView.as_view(), name="head"),
            path(
                "thanh-vien/<int:pk>/roi-ho/", HouseholdMemberEndView.as_view(), name="member_end"
            ),
        ]


# --- clans ---------------------------------------------------------------------------------


class ClanFilterSet(WagtailFilterSet):
    ward = django_filters.ModelChoiceFilter(label=_("Phường/xã"), queryset=_ward_choices)

    class Meta:
        model = Clan
        fields = ["ward"]


class ClanIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .annotate(
                households_now=Count("memberships", filter=Q(memberships__end_date__isnull=True))
            )
        )


class ClanCreateView(WardLimitedFormMixin, generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.clan_create(
            name=data["name"],
            ward=data["ward"],
            other_wards=data.get("other_wards") or (),
            representative=data.get("representative"),
            representative_title=data.get("representative_title", ""),
            by=self.request.user,
        )

    def get_success_url(self):
        return reverse("citizen_groups_clan:inspect", args=[self.object.pk])


class ClanEditView(GroupEditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.clan_update(
            clan=self.object,
            name=data["name"],
            other_wards=data.get("other_wards"),
            representative=data.get("representative"),
            representative_title=data.get("representative_title", ""),
            by=self.request.user,
        )


class ClanInspectView(GroupInspectView):
    template_name = "citizen_groups/admin/clan_inspect.html"
    detail_selector = staticmethod(lambda obj: selectors.clan_detail(clan=obj))


class ClanViewSet(ModelViewSet):
    model = Clan
    icon = "group"
    menu_label = _("Dòng họ")
    url_prefix = "citizen-groups/clans"
    url_namespace = "citizen_groups_clan"
    add_to_admin_menu = False
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None
    search_fields = ["name_folded"]
    list_display = ["name", "ward", Column("households_now", label=_("Số hộ"))]
    filterset_class = ClanFilterSet
    form_fields = ["name", "ward", "other_wards", "representative", "representative_title"]
    inspect_view_fields = ["name", "ward", "representative", "representative_title", "created_at"]
    index_view_class = ClanIndexView
    add_view_class = ClanCreateView
    edit_view_class = ClanEditView
    inspect_view_class = ClanInspectView
    delete_view_class = GroupDeleteView
    history_view_class = GroupHistoryView
    usage_view_class = GroupUsageView

    def get_form_class(self, for_update=False):
        return ClanEditForm if for_update else ClanForm

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/them-ho/", ClanHouseholdAddView.as_view(), name="household_add"),
            path("ho/<int:pk>/roi-dong-ho/", ClanHouseholdEndView.as_view(), name="household_end"),
        ]


# --- units ---------------------------------------------------------------------------------


class UnitFilterSet(WagtailFilterSet):
    ward = django_filters.ModelChoiceFilter(label=_("Phường/xã"), queryset=_ward_choices)
    kind = django_filters.ChoiceFilter(label=_("Loại đơn vị"), choices=Unit.Kind.choices)
    level = django_filters.ChoiceFilter(label=_("Cấp"), choices=Unit.Level.choices)

    class Meta:
        model = Unit
        fields = ["ward", "kind", "level"]


class UnitIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .annotate(
                members_now=Count("memberships", filter=Q(memberships__end_date__isnull=True))
            )
        )


class UnitCreateView(WardLimitedFormMixin, generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.unit_create(
            name=data["name"],
            kind=data["kind"],
            level=data["level"],
            ward=data["ward"],
            address=data.get("address", ""),
            representative=data.get("representative"),
            by=self.request.user,
        )

    def get_success_url(self):
        return reverse("citizen_groups_unit:inspect", args=[self.object.pk])


class UnitEditView(GroupEditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.unit_update(
            unit=self.object,
            name=data["name"],
            kind=data["kind"],
            level=data["level"],
            address=data.get("address", ""),
            representative=data.get("representative"),
            by=self.request.user,
        )


class UnitInspectView(GroupInspectView):
    template_name = "citizen_groups/admin/unit_inspect.html"
    detail_selector = staticmethod(lambda obj: selectors.unit_detail(unit=obj))


class UnitViewSet(ModelViewSet):
    model = Unit
    icon = "site"
    menu_label = _("Đơn vị")
    url_prefix = "citizen-groups/units"
    url_namespace = "citizen_groups_unit"
    add_to_admin_menu = False
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None
    search_fields = ["name_folded"]
    list_display = ["name", "kind", "level", "ward", Column("members_now", label=_("Thành viên"))]
    filterset_class = UnitFilterSet
    form_fields = ["name", "kind", "level", "ward", "address", "representative"]
    inspect_view_fields = ["name", "kind", "level", "ward", "address", "representative"]
    index_view_class = UnitIndexView
    add_view_class = UnitCreateView
    edit_view_class = UnitEditView
    inspect_view_class = UnitInspectView
    delete_view_class = GroupDeleteView
    history_view_class = GroupHistoryView
    usage_view_class = GroupUsageView

    def get_form_class(self, for_update=False):
        return UnitEditForm if for_update else UnitForm

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/them-thanh-vien/", UnitMemberAddView.as_view(), name="member_add"),
            path("thanh-vien/<int:pk>/roi-don-vi/", UnitMemberEndView.as_view(), name="member_end"),
        ]


# --- evaluators (superusers) -------------------------------------------------------------------


class EvaluatorCreateView(generic.CreateView):
    def save_instance(self):
        from .roles import evaluator_assign

        data = self.form.cleaned_data
        return evaluator_assign(
            user=data["user"],
            scope=data["scope"],
            wards=data.get("wards") or (),
            organisation=data.get("organisation", ""),
            active=data.get("active", True),
            by=self.request.user,
        )


class EvaluatorEditView(generic.EditView):
    def save_instance(self):
        from .roles import evaluator_assign

        data = self.form.cleaned_data
        return evaluator_assign(
            user=self.object.user,
            scope=data["scope"],
            wards=data.get("wards") or (),
            organisation=data.get("organisation", ""),
            active=data.get("active", True),
            by=self.request.user,
        )


class EvaluatorDeleteView(generic.DeleteView):
    def delete_action(self):
        from .roles import evaluator_remove

        evaluator_remove(evaluator=self.object, by=self.request.user)


class EvaluatorViewSet(ModelViewSet):
    """Only superusers hold the model permissions on `AssociationEvaluator` by default."""

    model = AssociationEvaluator
    icon = "user"
    menu_label = _("Người đánh giá (Hội Khuyến học)")
    url_prefix = "citizen-groups/evaluators"
    url_namespace = "citizen_groups_evaluator"
    add_to_admin_menu = False
    copy_view_enabled = False
    search_backend_name = None
    search_fields = ["user__email", "user__full_name", "organisation"]
    list_display = [
        "user",
        "scope",
        "organisation",
        BooleanColumn("active", label=_("Đang hoạt động")),
    ]
    list_filter = ["scope", "active"]
    form_fields = ["user", "scope", "wards", "organisation", "active"]
    add_view_class = EvaluatorCreateView
    edit_view_class = EvaluatorEditView
    delete_view_class = EvaluatorDeleteView

    def get_form_class(self, for_update=False):
        return EvaluatorEditForm if for_update else EvaluatorForm


class CitizenGroupsViewSetGroup(ViewSetGroup):
    menu_label = _("Gia đình, dòng họ, đơn vị")
    menu_icon = "group"
    menu_order = 251
    items = (HouseholdViewSet, ClanViewSet, UnitViewSet, EvaluatorViewSet)
