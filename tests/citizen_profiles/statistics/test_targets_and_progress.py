from decimal import Decimal

import pytest

from citizen_profiles.statistics.models import Target
from citizen_profiles.statistics.targets import Status, TargetPoint, progress, target_table

pytestmark = pytest.mark.django_db


def _milestones(v2025, v2030):
    return [
        TargetPoint(2025, Decimal(v2025), "291/KH-UBND", "read", "", ""),
        TargetPoint(2030, Decimal(v2030), "291/KH-UBND", "read", "", ""),
    ]


def test_targets_are_seeded_from_the_plans_with_provenance():
    table = target_table()
    families = {point.year: point for point in table["gdht_pct"]}
    assert families[2025].value == 70 and families[2030].value == 80
    # The city's own plan wins over the national programme for the same figure.
    assert families[2030].source_plan == "291/KH-UBND"
    assert families[2030].provenance == "read"
    skills = {p.year: p.value for p in table["cdht_with_digital_skills_pct"]}
    assert skills == {2025: 70, 2030: 90}
    assert {p.year: p.value for p in table["adults_in_gd_dh_cd_cdht_pct"]} == {2025: 40, 2030: 60}
    assert {p.year: p.value for p in table["staff_dvht_cdht_pct"]} == {2025: 60, 2030: 80}
    assert {p.year: p.value for p in table["khuyenhoc_staff_it_pct"]} == {2025: 40, 2030: 70}


def test_an_inactive_target_row_is_ignored():
    Target.objects.filter(indicator="gdht_pct", year=2025).update(is_active=False)
    assert [p.year for p in target_table()["gdht_pct"]] == [2020, 2030]


def test_reached_on_track_and_behind_follow_the_straight_line():
    milestones = _milestones(70, 80)
    # 2023 is half-way from 2021 (0 %) to 2025 (70 %): expected 35 %.
    assert progress(value=Decimal(36), year=2023, milestones=milestones).status == Status.ON_TRACK
    assert progress(value=Decimal(34), year=2023, milestones=milestones).status == Status.BEHIND
    assert progress(value=Decimal(70), year=2023, milestones=milestones).status == Status.REACHED
    # After 2025 the line runs from the 2025 target to the 2030 one: 2027 expects 74 %.
    p = progress(value=Decimal(74), year=2027, milestones=milestones)
    assert (p.status, p.expected, p.target.year, p.gap) == (Status.ON_TRACK, 74, 2030, 6)
    assert progress(value=Decimal("73.9"), year=2027, milestones=milestones).status == "behind"


def test_no_value_or_no_target_says_so():
    assert progress(value=None, year=2025, milestones=_milestones(70, 80)).status == "no_data"
    assert progress(value=Decimal(10), year=2025, milestones=[]).status == "no_target"
