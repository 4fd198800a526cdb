"""PostgreSQL refuses TRUNCATE on tables of issued documents.

Quotes and their lines (a sent quote is an issued document; a TRUNCATE cannot tell sent from draft rows, so it is refused for the table). Row triggers and the models already refuse changing or deleting
issued rows; TRUNCATE fires no row trigger, so each table gets the statement
trigger motouke_refuse_truncate() (enterprise migration 0005 explains when
it lets a TRUNCATE through: the test suite's flush, by the owner role only).
"""

from django.db import migrations

TABLES = [
    "engagements_quote",
    "engagements_quoteline",
]

FORWARD = "\n".join(
    f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION motouke_refuse_truncate();"
    for table in TABLES
)
BACKWARD = "\n".join(
    f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};" for table in TABLES
)


def _run(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0003_hourly_quote_lines"),
        ("enterprise", "0005_audit_append_only"),
    ]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
