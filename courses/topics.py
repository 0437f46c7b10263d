"""The curated topic list (seeded as django-taggit tags) and the reference rows courses are
tagged with (digital-skill areas, Citizen Learner indicators).

Curated topics get ASCII slugs made with the project's one folding function, so filter URLs
read `?chu_de=ky-nang-so` whatever the keyboard; editors may still add free tags.
"""

from pathlib import Path

import yaml
from django.utils.text import slugify

from search.text import fold, nfc

CRITERIA_FILE = (
    Path(__file__).resolve().parent.parent / "citizen_profiles" / "data" / "criteria.yaml"
)

CURATED_TOPICS: list[str] = [
    "Kỹ năng số",
    "Tin học",
    "Ngoại ngữ",
    "Pháp luật",
    "Sức khỏe",
    "Nông nghiệp",
    "Dạy nghề",
    "Văn hóa – văn nghệ",
    "Kỹ năng sống",
    "Xóa mù chữ",
    "Giáo dục công dân",
    "Môi trường",
    "Tài chính cá nhân",
    "Nuôi dạy con",
    "Thể dục thể thao",
]


def topic_slug(name: str) -> str:
    """ASCII slug of a topic name: "Văn hóa – văn nghệ" → "van-hoa-van-nghe"."""
    return slugify(fold(name))


def indicator_rows(path: Path = CRITERIA_FILE) -> list[dict]:
    """The Citizen Learner indicators (CS1..CS10) with their criterion and provenance."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows = []
    for title in data.get("titles", []):
        if title.get("key") != "cong_dan_hoc_tap":
            continue
        for criterion in title.get("criteria", []):
            for indicator in criterion.get("indicators", []):
                rows.append(
                    {
                        "code": indicator["code"],
                        "criterion_code": criterion["code"],
                        "criterion_name": nfc(criterion.get("name_vi", "")),
                        "text": nfc(indicator.get("text_vi", "")),
                        "provenance": str(indicator.get("provenance", ""))[:120],
                    }
                )
    return rows


def sync_reference_data(*, tag_model, area_model, indicator_model) -> None:
    """Create or update the curated tags, digital-skill areas and indicators (idempotent).

    Takes the model classes so the data migration can pass its historical models.
    """
    from courses.models.taxonomy import DigitalSkillArea

    for name in CURATED_TOPICS:
        slug = topic_slug(name)
        tag = tag_model.objects.filter(slug=slug).first()
        if tag is None:
            tag = tag_model.objects.filter(name__iexact=name).first()
        if tag is None:
            tag_model.objects.create(name=name, slug=slug)
    for order, code in enumerate(DigitalSkillArea.Area.values):
        area_model.objects.update_or_create(code=code, defaults={"sort_order": order})
    for order, row in enumerate(indicator_rows()):
        indicator_model.objects.update_or_create(
            code=row.pop("code"), defaults={**row, "sort_order": order}
        )
