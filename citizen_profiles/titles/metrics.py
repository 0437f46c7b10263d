"""The metric registry: named functions over the learning record that fill computed
indicators. A criteria set refers to a metric by name and stores its parameters as data
(`{"target": 20}`), so nothing title-specific lives here beyond the measurements.

Every metric is written in bulk form, `fn(subject_ids, *, year, params) -> {id: value}`, as
a few SQL aggregations for a whole chunk of subjects (the yearly bulk run evaluates 30,000
residents of a ward this way). The single form, `measure()`, is the bulk form for one id, so
both always agree.

"A Citizen Learner" / "a learning family" in a share means a subject whose evaluation for
the same year is recognised; the bulk run evaluates people first, then households, then the
groups that count them. Adults are residents 18 or older in the year by birth year (an
unknown birth year counts as an adult: most records without one are adults entered from
paper)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from functools import lru_cache

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from citizen_profiles.groups.models import (
    ClanMembership,
    Household,
    HouseholdMembership,
    UnitMembership,
)
from citizen_profiles.models import Citizen, ParticipationRecord

from . import record_api
from .models import Evaluation, TitleKind

ZERO = Decimal("0")
ONE = Decimal("1")


@dataclass(frozen=True)
class Metric:
    name: str
    kind: str
    label: str
    unit: str  # "hours", "count", "bool", "share"
    many: Callable[..., dict[int, Decimal]]

    def missing(self, value: Decimal, target: Decimal) -> str:
        """What is still missing to reach `target`, in the resident's words ("" if none)."""
        if value >= target:
            return ""
        texts = _missing_texts(get_language())
        if self.unit == "hours":
            return texts["hours"] % {"n": _fmt(target - value)}
        if self.unit == "count":
            return texts["count"] % {"n": _fmt(target - value), "what": str(self.label)}
        if self.unit == "bool":
            return texts["bool"] % {"what": str(self.label)}
        return texts["share"] % {"v": _fmt(value * 100), "t": _fmt(target * 100)}


@lru_cache(maxsize=8)
def _missing_texts(language) -> dict:
    """The "still missing" templates per language: translated once, not once per subject
    (the bulk run fills tens of thousands of indicators)."""
    return {
        "hours": _("còn thiếu %(n)s giờ học"),
        "count": _("còn thiếu %(n)s %(what)s"),
        "bool": _("chưa đạt: %(what)s"),
        "share": _("đạt %(v)s%%, cần %(t)s%%"),
    }


REGISTRY: dict[str, Metric] = {}


def metric(name: str, *, kind: str, label: str, unit: str):
    def register(fn):
        REGISTRY[name] = Metric(name=name, kind=kind, label=label, unit=unit, many=fn)
        return fn

    return register


def get_metric(name: str) -> Metric | None:
    return REGISTRY.get(name)


def measure(name: str, subject_id: int, *, year: int, params: dict | None = None) -> Decimal:
    """The single form of a metric: its value for one subject."""
    return REGISTRY[name].many([subject_id], year=year, params=params or {}).get(subject_id, ZERO)


def score(metric_obj: Metric, value: Decimal, *, max_points, params: dict) -> dict:
    """Turn a metric value into an indicator result: points are `max_points` times the share
    of the target reached (rounded down to half points); pass/fail is met at the target."""
    target = Decimal(str(params.get("target", 1)))
    fraction = ONE if target <= 0 else min(ONE, value / target)
    result = {"value": _fmt(value), "missing": metric_obj.missing(value, target)}
    if max_points is not None:
        points = (Decimal(max_points) * fraction * 2).to_integral_value(ROUND_FLOOR) / 2
        result["points"] = _fmt(points)
        result["met"] = fraction >= ONE
    else:
        result["points"] = None
        result["met"] = value >= target
    return result


def _fmt(value: Decimal) -> str:
    value = Decimal(value).quantize(Decimal("0.1"))
    return f"{value.normalize():f}"


def reference_day(year: int) -> datetime.date:
    """Memberships are read on 31/12 of the year, or today for the current year."""
    return min(datetime.date(year, 12, 31), timezone.localdate())


def _adult(prefix: str, year: int) -> Q:
    return Q(**{f"{prefix}birth_year__isnull": True}) | Q(**{f"{prefix}birth_year__lte": year - 18})


def _recognised(kind: str, year: int, field: str, outer: str):
    return Exists(
        Evaluation.objects.filter(
            kind=kind, year=year, status=Evaluation.Status.RECOGNISED, **{field: OuterRef(outer)}
        )
    )


