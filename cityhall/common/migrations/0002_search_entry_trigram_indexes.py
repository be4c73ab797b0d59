"""Trigram (pg_trgm) GIN indexes for the site search, on PostgreSQL only.

They let PostgreSQL answer ``LIKE '%…%'`` for terms of three or more characters
from an index; shorter terms (税, 住民) are scanned, which is fast at the size of
a municipal website. Skipped on SQLite, and skipped with a notice when the
database user may not create the extension (docs/adr/0003).
"""

from django.db import migrations

INDEXES = {
    "common_searchentry_title_trgm": "title_folded",
    "common_searchentry_body_trgm": "body_folded",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone() is None:
            try:
                with schema_editor.connection.cursor() as inner:
                    inner.execute("SAVEPOINT cityhall_trgm")
                    inner.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                    inner.execute("RELEASE SAVEPOINT cityhall_trgm")
            except Exception:  # noqa: BLE001 - no privilege: search works without it
                with schema_editor.connection.cursor() as inner:
                    inner.execute("ROLLBACK TO SAVEPOINT cityhall_trgm")
                print("  pg_trgm not available; search runs without trigram indexes")
                return
        for name, column in INDEXES.items():
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON common_searchentry "
                f"USING gin ({column} gin_trgm_ops)"
            )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("common", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
