"""The audit table only grows; the compliance role.

PostgreSQL triggers refuse UPDATE, DELETE and TRUNCATE on the audit table,
whoever runs them (raw SQL, a data migration, a shell). SQLite gets no
trigger (Django rebuilds a SQLite table to alter it, dropping its triggers);
there the model and its queryset refuse (enterprise.models.AuditLog).

``motouke_refuse_truncate()`` is the statement trigger every table of issued
records uses (this one; invoices, credit notes, quotes, orders, statements
and agreements in their apps' migrations). The first line of defence is the
database role: the app runs as a role that owns no table and has no TRUNCATE
privilege (README, "Production run"), so it cannot truncate nor disable or
drop a trigger. The trigger is the second line, against the owner role's
accidents (``manage.py flush`` against production). It lets a TRUNCATE
through only when the session set ``motouke.allow_truncate`` to ``on`` *and*
the session's role owns the table: the test settings set it, because
Django's flush after a transactional test truncates every table. Anyone may
SET a custom setting, so the switch alone would be no barrier; tied to the
owner, who could drop the trigger anyway, it gives no one a new power.
"""

from django.db import migrations, models

FORWARD = """
CREATE FUNCTION motouke_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('motouke.allow_truncate', true) = 'on' AND pg_has_role(
        current_user,
        (SELECT relowner FROM pg_class WHERE oid = TG_RELID),
        'MEMBER'
    ) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '% keeps issued records and cannot be truncated', TG_TABLE_NAME
        USING ERRCODE = 'check_violation';
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION enterprise_auditlog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit rows cannot be changed or deleted'
        USING ERRCODE = 'check_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER enterprise_auditlog_append_only
    BEFORE UPDATE OR DELETE ON enterprise_auditlog
    FOR EACH ROW EXECUTE FUNCTION enterprise_auditlog_append_only();

CREATE TRIGGER enterprise_auditlog_no_truncate
    BEFORE TRUNCATE ON enterprise_auditlog
    FOR EACH STATEMENT EXECUTE FUNCTION motouke_refuse_truncate();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS enterprise_auditlog_no_truncate ON enterprise_auditlog;
DROP TRIGGER IF EXISTS enterprise_auditlog_append_only ON enterprise_auditlog;
DROP FUNCTION IF EXISTS enterprise_auditlog_append_only();
DROP FUNCTION IF EXISTS motouke_refuse_truncate();
"""


def _run(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


def create_compliance_group(apps, schema_editor):
    # Permissions follow after every migrate (enterprise.roles.sync_roles).
    apps.get_model("auth", "Group").objects.get_or_create(name="compliance")


class Migration(migrations.Migration):
    dependencies = [("enterprise", "0004_seed_rate_tables")]

    operations = [
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
        migrations.RunPython(create_compliance_group, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="auditlog",
            index=models.Index(
                fields=["actor", "created_at"], name="enterprise_audit_actor_time"
            ),
        ),
    ]
