"""Recognised titles for the synthetic city (`seed_demo --scale ...`), so the statistics have
something to measure at scale: for last year and this year, a share of the adults, households,
clans, residential groups and units of the population are recognised (a realistic spread
around the plans' targets, varying by ward). Bulk-inserted, idempotent per year."""

from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone

from citizen_profiles.groups.models import Clan, Household, Unit
from citizen_profiles.models import Citizen
from learning_centers.models import ResidentialGroup

from .criteria import seed_sets
from .models import SUBJECT_FIELD, CriteriaSet, Evaluation, TitleKind

SHARES = {
    TitleKind.CITIZEN: 0.35,
    TitleKind.HOUSEHOLD: 0.62,
    TitleKind.CLAN: 0.55,
    TitleKind.COMMUNITY: 0.5,
    TitleKind.UNIT: 0.7,
}


def _subjects(kind):
    if kind == TitleKind.CITIZEN:
        return Citizen.objects.filter(ward__isnull=False, birth_year__isnull=False).values_list(
            "pk", "ward_id"
        )
    model = {
        TitleKind.HOUSEHOLD: Household,
        TitleKind.CLAN: Clan,
        TitleKind.COMMUNITY: ResidentialGroup,
        TitleKind.UNIT: Unit,
    }[kind]
    return model.objects.values_list("pk", "ward_id")


def seed_scale(*, name: str = "hanoi", write=None) -> str:
    write = write or (lambda _m: None)
    seed_sets()
    rng = random.Random(7)
    year = timezone.localdate().year
    now = timezone.now()
    written = 0
    for kind, share in SHARES.items():
        criteria = CriteriaSet.objects.filter(kind=kind).order_by("-version").first()
        if criteria is None:
            continue
        field = SUBJECT_FIELD[kind]
        for y in (year - 1, year):
            if Evaluation.objects.filter(kind=kind, year=y).exists():
                continue
            # Each ward has its own level, so the ranking has a spread to show.
            ward_share: dict[int, float] = {}
            rows = []
            for pk, ward_id in _subjects(kind).iterator(chunk_size=20000):
                level = ward_share.setdefault(ward_id, min(0.95, share * rng.uniform(0.6, 1.3)))
                if rng.random() < level - (0.05 if y < year else 0):
                    rows.append(
                        Evaluation(
                            criteria_set=criteria,
                            kind=kind,
                            year=y,
                            ward_id=ward_id,
                            status=Evaluation.Status.RECOGNISED,
                            passed=True,
                            total=85,
                            recognised_at=now,
                            decision_number=f"{y}/QĐ-HKH",
                            **{f"{field}_id": pk},
                        )
                    )
                if len(rows) >= 20000:
                    with transaction.atomic():
                        Evaluation.objects.bulk_create(rows, batch_size=5000)
                    written += len(rows)
                    rows = []
            with transaction.atomic():
                Evaluation.objects.bulk_create(rows, batch_size=5000)
            written += len(rows)
            write(f"  {kind} {y}: recognised titles written")
    return f"{written:,} recognised titles"
