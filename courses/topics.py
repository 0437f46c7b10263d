"""The curated topic list (seeded as django-taggit tags). `sync_reference_data` also filled the
former `courses.DigitalSkillArea` and `courses.LearnerIndicator` tables for migration 0003;
those moved to `citizen_profiles.skills` (its migration 0002 copies them, keeping their keys).

Curated topics get ASCII slugs made with the project's one folding function, so filter URLs
read `?chu_de=ky-nang-so` whatever the keyboard; editors may still add free tags.
"""

from django.utils.text import slugify

from search.text import fold

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


def sync_reference_data(*, tag_model, area_model, indicator_model) -> None:
    """Create or update the curated tags, digital-skill areas and indicators (idempotent).

    Takes the model classes so the data migration can pass its historical models (only
    courses migration 0003 calls it; the areas and indicators now live in citizen_skills).
    """
    from citizen_profiles.skills.reference import AREA_CODES, indicator_rows

    for name in CURATED_TOPICS:
        slug = topic_slug(name)
        tag = tag_model.objects.filter(slug=slug).first()
        if tag is None:
            tag = tag_model.objects.filter(name__iexact=name).first()
        if tag is None:
            tag_model.objects.create(name=name, slug=slug)
    for order, code in enumerate(AREA_CODES):
        area_model.objects.update_or_create(code=code, defaults={"sort_order": order})
    for order, row in enumerate(indicator_rows()):
        indicator_model.objects.update_or_create(
            code=row.pop("code"), defaults={**row, "sort_order": order}
        )
