"""Engine objects the ORM does not describe: SQLite's FTS5 table and its triggers,
PostgreSQL's generated tsvector column, GIN indexes and the pg_trgm extension.

Created by migration 0003 and checked again after every `migrate` (apps.py): on SQLite,
Django alters a table by re-creating it, which would silently drop the triggers that keep
the FTS5 table in step; this puts them back and rebuilds the FTS5 table when that happened.
Every statement is idempotent.
"""

from __future__ import annotations

DOC = "search_searchdocument"
TERM = "search_searchterm"
FTS = "search_fts"

SQLITE_TRIGGERS = {
    "search_fts_ai": f"""
        CREATE TRIGGER IF NOT EXISTS search_fts_ai AFTER INSERT ON {DOC} BEGIN
          INSERT INTO {FTS}(rowid, title_folded, text_folded, filter_tokens)
          VALUES (new.page_id, new.title_folded, new.text_folded, new.filter_tokens);
        END""",
    "search_fts_ad": f"""
        CREATE TRIGGER IF NOT EXISTS search_fts_ad AFTER DELETE ON {DOC} BEGIN
          INSERT INTO {FTS}({FTS}, rowid, title_folded, text_folded, filter_tokens)
          VALUES ('delete', old.page_id, old.title_folded, old.text_folded, old.filter_tokens);
        END""",
    "search_fts_au": f"""
        CREATE TRIGGER IF NOT EXISTS search_fts_au AFTER UPDATE ON {DOC} BEGIN
          INSERT INTO {FTS}({FTS}, rowid, title_folded, text_folded, filter_tokens)
          VALUES ('delete', old.page_id, old.title_folded, old.text_folded, old.filter_tokens);
          INSERT INTO {FTS}(rowid, title_folded, text_folded, filter_tokens)
          VALUES (new.page_id, new.title_folded, new.text_folded, new.filter_tokens);
        END""",
}

POSTGRES = [
    # CI's and the demo's postgres user is a superuser; a managed database may need the
    # extension created once by its owner (docs/search.md).
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"""ALTER TABLE {DOC} ADD COLUMN IF NOT EXISTS search_vector tsvector
        GENERATED ALWAYS AS (
          setweight(to_tsvector('simple', coalesce(title_folded, '')), 'A') ||
          setweight(to_tsvector('simple', coalesce(text_folded, '')), 'D')
        ) STORED""",
    f"CREATE INDEX IF NOT EXISTS search_document_vector ON {DOC} USING gin (search_vector)",
    f"CREATE INDEX IF NOT EXISTS search_term_trigram ON {TERM} USING gin (term gin_trgm_ops)",
]


def ensure_engine_objects(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            tables = set(connection.introspection.table_names(cursor))
            if DOC not in tables:
                return
            columns = {c.name for c in connection.introspection.get_table_description(cursor, DOC)}
            if "filter_tokens" not in columns:
                return  # before migration 0004, which creates the FTS5 objects
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            triggers = {row[0] for row in cursor.fetchall()}
            missing = FTS not in tables or not set(SQLITE_TRIGGERS) <= triggers
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5("
                "title_folded, text_folded, filter_tokens, "
                f"content='{DOC}', content_rowid='page_id', "
                "tokenize='unicode61 remove_diacritics 0', prefix='2 3')"
            )
            for sql in SQLITE_TRIGGERS.values():
                cursor.execute(sql)
            if missing:
                cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")
        elif connection.vendor == "postgresql":
            for sql in POSTGRES:
                cursor.execute(sql)


def drop_engine_objects(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS}")
        elif connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS search_term_trigram")
            cursor.execute("DROP INDEX IF EXISTS search_document_vector")
            cursor.execute(f"ALTER TABLE {DOC} DROP COLUMN IF EXISTS search_vector")
