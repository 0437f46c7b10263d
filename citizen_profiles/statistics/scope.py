"""What a statistic is about: a year and an area (the city, a ward, or a residential group of
a ward), read from request parameters with every bad value refused by a clear message."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from learning_centers.models import ResidentialGroup, Ward

FIRST_YEAR = 2021  # the programmes' period starts in 2021 (QĐ 387, QĐ 677)
LAST_TARGET_YEAR = 2030


class StatisticsInputError(ValueError):
    """A parameter the statistics cannot answer for; the message is for the user."""


@dataclass(frozen=True)
class Scope:
    kind: str  # "city" | "ward" | "group"
    ward: Ward | None = None
    group: ResidentialGroup | None = None

    @property
    def code(self) -> str:
        if self.kind == "ward":
            return self.ward.code
        if self.kind == "group":
            return f"{self.ward.code}-{self.group.pk}"
        return "ha-noi"

    @property
    def name(self) -> str:
        if self.kind == "ward":
            return self.ward.name_with_type
        if self.kind == "group":
            return f"{self.group.name}, {self.ward.name_with_type}"
        return _("Thành phố Hà Nội")


CITY = Scope(kind="city")


def current_year() -> int:
    return timezone.localdate().year


def parse_year(raw: str | None) -> int:
    """The year asked for (this year when absent): a whole number from the programmes'
    first year to this year; later years have no data yet."""
    today = current_year()
    if raw in (None, ""):
        return today
    raw = str(raw).strip()
    if not (raw.isascii() and raw.isdigit() and len(raw) == 4):
        raise StatisticsInputError(_("Năm phải là số có bốn chữ số, ví dụ 2025."))
    year = int(raw)
    if year < FIRST_YEAR or year > today:
        raise StatisticsInputError(
            _("Chỉ có số liệu từ năm %(first)s đến năm %(last)s.")
            % {"first": FIRST_YEAR, "last": today}
        )
    return year


def parse_scope(raw_ward: str | None, raw_group: str | None = None) -> Scope:
    """The city when no ward is given; else the ward of that administrative code, and the
    residential group of that ward when a group id is given."""
    raw_ward = (raw_ward or "").strip()
    raw_group = (raw_group or "").strip()
    if not raw_ward:
        if raw_group:
            raise StatisticsInputError(_("Cần chọn phường/xã trước khi chọn tổ dân phố/thôn."))
        return CITY
    if not (raw_ward.isascii() and raw_ward.isdigit() and len(raw_ward) <= 5):
        raise StatisticsInputError(_("Mã phường/xã không hợp lệ."))
    ward = Ward.objects.filter(code=raw_ward).first()
    if ward is None:
        raise StatisticsInputError(_("Không có phường/xã mang mã này."))
    if not raw_group:
        return Scope(kind="ward", ward=ward)
    if not (raw_group.isascii() and raw_group.isdigit() and len(raw_group) <= 12):
        raise StatisticsInputError(_("Mã tổ dân phố/thôn không hợp lệ."))
    group = ResidentialGroup.objects.filter(pk=int(raw_group), ward=ward).first()
    if group is None:
        raise StatisticsInputError(_("Không có tổ dân phố/thôn này trong phường/xã đã chọn."))
    return Scope(kind="group", ward=ward, group=group)


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
