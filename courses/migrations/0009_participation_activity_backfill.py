"""Name each existing attendance record's course as its activity, so the learning-hours rule
(citizen_profiles.record.hours) counts a course's completion record for nothing where the
sessions' attendance was recorded (the demo resident's 18-hour course showed 36 hours)."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat


def backfill(apps, schema_editor):
    ParticipationRecord = apps.get_model("citizen_profiles", "ParticipationRecord")
    CourseSession = apps.get_model("courses", "CourseSession")
    course_key = (
        CourseSession.objects.filter(pk=Cast(OuterRef("source_id"), models.BigIntegerField()))
        .annotate(key=Concat(Value("courses.course:"), Cast("course_id", models.CharField())))
        .values("key")[:1]
    )
    ParticipationRecord.objects.filter(source_type="courses.session", activity="").update(
        # A record whose session was deleted keeps an empty activity (still attendance).
        activity=Coalesce(
            Subquery(course_key, output_field=models.CharField()),
            Value(""),
            output_field=models.CharField(),
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0008_skills_moved_to_citizen_profiles"),
        ("citizen_profiles", "0006_participation_activity"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
