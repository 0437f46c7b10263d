"""Every statistic of the programme, defined once.

Each indicator counts a numerator and (for rates) a denominator per ward or per residential
group of a ward, in one SQL aggregation; the city figure is the sum over the wards, so the
city, ward and group figures always add up. People without a ward are not counted anywhere.
Ages are reached in the year asked for (year − year of birth).

The docstring-like `numerator` / `denominator` texts are shown beside every figure (the
dashboard, the public page, the API and the exports' definitions sheet)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from citizen_profiles.groups.models import (
    Clan,
    ClanMembership,
    Household,
    HouseholdMembership,
    Unit,
    UnitMembership,
)
from citizen_profiles.models import Citizen
from learning_centers.models import ResidentialGroup

from . import record_api
from .scope import year_bounds

PERCENT, PEOPLE, HOURS, RECORDS = "%", "người", "giờ", "lượt"
ADULT_AGE = 15  # the age from which the plans count adults and workers (Bộ luật Lao động)
WORKING_AGE_MAX = 60
ELDERLY_AGE = 60

Counts = dict[object, tuple[Decimal | int, int | None]]


@dataclass(frozen=True)
class Indicator:
    key: str
    label: object
    unit: str
    numerator: object
    denominator: object | None
    compute: Callable[[int, str, int | None], Counts | None]
    by_group: bool = True  # whether a residential-group breakdown means anything
    category: str = "titles"
    note: object = ""

    @property
    def is_rate(self) -> bool:
        return self.unit == PERCENT

    def counts(self, *, year: int, by: str = "ward", ward_id: int | None = None):
        """{ward id or group id: (numerator, denominator)}; None when there is no data
        source for it on the portal or the breakdown does not apply."""
        if by == "group" and not self.by_group:
            return None
        return self.compute(year, by, ward_id)


def rate(numerator, denominator) -> Decimal | None:
    if not denominator:
        return None
    value = Decimal(numerator or 0) * 100 / Decimal(denominator)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- helpers ------------------------------------------------------------------------------


def _grouped(queryset: QuerySet, field: str, **aggregates) -> Counts:
    rows = queryset.order_by().values(field).annotate(**aggregates)
    return {
        row[field]: (row.get("num") or 0, row.get("den")) for row in rows if row[field] is not None
    }


def _scoped(queryset: QuerySet, *, by: str, ward_id: int | None, ward: str, group: str):
    if ward_id is not None:
        queryset = queryset.filter(**{ward: ward_id})
    return queryset, (ward if by == "ward" else group)


def _adults(year: int, *, max_age: int | None = None) -> QuerySet[Citizen]:
    """Residents with a ward who are adults in `year` (unknown ages count as adults unless
    an upper age bound is asked for)."""
    people = Citizen.objects.filter(ward__isnull=False)
    if max_age is None:
        return people.filter(Q(birth_year__isnull=True) | Q(birth_year__lte=year - ADULT_AGE))
    return people.filter(birth_year__lte=year - ADULT_AGE, birth_year__gte=year - max_age)


def _during(year: int) -> Q:
    start, end = year_bounds(year)
    return Q(start_date__lte=end) & (Q(end_date__isnull=True) | Q(end_date__gte=start))


def _recognised(kind: str, year: int):
    return record_api.recognised_subject_ids(kind=kind, year=year)


def _subject_rate(model, kind: str, *, ward_field="ward_id", group_field=None, extra=None):
    """Share of the subjects of `model` in the area recognised with the title of `kind`."""

    def compute(year, by, ward_id):
        recognised = _recognised(kind, year)
        if recognised is None:
            return None
        queryset = model.objects.all() if extra is None else model.objects.filter(extra)
        queryset, field = _scoped(
            queryset, by=by, ward_id=ward_id, ward=ward_field, group=group_field or ward_field
        )
        return _grouped(
            queryset, field, den=Count("pk"), num=Count("pk", filter=Q(pk__in=recognised))
        )

    return compute


# --- learning participation (the record) --------------------------------------------------


def _learners(year, by, ward_id, people: QuerySet | None = None):
    people = people if people is not None else _adults(year)
    active = Exists(record_api.records_in_year(year).filter(citizen=OuterRef("pk")))
    people, field = _scoped(
        people, by=by, ward_id=ward_id, ward="ward_id", group="residential_group_id"
    )
    return _grouped(
        people.annotate(active=active),
        field,
        den=Count("pk"),
        num=Count("pk", filter=Q(active=True)),
    )


def _hours(year, by, ward_id):
    records, field = _scoped(
        record_api.records_in_year(year),
        by=by,
        ward_id=ward_id,
        ward="citizen__ward_id",
        group="citizen__residential_group_id",
    )
    return _grouped(records, field, num=record_api.hours_sum())


def _completions(year, by, ward_id):
    records, field = _scoped(
        record_api.records_in_year(year).filter(kind="completion"),
        by=by,
        ward_id=ward_id,
        ward="citizen__ward_id",
        group="citizen__residential_group_id",
    )
    return _grouped(records, field, num=Count("pk"))


# --- Citizen Learners ---------------------------------------------------------------------


def _citizen_learners(year, by, ward_id):
    recognised = _recognised("citizen", year)
    if recognised is None:
        return None
    people, field = _scoped(
        _adults(year), by=by, ward_id=ward_id, ward="ward_id", group="residential_group_id"
    )
    return _grouped(people, field, den=Count("pk"), num=Count("pk", filter=Q(pk__in=recognised)))


def _learners_in_learning_groups(year, by, ward_id):
    """Working-age adults who, during the year, lived in a recognised Learning Family, in a
    household of a recognised Learning Clan, or in a recognised Learning Community."""
    families = _recognised("household", year)
    clans = _recognised("clan", year)
    communities = _recognised("community", year)
    citizens = _recognised("citizen", year)
    if citizens is None or families is None:
        return None
    during = _during(year)
    in_family = Exists(
        HouseholdMembership.objects.filter(during, citizen=OuterRef("pk"), household__in=families)
    )
    condition = Q(in_family)
    if clans is not None:
        clan_households = ClanMembership.objects.filter(during, clan__in=clans).values(
            "household_id"
        )
        condition |= Q(
            Exists(
                HouseholdMembership.objects.filter(
                    during, citizen=OuterRef("pk"), household__in=clan_households
                )
            )
        )
    if communities is not None:
        condition |= Q(residential_group__in=communities)
    people, field = _scoped(
        _adults(year, max_age=WORKING_AGE_MAX).filter(condition),
        by=by,
        ward_id=ward_id,
        ward="ward_id",
        group="residential_group_id",
    )
    return _grouped(people, field, den=Count("pk"), num=Count("pk", filter=Q(pk__in=citizens)))


def _staff_of_learning_units(year, by, ward_id):
    """Members (other than pupils) of units recognised as Learning Units, counted once each
    in the ward of their unit."""
    units = _recognised("unit", year)
    citizens = _recognised("citizen", year)
    if units is None or citizens is None:
        return None
    members = UnitMembership.objects.filter(_during(year), unit__in=units).exclude(
        role=UnitMembership.Role.LEARNER
    )
    members, field = _scoped(
        members,
        by=by,
        ward_id=ward_id,
        ward="unit__ward_id",
        group="citizen__residential_group_id",
    )
    return _grouped(
        members,
        field,
        den=Count("citizen", distinct=True),
        num=Count("citizen", distinct=True, filter=Q(citizen__in=citizens)),
    )


def _learners_with_digital_skills(year, by, ward_id):
    citizens = _recognised("citizen", year)
    if citizens is None:
        return None
    skilled = record_api.with_basic_digital_skills(Citizen.objects.all())
    if skilled is None:
        return None
    people, field = _scoped(
        _adults(year).filter(pk__in=citizens),
        by=by,
        ward_id=ward_id,
        ward="ward_id",
        group="residential_group_id",
    )
    return _grouped(
        people, field, den=Count("pk"), num=Count("pk", filter=Q(pk__in=skilled.values("pk")))
    )


def _no_source(year, by, ward_id):
    return None


NOT_COLLECTED = _(
    "Cổng chưa thu thập số liệu này; phường, xã và Hội Khuyến học báo cáo riêng theo kế hoạch."
)

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        key="gdht_pct",
        label=_("Gia đình đạt danh hiệu “Gia đình học tập”"),
        unit=PERCENT,
        numerator=_("Số hộ gia đình được công nhận “Gia đình học tập” trong năm"),
        denominator=_("Số hộ gia đình đã đăng ký trên cổng"),
        compute=_subject_rate(Household, "household", group_field="residential_group_id"),
    ),
    Indicator(
        key="dhht_pct",
        label=_("Dòng họ đạt danh hiệu “Dòng họ học tập”"),
        unit=PERCENT,
        numerator=_("Số dòng họ được công nhận “Dòng họ học tập” trong năm"),
        denominator=_("Số dòng họ đăng ký tại phường, xã"),
        compute=_subject_rate(Clan, "clan"),
        by_group=False,
    ),
    Indicator(
        key="cdht_thon_pct",
        label=_("Tổ dân phố, thôn đạt danh hiệu “Cộng đồng học tập”"),
        unit=PERCENT,
        numerator=_("Số tổ dân phố, thôn được công nhận “Cộng đồng học tập” trong năm"),
        denominator=_("Số tổ dân phố, thôn của phường, xã"),
        compute=_subject_rate(ResidentialGroup, "community"),
        by_group=False,
    ),
    Indicator(
        key="dvht_commune_pct",
        label=_("Đơn vị cấp phường, xã đạt danh hiệu “Đơn vị học tập”"),
        unit=PERCENT,
        numerator=_("Số đơn vị cấp phường, xã được công nhận “Đơn vị học tập” trong năm"),
        denominator=_("Số đơn vị cấp phường, xã đã đăng ký trên cổng"),
        compute=_subject_rate(Unit, "unit", extra=Q(level=Unit.Level.WARD)),
        by_group=False,
    ),
    Indicator(
        key="citizens_cdht_pct",
        label=_("Người dân đạt danh hiệu “Công dân học tập”"),
        unit=PERCENT,
        numerator=_("Số người từ 15 tuổi được công nhận “Công dân học tập” trong năm"),
        denominator=_("Số người từ 15 tuổi có hồ sơ trên cổng (kể cả chưa rõ năm sinh)"),
        compute=_citizen_learners,
    ),
    Indicator(
        key="adults_in_gd_dh_cd_cdht_pct",
        label=_(
            "Người trong độ tuổi lao động của gia đình, dòng họ, cộng đồng học tập đạt "
            "“Công dân học tập”"
        ),
        unit=PERCENT,
        numerator=_("Số người trong mẫu số được công nhận “Công dân học tập” trong năm"),
        denominator=_(
            "Số người 15–60 tuổi thuộc một hộ “Gia đình học tập”, một hộ của “Dòng họ học tập” "
            "hoặc sống ở tổ dân phố, thôn “Cộng đồng học tập” trong năm"
        ),
        compute=_learners_in_learning_groups,
    ),
    Indicator(
        key="staff_dvht_cdht_pct",
        label=_("Cán bộ, người lao động của “Đơn vị học tập” đạt “Công dân học tập”"),
        unit=PERCENT,
        numerator=_("Số người trong mẫu số được công nhận “Công dân học tập” trong năm"),
        denominator=_(
            "Số thành viên (trừ học sinh, học viên) của các đơn vị được công nhận “Đơn vị học "
            "tập” trong năm, tính theo phường, xã của đơn vị"
        ),
        compute=_staff_of_learning_units,
    ),
    Indicator(
        key="cdht_with_digital_skills_pct",
        label=_("“Công dân học tập” có kỹ năng số cơ bản"),
        unit=PERCENT,
        numerator=_("Số “Công dân học tập” đáp ứng quy tắc kỹ năng số cơ bản của khung hiện hành"),
        denominator=_("Số người được công nhận “Công dân học tập” trong năm"),
        compute=_learners_with_digital_skills,
    ),
    Indicator(
        key="cdht_proficient_digital_self_update_pct",
        label=_("“Công dân học tập” thành thạo kỹ năng số để tự cập nhật kiến thức"),
        unit=PERCENT,
        numerator=_("Chưa xác định: văn bản chưa nêu tiêu chí “thành thạo”"),
        denominator=_("Số người được công nhận “Công dân học tập” trong năm"),
        compute=_no_source,
        note=NOT_COLLECTED,
    ),
    Indicator(
        key="khuyenhoc_staff_it_pct",
        label=_("Cán bộ khuyến học tham gia trung tâm được bồi dưỡng công nghệ thông tin"),
        unit=PERCENT,
        numerator=_("Số cán bộ khuyến học phường, xã đã được bồi dưỡng ứng dụng CNTT"),
        denominator=_("Số cán bộ khuyến học phường, xã tham gia hoạt động của trung tâm"),
        compute=_no_source,
        note=NOT_COLLECTED,
        by_group=False,
    ),
    Indicator(
        key="learners_pct",
        label=_("Người dân có hoạt động học tập được ghi nhận trong năm"),
        unit=PERCENT,
        numerator=_(
            "Số người từ 15 tuổi có ít nhất một hoạt động trong hồ sơ học tập trong năm "
            "(buổi học có mặt, khóa học hoàn thành, hoạt động tự khai báo đã được xác nhận)"
        ),
        denominator=_("Số người từ 15 tuổi có hồ sơ trên cổng"),
        compute=_learners,
        category="participation",
    ),
    Indicator(
        key="learning_hours",
        label=_("Tổng số giờ học"),
        unit=HOURS,
        numerator=_(
            "Tổng số giờ học trong năm theo định nghĩa duy nhất của hồ sơ học tập (mỗi giờ "
            "chỉ tính một lần)"
        ),
        denominator=None,
        compute=_hours,
        category="participation",
    ),
    Indicator(
        key="completions",
        label=_("Lượt hoàn thành khóa học"),
        unit=RECORDS,
        numerator=_("Số lượt hoàn thành khóa học tại trung tâm học tập cộng đồng trong năm"),
        denominator=None,
        compute=_completions,
        category="participation",
    ),
)

REGISTRY: dict[str, Indicator] = {indicator.key: indicator for indicator in INDICATORS}


# --- equity breakdown ---------------------------------------------------------------------


def equity_groups(year: int) -> list[tuple[str, object, QuerySet[Citizen]]]:
    """The groups the plans single out, as (key, label, adults of the group)."""
    adults = _adults(year)
    return [
        ("nu", _("Phụ nữ"), adults.filter(gender=Citizen.Gender.FEMALE)),
        ("nam", _("Nam giới"), adults.filter(gender=Citizen.Gender.MALE)),
        ("15-24", _("15–24 tuổi"), adults.filter(birth_year__gte=year - 24)),
        (
            "25-39",
            _("25–39 tuổi"),
            adults.filter(birth_year__lte=year - 25, birth_year__gte=year - 39),
        ),
        (
            "40-59",
            _("40–59 tuổi"),
            adults.filter(birth_year__lte=year - 40, birth_year__gte=year - 59),
        ),
        (
            "cao-tuoi",
            _("Người cao tuổi (từ 60)"),
            adults.filter(birth_year__lte=year - ELDERLY_AGE),
        ),
        ("lao-dong", _("Công nhân, người lao động"), adults.filter(occupation="lao-dong")),
        ("can-bo", _("Cán bộ, công chức, viên chức"), adults.filter(occupation="can-bo")),
        ("hoc-sinh", _("Học sinh, sinh viên, học viên"), adults.filter(occupation="hoc-sinh")),
        ("nong-dan", _("Nông dân"), adults.filter(occupation="nong-dan")),
    ]


def equity_counts(*, year: int, ward_id: int | None = None) -> dict[str, Counts]:
    """Participation (learners / adults) of each equity group per ward:
    {group key: {ward id: (learners, adults)}}, one aggregation per group."""
    active = Exists(record_api.records_in_year(year).filter(citizen=OuterRef("pk")))
    out = {}
    for key, _label, people in equity_groups(year):
        if ward_id is not None:
            people = people.filter(ward_id=ward_id)
        out[key] = _grouped(
            people.annotate(active=active),
            "ward_id",
            den=Count("pk"),
            num=Count("pk", filter=Q(active=True)),
        )
    return out
