"""Times as residents and staff read them: in Hanoi's zone, day first, the zone stated.

Stored datetimes are UTC (USE_TZ); anything written out of the request cycle (exports,
e-mails, messages built in services) goes through here so it never shows UTC by accident."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: Said once in headers and messages, so a reader knows which clock a time is on.
ZONE_LABEL = _("giờ Việt Nam, UTC+7")


def local_stamp(value: dt.datetime | None) -> str:
    """`dd/mm/yyyy hh:mm` in TIME_ZONE (Asia/Ho_Chi_Minh); "" for None."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y %H:%M")
