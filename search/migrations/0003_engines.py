"""SQLite FTS5 table and triggers, or PostgreSQL's tsvector column, GIN indexes and pg_trgm
(search/schema.py), then the index is rebuilt by `manage.py search_index --rebuild`."""

from django.db import migrations


def forwards(apps, schema_editor):
    from search.schema import ensure_engine_objects

    ensure_engine_objects(schema_editor.connection)


def backwards(apps, schema_editor):
    from search.schema import drop_engine_objects

    drop_engine_objects(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_facets_vocabulary")]

    operations = [migrations.RunPython(forwards, backwards)]
