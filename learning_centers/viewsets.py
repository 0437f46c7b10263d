"""Wagtail admin viewsets for the geography: residential groups and villages under a ward.

City staff (permission `manage_all_wards`) see and edit every ward's groups; a centre manager
sees, adds and edits only the groups of the ward(s) whose centre they edit.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from learning_centers.models import ResidentialGroup, Ward
from learning_centers.selectors import user_manages_all_wards, wards_managed_by


def _visible_groups(user):
    groups = ResidentialGroup.objects.select_related("ward")
    if user_manages_all_wards(user):
        return groups
    return groups.filter(ward__in=wards_managed_by(user))


class ResidentialGroupForm(WagtailAdminModelForm):
    class Meta:
        model = ResidentialGroup
        fields = ["ward", "name", "kind"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        wards = Ward.objects.select_related("province")
        if for_user is not None and not user_manages_all_wards(for_user):
            wards = wards_managed_by(for_user)
            if wards.count() == 1 and not self.instance.pk:
                self.fields["ward"].initial = wards.first()
        self.fields["ward"].queryset = wards
        self.fields["ward"].error_messages["invalid_choice"] = _(
            "Bạn chỉ được thêm tổ dân phố/thôn cho phường/xã của trung tâm mình."
        )


class ResidentialGroupIndexView(generic.IndexView):
    def get_base_queryset(self):
        return _visible_groups(self.request.user)


class ResidentialGroupEditView(generic.EditView):
    def get_queryset(self):
        # Another ward's group is a 404, so its existence is not even revealed.
        return _visible_groups(self.request.user)


class ResidentialGroupDeleteView(generic.DeleteView):
    def get_queryset(self):
        return _visible_groups(self.request.user)


class ResidentialGroupViewSet(ModelViewSet):
    model = ResidentialGroup
    icon = "group"
    menu_label = _("Tổ dân phố/thôn")
    add_to_admin_menu = False
    copy_view_enabled = False
    index_view_class = ResidentialGroupIndexView
    edit_view_class = ResidentialGroupEditView
    delete_view_class = ResidentialGroupDeleteView
    list_display = ["name", "kind", "ward"]
    list_filter = ["kind"]
    search_fields = ["name"]
    ordering = ["ward__name", "name"]

    def get_form_class(self, for_update=False):
        return ResidentialGroupForm


class GeographyViewSetGroup(ViewSetGroup):
    menu_label = _("Địa bàn")
    menu_icon = "site"
    items = (ResidentialGroupViewSet("residential_groups"),)