def _share(queryset, *, group: str, flag) -> dict[int, Decimal]:
    rows = (
        queryset.annotate(flag=flag)
        .order_by()
        .values(group)
        .annotate(n=Count("pk"), k=Count("pk", filter=Q(flag=True)))
    )
    return {row[group]: (Decimal(row["k"]) / row["n"] if row["n"] else ZERO) for row in rows}


def _learning_in_year(year: int, outer: str = "citizen_id"):
    return Exists(ParticipationRecord.objects.filter(citizen_id=OuterRef(outer), date__year=year))


# --- residents ------------------------------------------------------------------------------


@metric("learning_hours", kind=TitleKind.CITIZEN, label=_lazy("giờ học"), unit="hours")
def learning_hours(ids, *, year, params):
    """Learning hours in the year, by the record's one definition of hours
    (`with_learning_hours`). Params: `target` hours."""
    rows = record_api.with_learning_hours(Citizen.objects.filter(pk__in=ids), year=year)
    return {pk: Decimal(h or 0) for pk, h in rows.values_list("pk", "learning_hours")}


@metric(
    "completed_courses", kind=TitleKind.CITIZEN, label=_lazy("khóa học hoàn thành"), unit="count"
)
def completed_courses(ids, *, year, params):
    """Courses completed in the year (completion records). Params: `target` count."""
    rows = (
        ParticipationRecord.objects.filter(citizen_id__in=ids, date__year=year, kind="completion")
        .order_by()
        .values("citizen_id")
        .annotate(n=Count("pk"))
    )
    return {r["citizen_id"]: Decimal(r["n"]) for r in rows}


@metric(
    "verified_declarations",
    kind=TitleKind.CITIZEN,
    label=_lazy("hoạt động tự khai báo đã xác nhận"),
    unit="count",
)
def verified_declarations(ids, *, year, params):
    """Declarations verified by staff in the year: verification writes a `declared` record
    (the record contract), withdrawal removes it. Params: `target` count."""
    rows = (
        ParticipationRecord.objects.filter(citizen_id__in=ids, date__year=year, kind="declared")
        .order_by()
        .values("citizen_id")
        .annotate(n=Count("pk"))
    )
    return {r["citizen_id"]: Decimal(r["n"]) for r in rows}


@metric("digital_skills", kind=TitleKind.CITIZEN, label=_lazy("kỹ năng số cơ bản"), unit="bool")
def digital_skills(ids, *, year, params):
    """1 when the resident meets the "basic digital skills" rule by 31/12 of the year
    (`with_basic_digital_skills`), else 0."""
    met = record_api.with_basic_digital_skills(
        Citizen.objects.filter(pk__in=ids), on=datetime.date(year, 12, 31)
    ).values_list("pk", flat=True)
    met = set(met)
    return {pk: (ONE if pk in met else ZERO) for pk in ids}


# --- households -----------------------------------------------------------------------------


def _household_adults(ids, year):
    return HouseholdMembership.objects.on(reference_day(year)).filter(
        _adult("citizen__", year), household_id__in=ids
    )


@metric(
    "household_citizen_learner_share",
    kind=TitleKind.HOUSEHOLD,
    label=_lazy("tỷ lệ người lớn là Công dân học tập"),
    unit="share",
)
def household_citizen_learner_share(ids, *, year, params):
    """Share of the household's adults (members on the reference day) recognised as Citizen
    Learners for the year. Params: `target` share (0–1)."""
    return _share(
        _household_adults(ids, year),
        group="household_id",
        flag=_recognised(TitleKind.CITIZEN, year, "citizen_id", "citizen_id"),
    )


@metric(
    "household_adults_learning_share",
    kind=TitleKind.HOUSEHOLD,
    label=_lazy("tỷ lệ người lớn có học tập trong năm"),
    unit="share",
)
def household_adults_learning_share(ids, *, year, params):
    """Share of the household's adults with at least one learning activity in the year
    (QĐ 448 TC2.2: every adult learns at least one topic a year). Params: `target`."""
    return _share(_household_adults(ids, year), group="household_id", flag=_learning_in_year(year))


@metric(
    "school_age_children",
    kind=TitleKind.HOUSEHOLD,
    label=_lazy("trẻ em trong độ tuổi đi học"),
    unit="count",
)
def school_age_children(ids, *, year, params):
    """Members aged 6–17 in the year (by birth year): shown to the evaluator beside the
    scored indicator "children of school age attend school", which the record cannot know."""
    rows = (
        HouseholdMembership.objects.on(reference_day(year))
        .filter(
            household_id__in=ids,
            citizen__birth_year__gte=year - 17,
            citizen__birth_year__lte=year - 6,
        )
        .order_by()
        .values("household_id")
        .annotate(n=Count("pk"))
    )
    return {r["household_id"]: Decimal(r["n"]) for r in rows}


# --- clans, residential groups, communes, units -----------------------------------------------


