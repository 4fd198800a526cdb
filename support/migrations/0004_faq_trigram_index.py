"""Substring search of the help centre on PostgreSQL: pg_trgm and a GIN
trigram index on the upper-cased title and body, the expression Django's
``icontains`` compares (UPPER(col) LIKE UPPER('%q%')), so the planner can
serve Japanese substring search from the index. SQLite has no such index;
the same ``icontains`` scans there."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = {
    "support_faq_title_trgm": "title",
    "support_faq_body_trgm": "body",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "support_faqarticle" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("support", "0003_faq_articles")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
