"""PostgreSQL refuses TRUNCATE on tables of issued documents.

Issued invoices, credit notes and their lines, worker orders (発注書) and payout statements (支払通知書). Row triggers and the models already refuse changing or deleting
issued rows; TRUNCATE fires no row trigger, so each table gets the statement
trigger motouke_refuse_truncate() (enterprise migration 0005 explains when
it lets a TRUNCATE through: the test suite's flush, by the owner role only).
"""

from django.db import migrations

TABLES = [
    "invoicing_invoice",
    "invoicing_invoiceline",
    "invoicing_creditnote",
    "invoicing_creditnoteline",
    "invoicing_workerorder",
    "invoicing_payoutstatement",
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
        ("invoicing", "0006_month_close_run_client"),
        ("enterprise", "0005_audit_append_only"),
    ]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
