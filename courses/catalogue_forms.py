"""The catalogue's filter form (GET). Bad values never reach a query: each invalid field is
dropped (the others still apply) and the form carries a Vietnamese message for it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage
from search.text import nfc

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Từ khóa"), required=False, max_length=100)
    phuong = forms.CharField(label=_("Phường/xã"), required=False, max_length=10)
    chu_de = forms.SlugField(label=_("Chủ đề"), required=False, max_length=100, allow_unicode=True)
    doi_tuong = forms.ChoiceField(
        label=_("Đối tượng"),
        required=False,
        choices=[("", _("Tất cả"))] + list(CoursePage.Audience.choices),
    )
    hinh_thuc = forms.ChoiceField(
        label=_("Hình thức"),
        required=False,
        choices=[("", _("Tất cả"))] + list(CoursePage.DeliveryMode.choices),
    )
    tu_ngay = forms.DateField(label=_("Từ ngày"), required=False, input_formats=DATE_FORMATS)
    den_ngay = forms.DateField(label=_("Đến ngày"), required=False, input_formats=DATE_FORMATS)
    trang_thai = forms.ChoiceField(
        label=_("Tình trạng đăng ký"),
        required=False,
        choices=[
            ("", _("Đang mở hoặc sắp mở đăng ký")),
            ("dang-mo", _("Đang mở đăng ký")),
            ("tat-ca", _("Tất cả khóa sắp diễn ra")),
        ],
    )
    con_cho = forms.BooleanField(label=_("Còn chỗ, đăng ký được ngay"), required=False)

    error_messages = {
        "bad_ward": _("Không có phường/xã mang mã “%(code)s”; bộ lọc phường/xã đã được bỏ qua."),
        "bad_topic": _("Không có chủ đề “%(slug)s”; bộ lọc chủ đề đã được bỏ qua."),
        "bad_range": _("“Đến ngày” phải sau “Từ ngày”; khoảng ngày đã được bỏ qua."),
    }

    def __init__(self, *args, ward_codes=None, topic_slugs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.ward_codes = ward_codes
        self.topic_slugs = topic_slugs
        self.fields["tu_ngay"].error_messages["invalid"] = _(
            "Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm, ví dụ 25/12/2026."
        )
        self.fields["den_ngay"].error_messages["invalid"] = self.fields["tu_ngay"].error_messages[
            "invalid"
        ]
        for name in ("doi_tuong", "hinh_thuc", "trang_thai"):
            self.fields[name].error_messages["invalid_choice"] = _(
                "Giá trị “%(value)s” không có trong danh sách; bộ lọc này đã được bỏ qua."
            )

    def clean_q(self):
        return nfc(self.cleaned_data["q"]).strip()

    def clean_phuong(self):
        code = self.cleaned_data["phuong"].strip()
        if code and self.ward_codes is not None and code not in self.ward_codes:
            raise forms.ValidationError(self.error_messages["bad_ward"] % {"code": code})
        return code

    def clean_chu_de(self):
        slug = self.cleaned_data["chu_de"]
        if slug and self.topic_slugs is not None and slug not in self.topic_slugs:
            raise forms.ValidationError(self.error_messages["bad_topic"] % {"slug": slug})
        return slug

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("tu_ngay"), cleaned.get("den_ngay")
        if start and end and end < start:
            self.add_error("den_ngay", self.error_messages["bad_range"])
            cleaned.pop("tu_ngay", None)
        return cleaned

    def filters(self) -> dict:
        """The valid, non-empty filters (invalid fields are left out)."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}

    def error_list(self) -> list[str]:
        return [str(message) for errors in self.errors.values() for message in errors]
