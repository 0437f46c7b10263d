"""Copy the reference rows down from `courses`, keeping their primary keys: the seven
`courses.DigitalSkillArea` rows become the skills of the draft framework (same id, same
code), and `courses.LearnerIndicator` rows move as they are. Page revisions store those ids
in the courses' M2M fields, so keeping them keeps old revisions valid; courses migration
0008 then repoints the M2M fields here and drops the old tables.

An area row whose code the draft does not know (an edit made in the old admin) still moves,
into the draft's last group, so nothing is lost."""

from django.core.management.color import no_style
from django.db import migrations


def forwards(apps, schema_editor):
    from citizen_profiles.skills.reference import seed_draft_framework

    Framework = apps.get_model("citizen_skills", "Framework")
    SkillGroup = apps.get_model("citizen_skills", "SkillGroup")
    Skill = apps.get_model("citizen_skills", "Skill")
    Indicator = apps.get_model("citizen_skills", "LearnerIndicator")
    OldArea = apps.get_model("courses", "DigitalSkillArea")
    OldIndicator = apps.get_model("courses", "LearnerIndicator")

    areas = list(OldArea.objects.order_by("sort_order", "code"))
    framework = seed_draft_framework(
        framework_model=Framework,
        group_model=SkillGroup,
        skill_model=Skill,
        skill_pks={area.code: area.pk for area in areas},
    )
    known = set(Skill.objects.filter(framework=framework).values_list("code", flat=True))
    last_group = SkillGroup.objects.filter(framework=framework).order_by("-sort_order").first()
    for area in areas:
        if area.code not in known:
            Skill.objects.create(
                pk=area.pk,
                framework=framework,
                group=last_group,
                code=area.code,
                name=area.code,
                provenance="not_found",
                sort_order=100 + area.sort_order,
            )
    Indicator.objects.bulk_create(
        [
            Indicator(
                pk=row.pk,
                code=row.code,
                criterion_code=row.criterion_code,
                criterion_name=row.criterion_name,
                text=row.text,
                provenance=row.provenance,
                sort_order=row.sort_order,
            )
            for row in OldIndicator.objects.all()
        ]
    )
    # Rows were inserted with explicit ids: move PostgreSQL's sequences past them.
    connection = schema_editor.connection
    for sql in connection.ops.sequence_reset_sql(no_style(), [Skill, Indicator]):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    # Courses migration 0008's reverse copies the rows back before this runs.
    apps.get_model("citizen_skills", "Attainment").objects.all().delete()
    apps.get_model("citizen_skills", "Framework").objects.all().delete()
    apps.get_model("citizen_skills", "LearnerIndicator").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("citizen_skills", "0001_initial"),
        ("courses", "0007_calendar_feed_key"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
