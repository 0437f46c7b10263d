"""Forms for enrollment, attendance and import pages (Django forms, not the form builder)."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.phone import normalize_vn_mobile
from search.text import nfc


class RemoveForm(forms.Form):
    reason = forms.CharField(label=_("Lý do rút tên"), max_length=255)

    def clean_reason(self):
        return nfc(self.cleaned_data["reason"]).strip()


class OverrideForm(forms.Form):
    CHOICES = [
        ("rule", _("Theo quy tắc của khóa học")),
        ("yes", _("Công nhận hoàn thành")),
        ("no", _("Không công nhận hoàn thành")),
    ]
    decision = forms.ChoiceField(label=_("Kết quả"), choices=CHOICES)
    reason = forms.CharField(label=_("Lý do"), max_length=255, required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") in ("yes", "no") and not nfc(data.get("reason", "")).strip():
            self.add_error("reason", _("Cần ghi lý do khi ghi đè kết quả hoàn thành."))
        return data

    @property
    def completed(self):
        return {"rule": None, "yes": True, "no": False}[self.cleaned_data["decision"]]


class CitizenSearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo họ tên (có thể gõ không dấu)"), max_length=100)


class AssistedCitizenForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    birth_year = forms.IntegerField(label=_("Năm sinh"), required=False)
    phone = forms.CharField(label=_("Số điện thoại (nếu có)"), max_length=20, required=False)

    def clean_full_name(self):
        name = nfc(self.cleaned_data["full_name"]).strip()
        if len(name) < 2:
            raise forms.ValidationError(_("Hãy nhập họ và tên."))
        return name

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year is not None and not (1900 <= year <= datetime.date.today().year):
            raise forms.ValidationError(_("Năm sinh không hợp lệ."))
        return year

    def clean_phone(self):
        raw = (self.cleaned_data.get("phone") or "").strip()
        if not raw:
            return ""
        phone = normalize_vn_mobile(raw)
        if not phone:
            raise forms.ValidationError(_("Số điện thoại di động không hợp lệ."))
        return phone


class AttendanceImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp CSV điểm danh"))
    dry_run = forms.BooleanField(label=_("Chỉ kiểm tra, chưa ghi"), required=False)

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 5 MB)."))
        return upload