@metric(
    "clan_learning_family_share",
    kind=TitleKind.CLAN,
    label=_lazy("tỷ lệ hộ là Gia đình học tập"),
    unit="share",
)
def clan_learning_family_share(ids, *, year, params):
    """Share of the clan's households (on the reference day) recognised as Learning
    Families for the year. Params: `target`."""
    return _share(
        ClanMembership.objects.on(reference_day(year)).filter(clan_id__in=ids),
        group="clan_id",
        flag=_recognised(TitleKind.HOUSEHOLD, year, "household_id", "household_id"),
    )


@metric(
    "clan_citizen_learner_share",
    kind=TitleKind.CLAN,
    label=_lazy("tỷ lệ người lớn là Công dân học tập"),
    unit="share",
)
def clan_citizen_learner_share(ids, *, year, params):
    """Share of the adults of the clan's households who are Citizen Learners."""
    day = reference_day(year)
    clan_of = ClanMembership.objects.on(day).filter(
        clan_id__in=ids, household_id=OuterRef("household_id")
    )
    members = (
        HouseholdMembership.objects.on(day)
        .filter(_adult("citizen__", year))
        .annotate(clan_id=clan_of.values("clan_id")[:1])
        .filter(clan_id__isnull=False)
    )
    return _share(
        members,
        group="clan_id",
        flag=_recognised(TitleKind.CITIZEN, year, "citizen_id", "citizen_id"),
    )


@metric(
    "group_learning_family_share",
    kind=TitleKind.COMMUNITY,
    label=_lazy("tỷ lệ hộ là Gia đình học tập"),
    unit="share",
)
def group_learning_family_share(ids, *, year, params):
    """Share of a residential group's households recognised as Learning Families."""
    return _share(
        Household.objects.filter(residential_group_id__in=ids),
        group="residential_group_id",
        flag=_recognised(TitleKind.HOUSEHOLD, year, "household_id", "pk"),
    )


@metric(
    "group_citizen_learner_share",
    kind=TitleKind.COMMUNITY,
    label=_lazy("tỷ lệ người lớn là Công dân học tập"),
    unit="share",
)
def group_citizen_learner_share(ids, *, year, params):
    """Share of a residential group's adult residents recognised as Citizen Learners."""
    return _share(
        Citizen.objects.filter(_adult("", year), residential_group_id__in=ids),
        group="residential_group_id",
        flag=_recognised(TitleKind.CITIZEN, year, "citizen_id", "pk"),
    )


@metric(
    "commune_learning_family_share",
    kind=TitleKind.COMMUNE,
    label=_lazy("tỷ lệ hộ là Gia đình học tập"),
    unit="share",
)
def commune_learning_family_share(ids, *, year, params):
    """Share of a ward's households recognised as Learning Families."""
    return _share(
        Household.objects.filter(ward_id__in=ids),
        group="ward_id",
        flag=_recognised(TitleKind.HOUSEHOLD, year, "household_id", "pk"),
    )


@metric(
    "commune_citizen_learner_share",
    kind=TitleKind.COMMUNE,
    label=_lazy("tỷ lệ người lớn là Công dân học tập"),
    unit="share",
)
def commune_citizen_learner_share(ids, *, year, params):
    """Share of a ward's adult residents recognised as Citizen Learners."""
    return _share(
        Citizen.objects.filter(_adult("", year), ward_id__in=ids),
        group="ward_id",
        flag=_recognised(TitleKind.CITIZEN, year, "citizen_id", "pk"),
    )


@metric(
    "unit_citizen_learner_share",
    kind=TitleKind.UNIT,
    label=_lazy("tỷ lệ thành viên là Công dân học tập"),
    unit="share",
)
def unit_citizen_learner_share(ids, *, year, params):
    """Share of a unit's members (on the reference day) recognised as Citizen Learners."""
    return _share(
        UnitMembership.objects.on(reference_day(year)).filter(unit_id__in=ids),
        group="unit_id",
        flag=_recognised(TitleKind.CITIZEN, year, "citizen_id", "citizen_id"),
    )


@metric(
    "unit_members_learning_share",
    kind=TitleKind.UNIT,
    label=_lazy("tỷ lệ thành viên hoàn thành khóa học trong năm"),
    unit="share",
)
def unit_members_learning_share(ids, *, year, params):
    """Share of a unit's members who completed at least one course in the year."""
    done = Exists(
        ParticipationRecord.objects.filter(
            citizen_id=OuterRef("citizen_id"), date__year=year, kind="completion"
        )
    )
    return _share(
        UnitMembership.objects.on(reference_day(year)).filter(unit_id__in=ids),
        group="unit_id",
        flag=done,
    )
