"""Filter words for SQLite's FTS5 (SearchDocument.filter_tokens): existing rows get theirs,
then the FTS5 table and its triggers are re-created with the new column and rebuilt."""

from django.db import migrations, models


def forwards(apps, schema_editor):
    from search.backends.database import filter_tokens
    from search.schema import drop_engine_objects, ensure_engine_objects

    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        drop_engine_objects(connection)
    SearchDocument = apps.get_model("search", "SearchDocument")
    rows = SearchDocument.objects.only(
        "kind", "ward_code", "audience", "delivery_mode", "topic_slugs"
    )
    for doc in rows.iterator(chunk_size=1000):
        doc.filter_tokens = filter_tokens(
            {
                "kind": doc.kind,
                "ward_code": doc.ward_code,
                "audience": doc.audience,
                "delivery_mode": doc.delivery_mode,
                "topic_slugs": doc.topic_slugs,
            }
        )
        doc.save(update_fields=["filter_tokens"])
    ensure_engine_objects(connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_engines")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="filter_tokens",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
