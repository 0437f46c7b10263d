"""The yearly bulk evaluation (`evaluate_titles` and the admin's background task).

For each title kind in scope, in dependency order (people, then households, then the
groups that count them), subjects are read in chunks of ids; for each chunk every metric
runs once as an SQL aggregation, the open evaluations (draft, returned, submitted) get their
computed indicators and proposed result refreshed, and missing ones are created as drafts.
Memory stays bounded by the chunk size; nothing is written when nothing changed, so a second
run changes nothing. Verified, recognised, rejected and revoked evaluations are left alone."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from citizen_profiles.groups.models import Clan, Household, Unit
from citizen_profiles.models import Citizen
from learning_centers.models import ResidentialGroup, Ward

from .models import SUBJECT_FIELD, CriteriaSet, Evaluation, TargetGroup, TitleKind
from .scoring import apply_rule
from .selectors import criteria_set_for, ordered_indicators
from .services import RECOMPUTABLE, check_year, compute_scores_many

CHUNK = 2000
ORDER = [
    TitleKind.CITIZEN,
    TitleKind.HOUSEHOLD,
    TitleKind.CLAN,
    TitleKind.UNIT,
    TitleKind.COMMUNITY,
    TitleKind.COMMUNE,
]
OCCUPATIONS_BY_GROUP = {
    TargetGroup.RESIDENT: ["nong-dan", "nghi-huu", "khac", ""],
    TargetGroup.WORKER: ["lao-dong"],
    TargetGroup.OFFICIAL: ["can-bo", "kinh-doanh"],
    TargetGroup.PUPIL: ["hoc-sinh"],
}


@dataclass
class Counts:
    total: int = 0
    processed: int = 0
    evaluated: int = 0
    would_pass: int = 0
    changed: int = 0


def _subjects(kind: str, ward_ids):
    """(queryset of subjects, ward field) for a kind, restricted to wards when given."""
    model, ward_field = {
        TitleKind.CITIZEN: (Citizen, "ward_id"),
        TitleKind.HOUSEHOLD: (Household, "ward_id"),
        TitleKind.CLAN: (Clan, "ward_id"),
        TitleKind.UNIT: (Unit, "ward_id"),
        TitleKind.COMMUNITY: (ResidentialGroup, "ward_id"),
        TitleKind.COMMUNE: (Ward, "id"),
    }[kind]
    qs = model.objects.all()
    if kind == TitleKind.CITIZEN:
        qs = qs.filter(ward__isnull=False)
    if ward_ids is not None:
        qs = qs.filter(**{f"{ward_field}__in": ward_ids})
    return qs.order_by("pk"), ward_field


def _groups(kind: str, year: int):
    """[(criteria set, subject filter)] for a kind: one per Citizen Learner target group."""
    if kind == TitleKind.CITIZEN:
        out = []
        for group, occupations in OCCUPATIONS_BY_GROUP.items():
            cs = criteria_set_for(kind=kind, year=year, target_group=group)
            if cs is not None:
                out.append((cs, {"occupation__in": occupations}))
        return out
    cs = criteria_set_for(kind=kind, year=year)
    return [(cs, {})] if cs is not None else []


def evaluate_titles(
    *,
    year: int,
    ward_ids: list[int] | None = None,
    kinds: list[str] | None = None,
    dry_run: bool = False,
    progress: Callable[[Counts], None] | None = None,
) -> Counts:
    """Recompute every open evaluation in scope and propose results (see the module doc).
    `dry_run` computes and counts without writing. Returns the counts."""
    check_year(year)
    kinds = [k for k in ORDER if not kinds or k in kinds]
    counts = Counts()
    plans = []
    for kind in kinds:
        for criteria_set, filters in _groups(kind, year):
            qs, ward_field = _subjects(kind, ward_ids)
            qs = qs.filter(**filters)
            plans.append((kind, criteria_set, qs, ward_field))
            counts.total += qs.count()
    for kind, criteria_set, qs, ward_field in plans:
        indicators = ordered_indicators(criteria_set)
        last = 0
        while True:
            rows = list(qs.filter(pk__gt=last).values_list("pk", ward_field)[:CHUNK])
            if not rows:
                break
            last = rows[-1][0]
            _evaluate_chunk(kind, criteria_set, indicators, rows, year, dry_run, counts)
            counts.processed += len(rows)
            if progress:
                progress(counts)
    return counts


def _evaluate_chunk(kind, criteria_set: CriteriaSet, indicators, rows, year, dry_run, counts):
    field = SUBJECT_FIELD[kind]
    ids = [pk for pk, _ in rows]
    ward_of = dict(rows)
    existing = {
        getattr(ev, f"{field}_id"): ev
        for ev in Evaluation.objects.filter(kind=kind, year=year, **{f"{field}_id__in": ids})
    }
    open_ids = [pk for pk in ids if pk not in existing or existing[pk].status in RECOMPUTABLE]
    scores = compute_scores_many(
        criteria_set,
        indicators,
        open_ids,
        year=year,
        existing={pk: ev.scores for pk, ev in existing.items()},
    )
    now = timezone.now()
    to_create, to_update = [], []
    for pk in ids:
        ev = existing.get(pk)
        if pk not in scores:  # closed (verified, recognised…): counted as it stands
            counts.evaluated += 1
            counts.would_pass += int(ev.passed)
            continue
        if ev is not None and ev.criteria_set_id != criteria_set.pk:
            # An evaluation keeps its own version: recompute against that set's indicators.
            own = ordered_indicators(ev.criteria_set)
            scores[pk] = compute_scores_many(
                ev.criteria_set, own, [pk], year=year, existing={pk: ev.scores}
            )[pk]
            outcome = apply_rule(ev.criteria_set, own, scores[pk], explain=False)
        else:
            outcome = apply_rule(criteria_set, indicators, scores[pk], explain=False)
        level = outcome.level[:40]
        counts.evaluated += 1
        counts.would_pass += int(outcome.passed)
        if ev is None:
            counts.changed += 1
            to_create.append(
                Evaluation(
                    criteria_set=criteria_set,
                    kind=kind,
                    year=year,
                    ward_id=ward_of[pk],
                    scores=scores[pk],
                    total=outcome.total,
                    passed=outcome.passed,
                    level=level,
                    computed_at=now,
                    **{f"{field}_id": pk},
                )
            )
        elif (ev.scores, ev.total, ev.passed, ev.level) != (
            scores[pk],
            outcome.total,
            outcome.passed,
            level,
        ):
            counts.changed += 1
            ev.scores, ev.total, ev.passed, ev.level = (
                scores[pk],
                outcome.total,
                outcome.passed,
                level,
            )
            ev.computed_at = now
            to_update.append(ev)
    if dry_run:
        return
    with transaction.atomic():
        Evaluation.objects.bulk_create(to_create, batch_size=900, ignore_conflicts=True)
        Evaluation.objects.bulk_update(
            to_update, ["scores", "total", "passed", "level", "computed_at"], batch_size=500
        )
