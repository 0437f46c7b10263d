"""Residents' forms: validation and normalisation only; the writes are in services.py."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.phone import normalize_vn_mobile
from learning_centers.models import Ward
from search.text import nfc

from .models import CLAIM_CODE_LENGTH, normalize_claim_code
from .models.citizen import MIN_BIRTH_YEAR


def min_signup_age() -> int:
    """Decree 13 (Art. 20) asks a parent's consent for children: below this age a resident
    is signed up with a parent at the centre (assisted), not online."""
    return int(getattr(settings, "CITIZEN_MIN_SIGNUP_AGE", 16))


class AccessibleFormMixin:
    """Ties help texts and errors to their inputs (aria-describedby, aria-invalid) and
    sets the `autocomplete` tokens, so screen readers and password managers work."""

    autocomplete: dict[str, str] = {}

    def _set_aria(self):
        for name, field in self.fields.items():
            bound = self[name]
            described = []
            if field.help_text:
                described.append(f"{bound.auto_id}_helptext")
            if name in self.errors:
                described.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            else:
                field.widget.attrs.pop("aria-invalid", None)
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)
            else:
                field.widget.attrs.pop("aria-describedby", None)
            if name in self.autocomplete:
                field.widget.attrs["autocomplete"] = self.autocomplete[name]

    def full_clean(self):
        super().full_clean()
        self._set_aria()


def grouped_ward_choices():
    """Wards (phường) and communes (xã) as two option groups: 126 options in Hanoi."""
    groups: dict[str, list] = {}
    labels = dict(Ward.Kind.choices)
    for ward in Ward.objects.only("id", "name_with_type", "kind").order_by("name"):
        groups.setdefault(ward.kind, []).append((ward.pk, ward.name_with_type))
    choices = [("", _("— Chọn phường/xã —"))]
    for kind in (Ward.Kind.WARD, Ward.Kind.COMMUNE, Ward.Kind.SPECIAL_ZONE):
        if kind in groups:
            choices.append((labels[kind], groups[kind]))
    return choices


class WardField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Ward.objects.all())
        kwargs.setdefault("label", _("Phường/xã nơi bạn sống"))
        kwargs.setdefault(
            "error_messages",
            {
                "invalid_choice": _("Hãy chọn một phường/xã trong danh sách."),
                "required": _("Hãy chọn phường/xã nơi bạn sống."),
            },
        )
        super().__init__(**kwargs)


class NameField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Họ và tên"))
        kwargs.setdefault("max_length", 150)
        kwargs.setdefault("error_messages", {"required": _("Hãy nhập họ và tên.")})
        super().__init__(**kwargs)

    def to_python(self, value):
        return " ".join(nfc(super().to_python(value)).split())


class BirthYearField(forms.IntegerField):
    def __init__(self, *, for_signup: bool = False, **kwargs):
        self.for_signup = for_signup
        kwargs.setdefault("label", _("Năm sinh"))
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _("Năm sinh phải là một số, ví dụ 1965."),
                "required": _("Hãy nhập năm sinh."),
            },
        )
        kwargs.setdefault("widget", forms.NumberInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        this_year = timezone.localdate().year
        if value < max(MIN_BIRTH_YEAR, this_year - 110) or value > this_year:
            raise forms.ValidationError(
                _("Năm sinh phải trong khoảng %(low)s–%(high)s."),
                code="range",
                params={"low": max(MIN_BIRTH_YEAR, this_year - 110), "high": this_year},
            )
        if self.for_signup and this_year - value < min_signup_age():
            raise forms.ValidationError(
                _(
                    "Người dưới %(age)s tuổi cần cha mẹ hoặc người giám hộ đăng ký cùng "
                    "cán bộ trung tâm học tập cộng đồng."
                ),
                code="too_young",
                params={"age": min_signup_age()},
            )


class ContactFieldsMixin:
    """Phone and email: at least one; phone normalised to 0xxxxxxxxx."""

    def clean_phone(self):
        raw = self.cleaned_data.get("phone", "").strip()
        if not raw:
            return ""
        phone = normalize_vn_mobile(raw)
        if not phone:
            raise forms.ValidationError(
                _("Số điện thoại di động không hợp lệ (10 số, ví dụ 0912345678).")
            )
        return phone

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").strip().lower()

    def _require_contact(self, cleaned):
        if "phone" in cleaned and "email" in cleaned:
            if not cleaned.get("phone") and not cleaned.get("email"):
                raise forms.ValidationError(
                    _("Hãy nhập số điện thoại di động hoặc email (ít nhất một trong hai)."),
                    code="no_contact",
                )


def phone_field():
    return forms.CharField(
        label=_("Số điện thoại di động"),
        required=False,
        max_length=20,
        help_text=_("Ví dụ 0912345678. Có thể bỏ trống nếu bạn nhập email."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "type": "tel"}),
    )


def email_field():
    return forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("Có thể bỏ trống nếu bạn nhập số điện thoại."),
        error_messages={"invalid": _("Địa chỉ email không hợp lệ.")},
    )


def claim_code_field(*, required: bool):
    return forms.CharField(
        label=_("Mã nhận hồ sơ"),
        required=required,
        max_length=CLAIM_CODE_LENGTH + 4,
        help_text=_(
            "Nếu cán bộ trung tâm đã ghi danh cho bạn, nhập mã 8 ký tự họ đưa (ví dụ ABCD-EFGH) "
            "để nhận hồ sơ học tập của bạn."
        ),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}),
    )


class SignUpForm(AccessibleFormMixin, ContactFieldsMixin, forms.Form):
    autocomplete = {
        "full_name": "name",
        "birth_year": "bday-year",
        "phone": "tel",
        "email": "email",
        "password1": "new-password",
        "password2": "new-password",
        "claim_code": "off",
    }

    full_name = NameField()
    birth_year = BirthYearField(for_signup=True)
    ward = WardField()
    phone = phone_field()
    email = email_field()
    password1 = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput,
        error_messages={"required": _("Hãy nhập mật khẩu.")},
        help_text=_("Ít nhất 8 ký tự, không chỉ gồm chữ số, không quá dễ đoán."),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        strip=False,
        widget=forms.PasswordInput,
        error_messages={"required": _("Hãy nhập lại mật khẩu.")},
    )
    claim_code = claim_code_field(required=False)
    consent = forms.BooleanField(
        label=_(
            "Tôi đã đọc thông báo xử lý dữ liệu cá nhân và đồng ý để Cổng học tập suốt đời "
            "xử lý dữ liệu của tôi cho các mục đích nêu trong thông báo "
            "(Nghị định 13/2023/NĐ-CP)."
        ),
        error_messages={
            "required": _("Bạn cần đồng ý với thông báo xử lý dữ liệu cá nhân để tạo tài khoản.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].choices = grouped_ward_choices()
        self._set_aria()

    def clean_claim_code(self):
        code = normalize_claim_code(self.cleaned_data.get("claim_code"))
        if code and len(code) != CLAIM_CODE_LENGTH:
            raise forms.ValidationError(_("Mã nhận hồ sơ gồm 8 ký tự, ví dụ ABCD-EFGH."))
        return code

    def clean(self):
        cleaned = super().clean()
        self._require_contact(cleaned)
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Hai lần nhập mật khẩu không giống nhau."))
        elif p1:
            User = get_user_model()
            probe = User(
                full_name=cleaned.get("full_name", ""),
                email=cleaned.get("email") or None,
                phone=cleaned.get("phone") or None,
                username=cleaned.get("phone") or cleaned.get("email") or "",
            )
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class SignInForm(AccessibleFormMixin, AuthenticationForm):
    autocomplete = {"username": "username", "password": "current-password"}

    error_messages = {
        "invalid_login": _(
            "Số điện thoại/email hoặc mật khẩu không đúng. Lưu ý mật khẩu phân biệt chữ hoa, "
            "chữ thường."
        ),
        "inactive": _("Tài khoản này đã bị khóa. Hãy liên hệ cán bộ trung tâm."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Số điện thoại hoặc email")
        self.fields["username"].max_length = 254
        self.fields["username"].widget.attrs["maxlength"] = 254
        self.fields["password"].label = _("Mật khẩu")
        self._set_aria()


class ResidentPasswordResetForm(AccessibleFormMixin, PasswordResetForm):
    autocomplete = {"email": "email"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Email của tài khoản")
        self.fields["email"].error_messages["invalid"] = _(
            "Hãy nhập địa chỉ email. Nếu tài khoản của bạn chỉ có số điện thoại, hãy nhờ cán bộ "
            "trung tâm học tập cộng đồng đặt lại mật khẩu."
        )
        self._set_aria()


class ResidentSetPasswordForm(AccessibleFormMixin, SetPasswordForm):
    autocomplete = {"new_password1": "new-password", "new_password2": "new-password"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Mật khẩu mới")
        self.fields["new_password2"].label = _("Nhập lại mật khẩu mới")
        self._set_aria()


class ProfileForm(AccessibleFormMixin, ContactFieldsMixin, forms.Form):
    autocomplete = {
        "full_name": "name",
        "birth_year": "bday-year",
        "phone": "tel",
        "email": "email",
    }

    full_name = NameField()
    birth_year = BirthYearField(required=False)
    ward = WardField()
    phone = phone_field()
    email = email_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].choices = grouped_ward_choices()
        self._set_aria()

    def clean(self):
        cleaned = super().clean()
        self._require_contact(cleaned)
        return cleaned


class ClaimForm(AccessibleFormMixin, forms.Form):
    autocomplete = {"claim_code": "off", "full_name": "name", "birth_year": "bday-year"}

    claim_code = claim_code_field(required=True)
    full_name = NameField(help_text=_("Đúng như khi cán bộ ghi danh cho bạn."))
    birth_year = BirthYearField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_aria()

    clean_claim_code = SignUpForm.clean_claim_code


class DeletionRequestForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do (không bắt buộc)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_(
            "Tôi hiểu rằng sau khi xóa, tài khoản và hồ sơ học tập của tôi không khôi phục được."
        ),
        error_messages={"required": _("Hãy đánh dấu xác nhận để gửi yêu cầu.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_aria()
