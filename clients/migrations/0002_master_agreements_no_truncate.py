"""PostgreSQL refuses TRUNCATE on tables of issued documents.

Signed master agreements (基本契約書). Row triggers and the models already refuse changing or deleting
issued rows; TRUNCATE fires no row trigger, so each table gets the statement
trigger motouke_refuse_truncate() (enterprise migration 0005 explains when
it lets a TRUNCATE through: the test suite's flush, by the owner role only).
"""

from django.db import migrations

TABLES = [
    "clients_masteragreement",
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
        ("clients", "0001_initial"),
        ("enterprise", "0005_audit_append_only"),
    ]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
