"""Reads for the titles: which criteria set applies, the evaluations queue, a resident's
progress and certificates, and the public verification."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from .models import (
    CriteriaSet,
    Evaluation,
    Indicator,
    TitleKind,
    normalize_verification_code,
    target_group_for,
)


def criteria_set_for(*, kind: str, year: int, target_group: str = "") -> CriteriaSet | None:
    """The active set for a title (and Citizen Learner target group) in force in `year`:
    the newest version; official before draft when both exist."""
    qs = CriteriaSet.objects.filter(kind=kind, active=True).effective_in(year)
    if kind == TitleKind.CITIZEN:
        qs = qs.filter(Q(target_group=target_group) | Q(target_group=""))
    return qs.order_by("-target_group", "status", "-effective_from", "-version").first()


def subject_ward_id(kind: str, subject) -> int | None:
    if kind == TitleKind.COMMUNE:
        return subject.pk
    return subject.ward_id


def ordered_indicators(criteria_set: CriteriaSet) -> list[Indicator]:
    return list(
        Indicator.objects.filter(criterion__criteria_set=criteria_set)
        .select_related("criterion")
        .order_by("criterion__order", "order", "id")
    )


def evaluation_by_code(code: str) -> Evaluation | None:
    """A recognised or revoked evaluation by its verification code (public page)."""
    code = normalize_verification_code(code)
    if not code:
        return None
    return (
        Evaluation.objects.filter(
            verification_code=code,
            status__in=(Evaluation.Status.RECOGNISED, Evaluation.Status.REVOKED),
        )
        .select_related("criteria_set", "citizen", "household", "clan", "unit")
        .select_related("residential_group__ward", "commune", "ward")
        .first()
    )


def holder_name(evaluation: Evaluation) -> str:
    """The holder's full name (certificate, badge): a person's name or the group's name."""
    subject = evaluation.subject
    if evaluation.kind == TitleKind.CITIZEN:
        return subject.full_name
    if evaluation.kind == TitleKind.COMMUNE:
        return subject.name_with_type
    if evaluation.kind == TitleKind.COMMUNITY:
        return str(subject)
    return subject.name


def initials(name: str) -> str:
    """ "Nguyễn Thị Lan" → "N. T. L." (the public page shows no more without consent)."""
    return " ".join(f"{part[0]}." for part in name.split() if part)


def public_holder(evaluation: Evaluation) -> str:
    """What the verification page shows: a person's initials unless they consented to their
    full name; groups (households by initials too: the name is the head's) by name."""
    name = holder_name(evaluation)
    if (
        evaluation.kind in (TitleKind.CITIZEN, TitleKind.HOUSEHOLD)
        and not evaluation.show_full_name
    ):
        return initials(name)
    return name


def citizen_progress(*, citizen, year: int | None = None) -> dict:
    """This year's Citizen Learner progress for "My learning": the evaluation if there is
    one, else a fresh computation (nothing written), indicator by indicator with what is
    missing. A constant number of queries."""
    from .scoring import apply_rule
    from .services import compute_scores_many

    year = year or timezone.localdate().year
    evaluation = (
        Evaluation.objects.filter(kind=TitleKind.CITIZEN, citizen=citizen, year=year)
        .select_related("criteria_set")
        .first()
    )
    if evaluation is not None:
        criteria_set, scores = evaluation.criteria_set, evaluation.scores
        indicators = ordered_indicators(criteria_set)
        if evaluation.status in (Evaluation.Status.DRAFT, Evaluation.Status.RETURNED):
            scores = compute_scores_many(
                criteria_set, indicators, [citizen.pk], year=year, existing={citizen.pk: scores}
            )[citizen.pk]
    else:
        criteria_set = criteria_set_for(
            kind=TitleKind.CITIZEN, year=year, target_group=target_group_for(citizen.occupation)
        )
        if criteria_set is None:
            return {"year": year, "criteria_set": None, "rows": [], "evaluation": None}
        indicators = ordered_indicators(criteria_set)
        scores = compute_scores_many(
            criteria_set, indicators, [citizen.pk], year=year, existing={}
        )[citizen.pk]
    outcome = apply_rule(criteria_set, indicators, scores)
    rows = []
    for ind in indicators:
        entry = scores.get(ind.code) or {}
        rows.append(
            {
                "indicator": ind,
                "points": entry.get("points"),
                "met": entry.get("met"),
                "computed": ind.is_computed,
                "missing": entry.get("missing", ""),
            }
        )
    return {
        "year": year,
        "criteria_set": criteria_set,
        "evaluation": evaluation,
        "rows": rows,
        "total": outcome.total,
        "passed": outcome.passed,
        "failures": outcome.failures,
    }


def certificates_for_citizen(*, citizen):
    """Recognised titles the resident holds: their own and their household's."""
    from citizen_profiles.groups.models import HouseholdMembership

    households = (
        HouseholdMembership.objects.current().filter(citizen=citizen).values("household_id")
    )
    return (
        Evaluation.objects.filter(status=Evaluation.Status.RECOGNISED)
        .filter(Q(citizen=citizen) | Q(household_id__in=households))
        .select_related("criteria_set")
        .order_by("-year", "kind")
    )


def household_status(*, citizen, year: int):
    """The resident's current household and its Learning Family evaluation for `year`."""
    from citizen_profiles.groups.models import HouseholdMembership

    membership = (
        HouseholdMembership.objects.current()
        .filter(citizen=citizen)
        .select_related("household")
        .first()
    )
    if membership is None:
        return None
    evaluation = Evaluation.objects.filter(
        kind=TitleKind.HOUSEHOLD, household_id=membership.household_id, year=year
    ).first()
    return {
        "household": membership.household,
        "evaluation": evaluation,
        "is_head": membership.relation == HouseholdMembership.Relation.HEAD,
    }
