"""A resident chooser for the groups' forms, scoped to the residents the user may edit (a
manager's own ward; every ward for superusers): searching a name (diacritics optional) or a
claim code never shows another ward's residents, and a guessed id gives 404."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.permissions import policy_registry

from citizen_profiles.models import Citizen, normalize_claim_code
from search.text import fold


def editable_citizens(user):
    """Residents `user` may put in a group: those whose record they may change (a manager's
    own ward; every ward for superusers)."""
    policy = policy_registry.get_by_type(Citizen)
    return policy.scope(user, Citizen.objects.select_related("ward"), actions=("change",))


# --- a scoped resident chooser --------------------------------------------------------------


class CitizenSearchForm(BaseFilterForm):
    q = forms.CharField(label=_("Họ tên hoặc mã nhận hồ sơ"), required=False)

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching, self.search_query = True, query
            code = normalize_claim_code(query)
            objects = objects.filter(Q(normalized__contains=fold(query)) | Q(claim_code=code))
        return objects


class ScopedCitizenChooserMixin:
    filter_form_class = CitizenSearchForm
    ordering = ("normalized", "id")

    def get_object_list(self):
        return editable_citizens(self.request.user)

    @property
    def columns(self):
        return [
            *super().columns,
            Column("birth_year", label=_("Năm sinh")),
            Column("ward", label=_("Phường/xã")),
        ]


class CitizenChooseView(ScopedCitizenChooserMixin, chooser_views.ChooseView):
    pass


class CitizenChooseResultsView(ScopedCitizenChooserMixin, chooser_views.ChooseResultsView):
    pass


class CitizenChosenView(chooser_views.ChosenView):
    def get_object(self, pk):
        return editable_citizens(self.request.user).get(pk=pk)

    def get_edit_item_url(self, instance):
        return None


class CitizenChooserViewSet(ChooserViewSet):
    model = Citizen
    icon = "user"
    choose_one_text = _("Chọn người học")
    choose_another_text = _("Chọn người khác")
    register_widget = False  # only the groups' forms use it; others keep their widgets
    url_prefix = "citizen-groups/chon-nguoi-hoc"
    name = "citizen_groups_citizen_chooser"
    choose_view_class = CitizenChooseView
    choose_results_view_class = CitizenChooseResultsView
    chosen_view_class = CitizenChosenView


citizen_chooser_viewset = CitizenChooserViewSet()
