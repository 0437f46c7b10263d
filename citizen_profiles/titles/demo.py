"""Demo titles (called by `seed_demo` after courses): the seeded criteria sets, and for 2025
evaluated and recognised titles of every kind in the demo resident's ward, the demo
resident's recognised Citizen Learner title with its certificate, and one self-assessment
waiting for the ward staff to verify. Idempotent: looked up by stable names and sources,
and every workflow step is taken only when the evaluation is not past it yet."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from citizen_profiles.demo import ASSISTED_NAME, DEMO_PHONE
from citizen_profiles.groups.models import (
    Clan,
    ClanMembership,
    Household,
    HouseholdMembership,
    Unit,
    UnitMembership,
)
from citizen_profiles.models import Citizen
from citizen_profiles.services import participation_record
from learning_centers.models import ResidentialGroup

from .bulk import evaluate_titles
from .criteria import seed_sets
from .models import Evaluation
from .selectors import ordered_indicators
from .services import (
    evaluation_recognise,
    evaluation_start,
    evaluation_submit,
    evaluation_verify,
)

YEAR = 2025
START = datetime.date(2020, 1, 1)
DECISION_DATE = datetime.date(2026, 1, 10)
WARD_STAFF_PERMS = ("view_evaluation", "submit_evaluation", "verify_evaluation", "run_evaluation")
ASSOCIATION_PERMS = (*WARD_STAFF_PERMS, "recognise_evaluation", "revoke_evaluation")


def _perms(codenames):
    return Permission.objects.filter(
        content_type__app_label="citizen_titles", codename__in=codenames
    )


def _roles() -> None:
    """Ward staff (the demo centre managers) verify; the association groups recognise. The
    groups are looked up by name so the roles branch's own creation of them merges."""
    access = Permission.objects.get(codename="access_admin")
    for name, codenames in (
        ("Hội Khuyến học phường/xã", ASSOCIATION_PERMS),
        ("Hội Khuyến học thành phố", ASSOCIATION_PERMS),
    ):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access, *_perms(codenames))
    for user in get_user_model().objects.filter(email__startswith="quanly."):
        for group in user.groups.all():
            group.permissions.add(*_perms(WARD_STAFF_PERMS))


def _records(citizen, key: str, hours: str) -> None:
    """2025 learning for a demo person, through the participation service (idempotent)."""
    participation_record(
        citizen=citizen,
        kind="attendance",
        title="Câu lạc bộ đọc sách phường",
        hours=hours,
        date=datetime.date(YEAR, 4, 12),
        source_type="citizen_titles.demo",
        source_id=f"{key}-attendance",
    )
    participation_record(
        citizen=citizen,
        kind="completion",
        title="Kỹ năng số cơ bản",
        hours=0,
        date=datetime.date(YEAR, 6, 20),
        source_type="citizen_titles.demo",
        source_id=f"{key}-completion",
        topics=["Kỹ năng số"],
    )


def _full_entries(evaluation) -> dict:
    entries = {}
    for ind in ordered_indicators(evaluation.criteria_set):
        if not ind.is_computed:
            entries[ind.code] = (
                {"points": ind.max_points} if ind.max_points is not None else {"met": True}
            )
    return entries


def _recognise(evaluation, *, by, submitter=None, number: str) -> bool:
    """Walk one evaluation to recognised; False when it already was past the draft."""
    if evaluation.status in (Evaluation.Status.DRAFT, Evaluation.Status.RETURNED):
        evaluation = evaluation_submit(
            evaluation=evaluation,
            entries=_full_entries(evaluation),
            by=submitter or by,
            on_paper=submitter is None,
        )
    if evaluation.status == Evaluation.Status.SUBMITTED:
        evaluation = evaluation_verify(evaluation=evaluation, by=by)
    if evaluation.status == Evaluation.Status.VERIFIED:
        evaluation_recognise(
            evaluation=evaluation,
            by=by,
            decision_number=number,
            decision_date=DECISION_DATE,
            override_reason="" if evaluation.passed else "Dữ liệu mẫu để trình diễn",
        )
        return True
    return False


