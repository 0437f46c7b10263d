"""Criteria sets as data: seeded sets with provenance, validation, versioning, YAML."""

import io

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from citizen_profiles.titles.criteria import (
    SEED_FILE,
    export_yaml,
    import_yaml,
    parse_yaml,
    set_to_dict,
)
from citizen_profiles.titles.models import CriteriaSet, Indicator
from citizen_profiles.titles.services import evaluation_start
from tests.factories.people import CitizenFactory

pytestmark = pytest.mark.django_db

MINIMAL = """
key: thu-nghiem
kind: citizen
name: Bộ thử
effective_from: 2024-01-01
scoring: points
pass_rule: {min_total: 15, min_per_indicator: 5}
criteria:
  - code: TC1
    name: Tiêu chí một
    max_points: 20
    indicators:
      - {code: A, text: Chỉ số A, max_points: 10, source: computed,
         metric: learning_hours, params: {target: 20}}
      - {code: B, text: Chỉ số B, max_points: 10}
"""


def test_seeded_sets_carry_their_rules_and_provenance(seeded):
    cdht = CriteriaSet.objects.filter(kind="citizen")
    assert sorted(cdht.values_list("target_group", flat=True)) == [
        "can-bo",
        "cu-dan",
        "hoc-sinh",
        "lao-dong",
    ]
    one = cdht.get(target_group="cu-dan")
    assert one.criteria.count() == 3
    indicators = Indicator.objects.filter(criterion__criteria_set=one)
    assert indicators.count() == 10
    assert {i.max_points for i in indicators} == {10}
    assert (one.min_total, one.min_per_indicator) == (80, 5)
    assert one.provenance == "read" and "324" in one.issuing_document
    unit = CriteriaSet.objects.get(kind="unit")
    assert [c.max_points for c in unit.criteria.order_by("order")] == [30, 30, 40]
    assert [b["min"] for b in unit.bands] == [85, 70, 50]
    commune = CriteriaSet.objects.get(kind="commune")
    assert commune.scoring == "pass_fail" and len(commune.bands) == 2
    for kind in ("household", "clan", "community"):
        draft = CriteriaSet.objects.get(kind=kind)
        assert draft.status == "draft" and "DỰ THẢO" in draft.name


def test_seeding_twice_changes_nothing(seeded):
    results = import_yaml(SEED_FILE.read_text(encoding="utf-8"))
    assert {outcome for _, outcome in results} == {"unchanged"}
    assert CriteriaSet.objects.count() == 9


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["pass_rule"].update(min_total=25), "vượt quá tổng điểm tối đa"),
        (lambda d: d["pass_rule"].update(min_per_indicator=11), "vượt quá điểm tối đa"),
        (lambda d: d.update(criteria=[]), "chưa có chỉ số nào"),
        (
            lambda d: d["criteria"][0]["indicators"][0].update(metric="khong_co"),
            "không có phép đo tên “khong_co”",
        ),
        (lambda d: d["criteria"][0].update(max_points=30), "khác tổng điểm"),
    ],
)
def test_bad_sets_are_refused_with_a_clear_message_and_nothing_written(change, message):
    data = yaml.safe_load(MINIMAL)
    change(data)
    with pytest.raises(ValidationError) as exc:
        import_yaml(yaml.safe_dump(data, allow_unicode=True))
    assert any(message in m for m in exc.value.messages)
    assert not CriteriaSet.objects.exists()


def test_one_bad_set_in_a_file_writes_none_of_them():
    good = yaml.safe_load(MINIMAL)
    bad = yaml.safe_load(MINIMAL) | {"key": "hong"}
    bad["criteria"] = []
    with pytest.raises(ValidationError):
        import_yaml(yaml.safe_dump({"sets": [good, bad]}, allow_unicode=True))
    assert not CriteriaSet.objects.exists()


def test_editing_an_unused_set_changes_it_in_place():
    ((cs, outcome),) = import_yaml(MINIMAL)
    assert outcome == "created"
    ((again, outcome),) = import_yaml(MINIMAL.replace("Bộ thử", "Bộ thử sửa"))
    assert outcome == "updated" and again.pk == cs.pk and again.version == 1
    assert again.name == "Bộ thử sửa"


def test_editing_a_set_in_use_makes_a_new_version_and_evaluations_keep_theirs(ward):
    ((cs, _),) = import_yaml(MINIMAL)
    evaluation = evaluation_start(kind="citizen", subject=CitizenFactory(ward=ward), year=2025)
    ((new, outcome),) = import_yaml(MINIMAL.replace("min_total: 15", "min_total: 18"))
    assert outcome == "new_version"
    assert (new.version, new.active) == (2, True)
    cs.refresh_from_db()
    evaluation.refresh_from_db()
    assert cs.active is False and cs.min_total == 15
    assert evaluation.criteria_set_id == cs.pk
    assert Indicator.objects.filter(criterion__criteria_set=cs).count() == 2


def test_yaml_export_round_trips(seeded):
    text = export_yaml(CriteriaSet.objects.all())
    again = parse_yaml(text)
    assert len(again) == 9
    unit = CriteriaSet.objects.get(kind="unit")
    assert yaml.safe_load(export_yaml([unit]))["sets"][0] == set_to_dict(unit)


def test_import_and_export_commands(tmp_path):
    path = tmp_path / "bo.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    out = io.StringIO()
    call_command("import_criteria", str(path), stdout=out)
    assert "thu-nghiem v1: created" in out.getvalue()
    out = io.StringIO()
    call_command("export_criteria", "--key", "thu-nghiem", stdout=out)
    assert "Chỉ số A" in out.getvalue()
    path.write_text(MINIMAL.replace("learning_hours", "khong_co"), encoding="utf-8")
    with pytest.raises(CommandError, match="khong_co"):
        call_command("import_criteria", str(path), stdout=io.StringIO())
