"""The resident's declaration form: parsing and normalisation only; the rules (dates,
hours, duplicates, evidence) are in `services.declaration_submit`, whose errors the view
puts back on these fields."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from search.text import nfc

from ..forms import AccessibleFormMixin
from ..models import Declaration

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
ACCEPT = ".pdf,.jpg,.jpeg,.png,.webp,application/pdf,image/jpeg,image/png,image/webp"


def evidence_rule_text() -> str:
    required = ", ".join(
        str(label)
        for value, label in Declaration.Kind.choices
        if value in Declaration.EVIDENCE_REQUIRED_KINDS
    )
    return str(
        _(
            "Cần minh chứng (tệp hoặc đường dẫn) với: %(kinds)s. Các loại khác có thể bỏ "
            "trống; cán bộ sẽ kiểm tra với thư viện, câu lạc bộ hoặc nơi tổ chức."
        )
    ) % {"kinds": required}


class TextField(forms.CharField):
    def to_python(self, value):
        return " ".join(nfc(super().to_python(value)).split())


class DeclarationForm(AccessibleFormMixin, forms.Form):
    autocomplete = {"title": "off", "date": "off", "hours": "off", "provider": "off"}

    kind = forms.ChoiceField(
        label=_("Loại hoạt động"),
        choices=[("", _("— Chọn loại hoạt động —")), *Declaration.Kind.choices],
        error_messages={
            "required": _("Hãy chọn loại hoạt động."),
            "invalid_choice": _("Hãy chọn loại hoạt động trong danh sách."),
        },
    )
    title = TextField(
        label=_("Tên hoạt động"),
        max_length=255,
        help_text=_("Ví dụ: Kỹ năng số cơ bản – Bình dân học vụ số; Đọc sách tại thư viện phường."),
        error_messages={"required": _("Hãy nhập tên hoạt động.")},
    )
    date = forms.DateField(
        label=_("Ngày học"),
        input_formats=DATE_FORMATS,
        help_text=_("Ngày/tháng/năm, ví dụ 15/03/2026. Không nhập ngày ở tương lai."),
        error_messages={
            "required": _("Hãy nhập ngày học."),
            "invalid": _("Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm, ví dụ 15/03/2026."),
        },
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )
    hours = forms.CharField(
        label=_("Số giờ"),
        max_length=6,
        help_text=_("Số giờ học trong ngày đó: lớn hơn 0 và không quá 24, ví dụ 2 hoặc 1,5."),
        error_messages={"required": _("Hãy nhập số giờ.")},
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    provider = TextField(
        label=_("Đơn vị tổ chức"),
        required=False,
        max_length=255,
        help_text=_("Ví dụ: Thư viện Hà Nội, Câu lạc bộ dưỡng sinh tổ dân phố 5."),
    )
    evidence_file = forms.FileField(
        label=_("Tệp minh chứng"),
        required=False,
        help_text=_(
            "Ảnh chụp hoặc bản quét giấy chứng nhận: PDF, JPEG, PNG hoặc WebP, tối đa 5 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    evidence_url = forms.CharField(
        label=_("Đường dẫn minh chứng"),
        required=False,
        max_length=500,
        help_text=_(
            "Địa chỉ web bắt đầu bằng https:// (ví dụ trang chứng nhận hoàn thành khóa học)."
        ),
        widget=forms.URLInput(attrs={"inputmode": "url", "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].help_text = evidence_rule_text()
        self._set_aria()

    def clean_hours(self):
        raw = self.cleaned_data["hours"].strip().replace(",", ".")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise forms.ValidationError(_("Số giờ phải là một số, ví dụ 2 hoặc 1,5.")) from None
        if not value.is_finite():
            raise forms.ValidationError(_("Số giờ phải là một số, ví dụ 2 hoặc 1,5."))
        return value

    def clean_evidence_url(self):
        return (self.cleaned_data.get("evidence_url") or "").strip()


class RejectForm(forms.Form):
    """The admin's reject action: the reason the resident will read."""

    reason = forms.CharField(
        label=_("Lý do từ chối"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Người dân sẽ đọc lý do này; ghi rõ cần bổ sung hoặc sửa gì."),
        error_messages={"required": _("Hãy ghi lý do từ chối để người dân biết cần bổ sung gì.")},
    )
