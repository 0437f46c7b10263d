"""Seed the curated topics (taggit tags), the digital-skill areas and the Citizen Learner
indicators (from citizen_profiles/data/criteria.yaml, with provenance)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from courses.topics import sync_reference_data

    sync_reference_data(
        tag_model=apps.get_model("taggit", "Tag"),
        area_model=apps.get_model("courses", "DigitalSkillArea"),
        indicator_model=apps.get_model("courses", "LearnerIndicator"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0002_catalogue_fields"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
