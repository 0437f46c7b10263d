"""Seed the plans' targets from citizen_profiles/data/criteria.yaml (frozen here: later
edits belong to the association, in the admin). Several documents name the same indicator
with different keys; they are mapped to one statistics key each."""

import re
from decimal import Decimal
from pathlib import Path

import yaml
from django.db import migrations

CRITERIA = Path(__file__).resolve().parents[2] / "data" / "criteria.yaml"

ALIASES = {
    "workers_in_gd_dh_cd_cdht_pct": "adults_in_gd_dh_cd_cdht_pct",
    "workers_cdht_pct": "adults_in_gd_dh_cd_cdht_pct",
    "staff_in_dvht_commune_cdht_pct": "staff_dvht_cdht_pct",
    "staff_in_dvht_cdht_pct": "staff_dvht_cdht_pct",
    "staff_in_dvht_all_levels_cdht_pct": "staff_dvht_cdht_pct",
    "commune_khuyenhoc_staff_in_clc_it_trained_pct": "khuyenhoc_staff_it_pct",
    "commune_khuyenhoc_staff_clc_it_pct": "khuyenhoc_staff_it_pct",
}

LABELS = {
    "gdht_pct": "Gia đình đạt danh hiệu “Gia đình học tập”",
    "dhht_pct": "Dòng họ đạt danh hiệu “Dòng họ học tập”",
    "cdht_thon_pct": "Cộng đồng (thôn, tổ dân phố) đạt danh hiệu “Cộng đồng học tập”",
    "dvht_commune_pct": "Đơn vị trên địa bàn phường, xã đạt danh hiệu “Đơn vị học tập”",
    "adults_in_gd_dh_cd_cdht_pct": (
        "Người lớn trong độ tuổi lao động của gia đình, dòng họ, cộng đồng học tập đạt danh "
        "hiệu “Công dân học tập”"
    ),
    "staff_dvht_cdht_pct": (
        "Cán bộ, công chức, viên chức, người lao động của “Đơn vị học tập” đạt danh hiệu "
        "“Công dân học tập”"
    ),
    "cdht_with_digital_skills_pct": "“Công dân học tập” có kỹ năng số cơ bản",
    "cdht_proficient_digital_self_update_pct": (
        "“Công dân học tập” sử dụng thành thạo kỹ năng số để tự cập nhật kiến thức"
    ),
    "khuyenhoc_staff_it_pct": (
        "Cán bộ khuyến học phường, xã tham gia trung tâm học tập cộng đồng được bồi dưỡng "
        "ứng dụng công nghệ thông tin"
    ),
    "hkh_members_trained_pct": (
        "Cán bộ, hội viên Hội Khuyến học được học tập chủ trương xây dựng xã hội học tập"
    ),
    "hkh_commune_chair_in_cls_mgmt_pct": (
        "Chủ tịch hoặc Phó Chủ tịch Hội Khuyến học phường, xã tham gia quản lý trung tâm học "
        "tập cộng đồng"
    ),
    "citizens_cdht_pct": "Người dân đạt danh hiệu “Công dân học tập”",
    "units_dvht_pct": "Cơ quan, đơn vị đạt danh hiệu “Đơn vị học tập”",
    "districts_learning_district_pct": "Quận, huyện, thị xã đạt “Đơn vị học tập” cấp huyện",
    "dvht_pct": "Đơn vị đạt danh hiệu “Đơn vị học tập”",
}

PLANS = {
    # criteria.yaml id: (number shown to readers, priority)
    "HN-KH-291-UBND-2023": ("291/KH-UBND", 30),
    "HN-KH-290-UBND-2023": ("290/KH-UBND", 30),
    "HN-XHHT-plan-2021": ("Kế hoạch XHHT Hà Nội 2021–2030", 20),
    "QD-387-TTg-2022": ("387/QĐ-TTg", 10),
    "QD-677-TTg-2022": ("677/QĐ-TTg", 10),
    "QD-281-TTg-2014": ("281/QĐ-TTg", 5),
}

NOTES = {
    # (plan, year or None for all, raw key or None for all): a note for readers.
    ("QD-387-TTg-2022", "2030", None): "Mốc 2030 theo mức của Kế hoạch 291/KH-UBND.",
    ("HN-KH-290-UBND-2023", "2030", "cdht_proficient_digital_self_update_pct"): (
        "Mốc 2030 cần đối chiếu thêm với văn bản gốc."
    ),
    ("HN-XHHT-plan-2021", None, "districts_learning_district_pct"): (
        "Cấp huyện không còn từ 01/7/2025; giữ để đối chiếu."
    ),
}
META = {"provenance", "note", "conflict", "source_lang", "hard_areas"}


def _provenance(raw, key):
    raw = str(raw or "read")
    if raw in ("read", "inferred", "not_found"):
        return raw
    match = re.match(r"read except (\w+) \(inferred\)", raw)
    if match:
        return "inferred" if set(match.group(1).split("_")) <= set(key.split("_")) else "read"
    return "inferred"


def rows():
    data = yaml.safe_load(CRITERIA.read_text(encoding="utf-8"))["targets"]
    for scope in ("hanoi", "national"):
        for plan_id, years in data[scope].items():
            if plan_id not in PLANS:
                continue
            number, priority = PLANS[plan_id]
            for year, block in years.items():
                for raw_key, value in block.items():
                    if raw_key in META or value is None or isinstance(value, bool | dict):
                        continue
                    key = ALIASES.get(raw_key, raw_key)
                    note = next(
                        (
                            NOTES[k]
                            for k in (
                                (plan_id, year, raw_key),
                                (plan_id, year, None),
                                (plan_id, None, raw_key),
                            )
                            if k in NOTES
                        ),
                        "",
                    )
                    yield {
                        "indicator": key,
                        "label": LABELS.get(key, key),
                        "unit": "%",
                        "year": int(year),
                        "value": Decimal(str(value)),
                        "source_plan": number,
                        "source_key": plan_id,
                        "provenance": _provenance(block.get("provenance"), raw_key),
                        "note": note,
                        "priority": priority,
                    }


def seed(apps, schema_editor):
    Target = apps.get_model("citizen_statistics", "Target")
    for row in rows():
        Target.objects.update_or_create(
            indicator=row["indicator"],
            year=row["year"],
            source_plan=row["source_plan"],
            defaults=row,
        )


class Migration(migrations.Migration):
    dependencies = [("citizen_statistics", "0001_targets")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
