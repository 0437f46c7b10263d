from django import forms
from django.utils.translation import gettext_lazy as _

from .text import nfc


class SiteSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm kiếm"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("ví dụ: tin hoc co ban")}),
    )

    def clean_q(self) -> str:
        return " ".join(nfc(self.cleaned_data["q"]).split())
