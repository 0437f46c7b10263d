"""Reads for the resident's pages and the data export."""

import datetime
from decimal import Decimal

from django.utils import timezone
from wagtail import hooks

from .models import Citizen, ParticipationRecord


def citizen_for_user(user) -> Citizen | None:
    if not (user and user.is_authenticated):
        return None
    return Citizen.objects.select_related("ward", "residential_group").filter(user=user).first()


def participation_log(*, citizen: Citizen):
    """The resident's activities, newest first."""
    return ParticipationRecord.objects.filter(citizen=citizen).order_by("-date", "-id")


def hours_in_year(*, citizen: Citizen, year: int | None = None) -> Decimal:
    year = year or timezone.localdate().year
    return ParticipationRecord.objects.filter(citizen=citizen).in_year(year).total_hours()


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
        "participation": [
            {
                "kind": r.kind,
                "title": r.title,
                "topics": r.topics,
                "hours": str(r.hours),
                "date": _iso(r.date),
            }
            for r in participation_log(citizen=citizen)
        ],
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
