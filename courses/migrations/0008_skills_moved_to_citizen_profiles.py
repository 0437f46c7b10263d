"""The digital-skill areas and Citizen Learner indicators moved to `citizen_profiles.skills`
(its migration 0002 copied the rows with their primary keys). Repoint the course M2M fields
there: the through tables keep their rows (PostgreSQL alters the foreign key in place;
SQLite rebuilds the table copying every row), then drop the old tables.

Reverse: the old tables are re-created and refilled from the moved rows (same keys) before
the M2M fields point back at them."""

import modelcluster.fields
from django.core.management.color import no_style
from django.db import migrations, models


def copy_back(apps, schema_editor):
    OldArea = apps.get_model("courses", "DigitalSkillArea")
    OldIndicator = apps.get_model("courses", "LearnerIndicator")
    Skill = apps.get_model("citizen_skills", "Skill")
    Indicator = apps.get_model("citizen_skills", "LearnerIndicator")
    linked = set(
        apps.get_model("courses", "CoursePage")
        .digital_skill_areas.through.objects.values_list("skill_id", flat=True)
    )
    OldArea.objects.bulk_create(
        [
            OldArea(pk=s.pk, code=s.code, sort_order=s.sort_order)
            for s in Skill.objects.filter(
                models.Q(framework__is_current=True) | models.Q(pk__in=linked)
            )
        ]
    )
    OldIndicator.objects.bulk_create(
        [
            OldIndicator(
                pk=i.pk,
                code=i.code,
                criterion_code=i.criterion_code,
                criterion_name=i.criterion_name,
                text=i.text,
                provenance=i.provenance,
                sort_order=i.sort_order,
            )
            for i in Indicator.objects.all()
        ]
    )
    # Rows were inserted with explicit ids: move PostgreSQL's sequences past them.
    connection = schema_editor.connection
    for sql in connection.ops.sequence_reset_sql(no_style(), [OldArea, OldIndicator]):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0007_calendar_feed_key"),
        ("citizen_skills", "0002_move_reference_data"),
    ]

    operations = [
        migrations.AlterField(
            model_name="coursepage",
            name="digital_skill_areas",
            field=modelcluster.fields.ParentalManyToManyField(
                blank=True,
                limit_choices_to={"framework__is_current": True},
                related_name="courses",
                to="citizen_skills.skill",
                verbose_name="lĩnh vực kỹ năng số cơ bản",
            ),
        ),
        migrations.AlterField(
            model_name="coursepage",
            name="learner_indicators",
            field=modelcluster.fields.ParentalManyToManyField(
                blank=True,
                related_name="courses",
                to="citizen_skills.learnerindicator",
                verbose_name="chỉ số Công dân học tập hỗ trợ",
            ),
        ),
        # Forwards: nothing to do; backwards: refill the re-created old tables before the
        # fields above point back at them.
        migrations.RunPython(migrations.RunPython.noop, copy_back),
        migrations.DeleteModel(name="DigitalSkillArea"),
        migrations.DeleteModel(name="LearnerIndicator"),
    ]
