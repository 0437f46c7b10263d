"""Reads for the resident's pages and the data export.

Learning hours are counted only through `learning_hours`, `with_learning_hours` and
`credited_records` (defined in `record/hours.py`, re-exported here): see that module for
what each kind of record contributes."""

import datetime
from decimal import Decimal

from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .models import Citizen, ParticipationRecord
from .record.activities import activity_links
from .record.hours import (
    credited_hours_total,
    credited_records,
    hours_text,
    learning_hours,
    learning_hours_by_month,
    with_learning_hours,
)
from .record.xapi import citizen_xapi_statements

__all__ = [
    "activity_links",
    "citizen_data_export",
    "citizen_for_user",
    "citizen_xapi_statements",
    "credited_hours_total",
    "credited_records",
    "dashboard_panels",
    "hours_in_year",
    "learning_hours",
    "learning_by_month",
    "learning_hours_by_month",
    "my_learning_panels",
    "participation_log",
    "record_years",
    "with_learning_hours",
    "with_sources",
]


def citizen_for_user(user) -> Citizen | None:
    if not (user and user.is_authenticated):
        return None
    return Citizen.objects.select_related("ward", "residential_group").filter(user=user).first()


def participation_log(*, citizen: Citizen, year: int | None = None):
    """The resident's activities, newest first, each annotated `.credited_hours`."""
    records = ParticipationRecord.objects.filter(citizen=citizen)
    if year:
        records = records.in_year(year)
    return credited_records(records).order_by("-date", "-id")


def hours_in_year(*, citizen: Citizen, year: int | None = None) -> Decimal:
    """Learning hours in `year` (this year by default), by the one definition."""
    return learning_hours(citizen=citizen, year=year or timezone.localdate().year)


def record_years(*, citizen: Citizen) -> list[int]:
    """Years with at least one record, and this year, newest first (one query)."""
    years = set(
        ParticipationRecord.objects.filter(citizen=citizen)
        .annotate(year=ExtractYear("date"))
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


SOURCE_LABELS = {
    ParticipationRecord.Kind.ATTENDANCE: _("Buổi học tại trung tâm"),
    ParticipationRecord.Kind.COMPLETION: _("Hoàn thành khóa học"),
    ParticipationRecord.Kind.DECLARED: _("Khai báo đã được xác minh"),
}


def learning_by_month(*, citizen: Citizen, year: int) -> dict:
    """Hours of `year` in total and per month, with each month's share of the busiest month
    (for the bar chart): {"total", "months": [{"month", "hours", "percent"}]}. One query."""
    hours = learning_hours_by_month(citizen=citizen, year=year)
    peak = max(hours) or Decimal("1")
    return {
        "total": sum(hours, Decimal("0")),
        "months": [
            {"month": month, "hours": value, "percent": int(value * 100 / peak)}
            for month, value in enumerate(hours, start=1)
        ],
    }


def with_sources(records, *, request=None) -> list:
    """`records` (a list) with `.source_label` and `.activity_url`/`.activity_name` (the
    course page where its app links one; one batch per link hook)."""
    records = list(records)
    links = activity_links({r.activity for r in records}, request=request)
    for record in records:
        link = links.get(record.activity) or {}
        record.source_label = SOURCE_LABELS.get(record.kind, record.get_kind_display())
        record.activity_url = link.get("url") or ""
        record.activity_name = link.get("name") or ""
    return records


def my_learning_panels(*, citizen: Citizen, request, year: int) -> list[dict]:
    """Sections other concerns add to "My learning" (`my_learning_panels` hook): each
    fn(citizen, request, year) returns {"template", "context", "order"} or None, in a
    constant number of queries. Sorted by order."""
    panels = []
    for fn in hooks.get_hooks("my_learning_panels"):
        panel = fn(citizen, request, year)
        if panel:
            panels.append(panel)
    return sorted(panels, key=lambda p: p.get("order", 0))


def dashboard_panels(*, citizen: Citizen, request) -> list[dict]:
    """Panels other apps add to the resident's page (`citizen_dashboard_panels` hook):
    each hook fn(citizen, request) returns {"template", "context", "order"} or None."""
    panels = []
    for fn in hooks.get_hooks("citizen_dashboard_panels"):
        panel = fn(citizen, request)
        if panel:
            panels.append(panel)
    return sorted(panels, key=lambda p: p.get("order", 0))


def _iso(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def citizen_data_export(*, citizen: Citizen) -> dict:
    """Everything the portal holds about the resident in this app (Decree 13, right of
    access), as JSON-ready data. Other apps' data is added by `citizen_data_export` hooks:
    fn(citizen) -> (key, JSON-ready value)."""
    user = citizen.user
    data = {
        "notice": "Dữ liệu cá nhân của bạn tại Cổng học tập suốt đời Hà Nội",
        "exported_at": timezone.now().isoformat(),
        "account": None,
        "citizen": {
            "full_name": citizen.full_name,
            "birth_year": citizen.birth_year,
            "ward": citizen.ward.name_with_type if citizen.ward_id else None,
            "ward_code": citizen.ward.code if citizen.ward_id else None,
            "residential_group": (
                citizen.residential_group.name if citizen.residential_group_id else None
            ),
            "phone": citizen.phone,
            "created_at": _iso(citizen.created_at),
            "claimed_at": _iso(citizen.claimed_at),
        },
        "consents": [
            {
                "purpose": c.purpose,
                "purpose_label": str(c.get_purpose_display()),
                "notice_version": c.notice_version,
                "given_at": _iso(c.given_at),
                "withdrawn_at": _iso(c.withdrawn_at),
            }
            for c in citizen.consents.all()
        ],
        "learning_hours": str(learning_hours(citizen=citizen)),
        "participation": [
            {
                "kind": r.kind,
                "title": r.title,
                "topics": r.topics,
                "hours": str(r.hours),
                "credited_hours": hours_text(r.credited_hours),
                "date": _iso(r.date),
            }
            for r in participation_log(citizen=citizen)
        ],
        "xapi_statements": citizen_xapi_statements(citizen=citizen),
        "deletion_requests": [
            {"requested_at": _iso(d.requested_at), "status": d.status}
            for d in citizen.deletion_requests.all()
        ],
    }
    if user is not None:
        data["account"] = {
            "email": user.email,
            "phone": user.phone,
            "full_name": user.full_name,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        }
    for fn in hooks.get_hooks("citizen_data_export"):
        key, value = fn(citizen)
        data[key] = value
    return data
