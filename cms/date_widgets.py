"""Admin date and time widgets that read dates the Vietnamese way.

Wagtail's pickers format and parse with WAGTAIL_DATE_FORMAT (settings: dd/mm/yyyy). Their
jQuery picker also rewrites on blur whatever it cannot parse with that format, which turned
a typed `20/12/2026` into another day when the format was ISO. Here the picker leaves typed
text alone (`validateOnBlur: False`); the server reads dd/mm/yyyy or ISO (DATE_INPUT_FORMATS
in cms/formats) and refuses anything else with a message. The expected format is shown as
a placeholder. Registered for every model DateField/DateTimeField/TimeField in
`CmsConfig.ready()`.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput, AdminTimeInput

DATE_PLACEHOLDER = _("dd/mm/yyyy")
DATETIME_PLACEHOLDER = _("dd/mm/yyyy hh:mm")
TIME_PLACEHOLDER = _("hh:mm")


class _KeepTypedText:
    placeholder = ""

    def __init__(self, attrs=None, **kwargs):
        attrs = {"placeholder": self.placeholder, **(attrs or {})}
        super().__init__(attrs=attrs, **kwargs)

    def get_config(self):
        return {**super().get_config(), "validateOnBlur": False}


class VietnameseDateInput(_KeepTypedText, AdminDateInput):
    placeholder = DATE_PLACEHOLDER


class VietnameseDateTimeInput(_KeepTypedText, AdminDateTimeInput):
    placeholder = DATETIME_PLACEHOLDER


class VietnameseTimeInput(_KeepTypedText, AdminTimeInput):
    placeholder = TIME_PLACEHOLDER


def register_admin_date_widgets() -> None:
    from django.db import models
    from wagtail.admin.forms.models import register_form_field_override

    register_form_field_override(models.DateField, override={"widget": VietnameseDateInput})
    register_form_field_override(models.DateTimeField, override={"widget": VietnameseDateTimeInput})
    register_form_field_override(models.TimeField, override={"widget": VietnameseTimeInput})
