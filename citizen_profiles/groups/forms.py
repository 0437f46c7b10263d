"""Admin forms for the groups' member screens (the viewsets call the services with their
cleaned data; the rules live in the services)."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import WagtailAdminModelForm

from citizen_profiles.models.citizen import MIN_BIRTH_YEAR

from .chooser import citizen_chooser_viewset
from .models import AssociationEvaluator, Clan, Household, HouseholdMembership, Unit, UnitMembership

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def date_field(label, *, required=False, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        help_text=help_text or _("Định dạng dd/mm/yyyy; để trống là hôm nay."),
    )


class NewPersonMixin(forms.Form):
    """Either an existing resident (chooser) or a new one created for a person without an
    account (assisted creation)."""

    citizen = forms.ModelChoiceField(
        label=_("Người học đã có hồ sơ"),
        queryset=None,
        required=False,
        help_text=_("Tìm theo họ tên (gõ không dấu cũng được) hoặc mã nhận hồ sơ."),
    )
    full_name = forms.CharField(
        label=_("Hoặc họ và tên người chưa có hồ sơ"), max_length=150, required=False
    )
    birth_year = forms.IntegerField(
        label=_("Năm sinh (người mới)"), required=False, min_value=MIN_BIRTH_YEAR
    )
    paper_consent = forms.BooleanField(
        label=_("Người dân đã ký đồng ý xử lý dữ liệu cá nhân trên giấy"), required=False
    )

    def __init__(self, *args, citizens, citizen_widget=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["citizen"].queryset = citizens
        if citizen_widget is not None:
            self.fields["citizen"].widget = citizen_widget

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year and year > timezone.localdate().year:
            raise ValidationError(_("Năm sinh không được ở tương lai."))
        return year

    def clean(self):
        data = super().clean()
        has_citizen = bool(data.get("citizen"))
        has_name = bool((data.get("full_name") or "").strip())
        if has_citizen == has_name and not self.errors:
            raise ValidationError(
                _("Hãy chọn một người đã có hồ sơ, hoặc nhập họ tên người mới (không cả hai).")
            )
        return data


class HouseholdMemberAddForm(NewPersonMixin):
    relation = forms.ChoiceField(
        label=_("Quan hệ với chủ hộ"), choices=HouseholdMembership.Relation.choices
    )
    start_date = date_field(_("Vào hộ từ ngày"))
    move = forms.BooleanField(
        label=_("Chuyển sang hộ này"),
        required=False,
        help_text=_(
            "Đánh dấu khi người này đang thuộc hộ khác và đã chuyển sang hộ này: hộ cũ kết "
            "thúc vào ngày trước ngày vào hộ mới, lịch sử được giữ."
        ),
    )
    field_order = ["citizen", "full_name", "birth_year", "paper_consent", "relation"]


class HouseholdHeadForm(forms.Form):
    new_head = forms.ModelChoiceField(label=_("Chủ hộ mới"), queryset=None)
    former_head_relation = forms.ChoiceField(
        label=_("Quan hệ của chủ hộ cũ với chủ hộ mới"),
        choices=[
            c
            for c in HouseholdMembership.Relation.choices
            if c[0] != HouseholdMembership.Relation.HEAD
        ],
        initial=HouseholdMembership.Relation.OTHER,
    )
    date = date_field(_("Từ ngày"))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_head"].queryset = members


class EndMembershipForm(forms.Form):
    end_date = date_field(
        _("Đến ngày"), help_text=_("Ngày cuối còn là thành viên (dd/mm/yyyy); để trống là hôm nay.")
    )


class ClanHouseholdAddForm(forms.Form):
    household = forms.ModelChoiceField(label=_("Hộ gia đình"), queryset=None)
    start_date = date_field(_("Từ ngày"))

    def __init__(self, *args, households, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households


class UnitMemberAddForm(NewPersonMixin):
    role = forms.ChoiceField(
        label=_("Vai trò"), choices=UnitMembership.Role.choices, initial=UnitMembership.Role.STAFF
    )
    start_date = date_field(_("Từ ngày"))


def today_or(value: datetime.date | None) -> datetime.date:
    return value or timezone.localdate()


class EvaluatorForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "user" in self.fields:
            # Staff accounts only: residents' accounts (thousands) are not offered.
            User = get_user_model()
            self.fields["user"].queryset = User.objects.filter(
                citizen__isnull=True, is_active=True
            ).order_by("email")
            self.fields["user"].help_text = _("Tài khoản cán bộ (không phải tài khoản người dân).")

    def clean(self):
        data = super().clean()
        if data.get("scope") == AssociationEvaluator.Scope.WARD and not data.get("wards"):
            self.add_error("wards", _("Hãy chọn ít nhất một phường/xã."))
        return data

    class Meta:
        model = AssociationEvaluator
        fields = ["user", "scope", "wards", "organisation", "active"]


class EvaluatorEditForm(EvaluatorForm):
    class Meta(EvaluatorForm.Meta):
        fields = ["scope", "wards", "organisation", "active"]


class HouseholdForm(WagtailAdminModelForm):
    class Meta:
        model = Household
        fields = ["name", "ward", "residential_group", "address"]


class HouseholdEditForm(HouseholdForm):
    class Meta(HouseholdForm.Meta):
        # The ward is the scope of the staff who manage the household: it does not change.
        fields = ["name", "residential_group", "address"]


def _representative_widget():
    return citizen_chooser_viewset.widget_class()


class ClanForm(WagtailAdminModelForm):
    class Meta:
        model = Clan
        fields = ["name", "ward", "other_wards", "representative", "representative_title"]
        widgets = {"representative": _representative_widget()}


class ClanEditForm(ClanForm):
    class Meta(ClanForm.Meta):
        fields = ["name", "other_wards", "representative", "representative_title"]


class UnitForm(WagtailAdminModelForm):
    class Meta:
        model = Unit
        fields = ["name", "kind", "level", "ward", "address", "representative"]
        widgets = {"representative": _representative_widget()}


class UnitEditForm(UnitForm):
    class Meta(UnitForm.Meta):
        fields = ["name", "kind", "level", "address", "representative"]