def _assessed_digital_skills(citizen, *, by) -> None:
    """The 2025 "Kỹ năng số cơ bản" course was assessed by centre staff: every skill of the
    framework in force, dated in 2025, so the Citizen Learner rule's digital-skill indicator
    is met for that year (idempotent: one assessment per assessor and skill)."""
    from citizen_profiles.skills.models import Skill
    from citizen_profiles.skills.selectors import current_framework
    from citizen_profiles.skills.services import assessment_record

    framework = current_framework()
    if framework is None:
        return
    for skill in Skill.objects.filter(framework=framework):
        assessment_record(citizen=citizen, skill=skill, date=datetime.date(YEAR, 6, 1), by=by)


def seed(*, small: bool = False) -> str:
    seed_sets()
    _roles()
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    lan = Citizen.objects.filter(user__phone=DEMO_PHONE).select_related("ward").first()
    if admin is None or lan is None or lan.ward_id is None:
        return "bỏ qua (chưa có quản trị viên hoặc người dân mẫu)"
    ward = lan.ward
    group = ResidentialGroup.objects.filter(ward=ward).order_by("pk").first()
    if group is None:
        group = ResidentialGroup.objects.create(ward=ward, name="Tổ dân phố số 1")
    if lan.residential_group_id is None:
        Citizen.objects.filter(pk=lan.pk).update(residential_group=group)
    if not lan.occupation:
        Citizen.objects.filter(pk=lan.pk).update(occupation="kinh-doanh")
    lan.refresh_from_db()
    _records(lan, "lan", "24")
    _assessed_digital_skills(lan, by=admin)

    membership = HouseholdMembership.objects.current().filter(citizen=lan).first()
    if membership is None:
        household = Household.objects.create(
            ward=ward, residential_group=group, name="Hộ bà Nguyễn Thị Lan", created_by=admin
        )
        HouseholdMembership.objects.create(
            household=household, citizen=lan, relation="head", start_date=START
        )
    else:
        household = membership.household
    # The groups' demo already gives the family a clan and the resident a unit: use those.
    in_clan = ClanMembership.objects.current().filter(household=household).first()
    if in_clan is not None:
        clan = in_clan.clan
    else:
        clan, _ = Clan.objects.get_or_create(name="Họ Nguyễn làng Ngọc Hà", ward=ward)
        ClanMembership.objects.create(clan=clan, household=household, start_date=START)
    in_unit = UnitMembership.objects.current().filter(citizen=lan).first()
    if in_unit is not None:
        unit = in_unit.unit
    else:
        unit, _ = Unit.objects.get_or_create(
            name=f"UBND {ward.name_with_type}", ward=ward, defaults={"kind": "ward-committee"}
        )
        UnitMembership.objects.create(unit=unit, citizen=lan, start_date=START)

    recognised = 0
    lan_ev = evaluation_start(kind="citizen", subject=lan, year=YEAR)
    recognised += _recognise(lan_ev, by=admin, submitter=lan.user, number="01/QĐ-HKH")
    for kind, subject, number in (
        ("household", household, "02/QĐ-HKH"),
        ("clan", clan, "03/QĐ-HKH"),
        ("unit", unit, "04/QĐ-UBND"),
        ("community", group, "05/QĐ-HKH"),
        ("commune", ward, "06/QĐ-UBND"),
    ):
        ev = evaluation_start(kind=kind, subject=subject, year=YEAR)
        recognised += _recognise(ev, by=admin, number=number)

    # One self-assessment waiting for the ward staff (entered from a paper form).
    assisted = Citizen.objects.filter(full_name=ASSISTED_NAME, ward=ward).first()
    if assisted is not None:
        _records(assisted, "cuong", "8")
        pending = evaluation_start(kind="citizen", subject=assisted, year=YEAR)
        if pending.status == Evaluation.Status.DRAFT:
            entries = _full_entries(pending)
            evaluation_submit(evaluation=pending, entries=entries, by=admin, on_paper=True)

    counts = evaluate_titles(year=YEAR, ward_ids=[ward.pk])
    code = Evaluation.objects.get(pk=lan_ev.pk).verification_code_display()
    return (
        f"{recognised} danh hiệu mới được công nhận; {counts.evaluated} lượt đánh giá {YEAR} "
        f"ở {ward.name_with_type}; mã xác minh của người dân mẫu: {code} (/xac-minh/{code}/)"
    )
