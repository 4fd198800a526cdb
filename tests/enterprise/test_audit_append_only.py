"""The audit trail cannot be bent: rows are only ever added.

Everywhere the model and its queryset refuse to change or delete a row. On
PostgreSQL triggers also refuse UPDATE, DELETE and TRUNCATE (raw SQL, a
shell, a data migration), TRUNCATE is refused on the issued documents, and
the app's database role (README "Production run") can neither change audit
rows nor disable the triggers.
"""

import uuid

import pytest
from django.db import DatabaseError, connection, transaction

from enterprise.audit import log_action, log_actions_bulk, timeline_for
from enterprise.models import AppendOnlyError, AuditLog, WorkCategory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="triggers and roles: PostgreSQL only"
)

ISSUED_DOCUMENT_TABLES = [
    "invoicing_invoice",
    "invoicing_invoiceline",
    "invoicing_creditnote",
    "invoicing_creditnoteline",
    "invoicing_workerorder",
    "invoicing_payoutstatement",
    "engagements_quote",
    "engagements_quoteline",
    "clients_masteragreement",
]


@pytest.fixture
def entry(make_user):
    category = WorkCategory.objects.create(code="x", name="テスト", name_en="Test")
    return log_action(
        target=category, action="enterprise.category.renamed", by=make_user()
    )


def test_saving_an_existing_row_is_refused(entry):
    entry.reason = "書き換え"
    with pytest.raises(AppendOnlyError):
        entry.save()
    entry.refresh_from_db()
    assert entry.reason == ""


def test_deleting_a_row_is_refused(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditLog.objects.filter(pk=entry.pk).delete()
    assert AuditLog.objects.filter(pk=entry.pk).exists()


def test_bulk_update_is_refused(entry):
    with pytest.raises(AppendOnlyError):
        AuditLog.objects.filter(pk=entry.pk).update(action="x.y.z")
    with pytest.raises(AppendOnlyError):
        AuditLog.objects.bulk_update([entry], ["action"])
    entry.refresh_from_db()
    assert entry.action == "enterprise.category.renamed"


def test_bulk_logging_writes_one_row_per_target_in_one_query(
    make_user, django_assert_num_queries
):
    finance = make_user(roles=["finance"])
    categories = [
        WorkCategory.objects.create(code=f"c{i}", name=f"分類{i}", name_en=f"C{i}")
        for i in range(3)
    ]
    log_actions_bulk(targets=categories, action="enterprise.category.archived")
    with django_assert_num_queries(1):
        log_actions_bulk(
            targets=categories,
            action="enterprise.category.renamed",
            by=finance,
            from_state="old",
            to_state="new",
            data=lambda category: {"code": category.code},
        )
    (first, second) = timeline_for(categories[1])
    assert first.action == "enterprise.category.archived"
    assert (second.actor, second.from_state, second.to_state, second.data) == (
        finance,
        "old",
        "new",
        {"code": "c1"},
    )


def _refused(sql: str, match: str) -> None:
    """Run ``sql`` in a savepoint and expect the database to refuse it."""
    with (
        pytest.raises(DatabaseError, match=match),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)


@on_postgresql
def test_postgresql_refuses_update_delete_and_truncate_of_audit_rows(entry):
    _refused("UPDATE enterprise_auditlog SET reason = 'x'", "cannot be changed")
    _refused("DELETE FROM enterprise_auditlog", "cannot be changed or deleted")
    with connection.cursor() as cursor:
        # The test settings allow the owner's TRUNCATE (the flush); turned
        # off, as in production, the trigger refuses.
        cursor.execute("SET LOCAL motouke.allow_truncate = off")
        # Checks of the foreign keys of the row just written are deferred to
        # the commit; PostgreSQL will not truncate with them pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    _refused("TRUNCATE enterprise_auditlog", "cannot be truncated")
    assert AuditLog.objects.filter(pk=entry.pk, reason="").exists()


@on_postgresql
@pytest.mark.parametrize("table", ISSUED_DOCUMENT_TABLES)
def test_postgresql_refuses_truncate_of_issued_documents(table):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL motouke.allow_truncate = off")
    _refused(f"TRUNCATE {table} CASCADE", "cannot be truncated")


@pytest.fixture
def app_role():
    """A role granted what the README grants the app's role, active for the
    block (SET ROLE inside the test's transaction, which rolls it all back)."""
    name = f"motouke_app_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {name} NOLOGIN")
        cursor.execute(
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public "
            f"TO {name}"
        )
        cursor.execute(f"REVOKE UPDATE, DELETE ON enterprise_auditlog FROM {name}")
        cursor.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {name}")
    return name


def _as_role(name):
    class _Role:
        def __enter__(self):
            with connection.cursor() as cursor:
                cursor.execute(f"SET ROLE {name}")

        def __exit__(self, *exc):
            with connection.cursor() as cursor:
                cursor.execute("RESET ROLE")

    return _Role()


@on_postgresql
def test_app_role_writes_audit_rows_but_cannot_bend_them(app_role, make_user):
    category = WorkCategory.objects.create(code="x", name="テスト", name_en="Test")
    user = make_user()
    with _as_role(app_role):
        logged = log_action(target=category, action="enterprise.x.y", by=user)
        _refused("UPDATE enterprise_auditlog SET reason = 'x'", "permission denied")
        _refused("DELETE FROM enterprise_auditlog", "permission denied")
        _refused("TRUNCATE enterprise_auditlog", "permission denied")
        for table in ["enterprise_auditlog", "invoicing_invoice"]:
            _refused(f"ALTER TABLE {table} DISABLE TRIGGER ALL", "must be owner")
            _refused(f"DROP TRIGGER {table}_no_truncate ON {table}", "must be owner")
        _refused("TRUNCATE invoicing_invoice CASCADE", "permission denied")
    assert list(timeline_for(category)) == [logged]


@on_postgresql
def test_triggers_hold_even_for_a_role_granted_too_much(app_role, entry):
    # The second line: a role wrongly granted UPDATE/DELETE/TRUNCATE that
    # also turns the switch on is still refused, since it owns no table.
    with connection.cursor() as cursor:
        cursor.execute(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {app_role}")
    with _as_role(app_role):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL motouke.allow_truncate = on")
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        _refused("UPDATE enterprise_auditlog SET reason = 'x'", "cannot be changed")
        _refused("DELETE FROM enterprise_auditlog", "cannot be changed or deleted")
        _refused("TRUNCATE enterprise_auditlog", "cannot be truncated")
        _refused("TRUNCATE invoicing_creditnoteline", "cannot be truncated")


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_flush_after_a_transactional_test_still_empties_the_audit_table(make_user):
    # The flush at the end of this test truncates every table: the test
    # settings' switch lets the owner through (the next tests would fail
    # on leftover rows otherwise). No serialized_rollback here: its flush
    # skips post_migrate, leaving the roles and rates empty for the tests
    # after it (they come back only at the next serialized test's start).
    category = WorkCategory.objects.create(code="x", name="テスト", name_en="Test")
    log_action(target=category, action="enterprise.x.y", by=make_user())
    assert AuditLog.objects.count() == 1
