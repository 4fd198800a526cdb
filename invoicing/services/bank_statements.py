"""Bank statements in (入金消込): import a statement, match its credits to
open invoices, and let finance match the rest by hand.

A statement is a run (``enterprise.runs``): its plan reads the whole file
and writes the credit lines not seen before, in one transaction, so a
malformed file imports nothing; each credit is then matched in its own
transaction. Payments go through ``billing.payment_record`` like a payment
typed by hand, so the invoice is paid by its own transition.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.models import Client
from enterprise import runs
from enterprise.audit import log_action
from enterprise.fsm import apply_transition

from ..bank_files import parse_statement
from ..models import (
    BankCredit,
    BankCsvLayout,
    BankStatement,
    CreditPayment,
    Invoice,
    PayerName,
    ReceivablesSettings,
)
from .billing import payment_record, require, require_finance
from .receipts_matching import allocate, invoice_number_in, payer_key

OPEN_STATES = (Invoice.State.ISSUED, Invoice.State.SENT)


# --- import ----------------------------------------------------------------


def statement_create(
    *, data: bytes, filename: str, by, layout: BankCsvLayout | None = None
) -> BankStatement:
    """Store an uploaded file as a queued import; the run reads it."""
    statement = BankStatement(
        filename=filename[:200],
        sha256=hashlib.sha256(data).hexdigest(),
        format=BankStatement.Format.CSV if layout else BankStatement.Format.ZENGIN,
        csv_layout=layout,
        started_by=by,
    )
    statement.file.save(filename, ContentFile(data), save=False)
    statement.save()
    return statement


@transaction.atomic
def statement_upload(
    *, data: bytes, filename: str, by, layout: BankCsvLayout | None = None
) -> BankStatement:
    """The finance page's upload: store the file and queue its import after
    commit (the progress page follows it). Raises PermissionDenied."""
    require_finance(by)
    statement = statement_create(data=data, filename=filename, by=by, layout=layout)
    log_action(
        target=statement,
        action="invoicing.bank_statement.uploaded",
        by=by,
        data={"file": statement.filename, "sha256": statement.sha256},
    )
    from ..tasks.receipts import run_bank_statement

    run_bank_statement.delay_on_commit(statement.pk)
    return statement


@transaction.atomic
def statement_resume(*, statement: BankStatement, by) -> BankStatement:
    """再開 of a stalled or failed import; credits matched stay matched.
    Raises BillingError (nothing to resume) or PermissionDenied."""
    require_finance(by)
    require(
        runs.run_resume(BankStatement, statement.pk),
        _("This import is not stalled: there is nothing to resume."),
    )
    log_action(target=statement, action="invoicing.bank_statement.resumed", by=by)
    from ..tasks.receipts import run_bank_statement

    run_bank_statement.delay_on_commit(statement.pk)
    return BankStatement.objects.get(pk=statement.pk)


def statement_run(*, statement_id: int) -> BankStatement:
    """Plan and match in chunks (the Celery task's body)."""
    from ..tasks.receipts import bank_statement_chunk

    runs.run_start(
        BankStatement,
        statement_id,
        _plan,
        bank_statement_chunk,
        settings.RUN_CHUNK_SIZE,
    )
    return BankStatement.objects.get(pk=statement_id)


def statement_chunk(*, statement_id: int, credit_ids: list[int]) -> None:
    runs.run_chunk(BankStatement, statement_id, credit_ids, _match_item)


def statement_import_now(*, statement: BankStatement) -> BankStatement:
    """Plan and match in this process (the command): raises StatementError
    from the plan, with nothing imported."""
    if runs.run_plan(BankStatement, statement.pk, _plan):
        keys = runs.pending_keys(statement)
        runs.run_chunk(BankStatement, statement.pk, keys, _match_item)
    return BankStatement.objects.get(pk=statement.pk)


def _plan(statement: BankStatement) -> list[int]:
    """Read the file and write its new credits; the ids to match."""
    with statement.file.open("rb") as handle:
        data = handle.read()
    credits = parse_statement(data, statement.csv_layout)
    ids, seen = [], set()
    for credit in credits:
        if (credit.reference, credit.booked_on) in seen:
            continue
        seen.add((credit.reference, credit.booked_on))
        row, created = BankCredit.objects.get_or_create(
            reference=credit.reference,
            booked_on=credit.booked_on,
            defaults={
                "statement": statement,
                "amount": credit.amount,
                "payer_name": credit.payer_name[:60],
                "payer_key": payer_key(credit.payer_name),
                "edi": credit.edi[:40],
            },
        )
        if created:
            ids.append(row.pk)
    return ids


def _match_item(credit_id: int) -> str:
    credit = credit_auto_match(credit_id=credit_id)
    return "matched" if credit.state == BankCredit.State.MATCHED else ""


# --- matching ----------------------------------------------------------------


def _client_for_payer(key: str) -> Client | None:
    """The one client whose kana (or a taught payer name) gives ``key``."""
    if not key:
        return None
    taught = PayerName.objects.filter(key=key).select_related("client").first()
    if taught is not None:
        return taught.client
    found = [
        pk
        for pk, kana in Client.objects.values_list("pk", "legal_name_kana")
        if payer_key(kana) == key
    ]
    return Client.objects.get(pk=found[0]) if len(found) == 1 else None


def _open_invoices(client_id: int):
    return list(
        Invoice.objects.filter(client_id=client_id, state__in=OPEN_STATES)
        .order_by("due_date", "issue_date", "id")
        .select_for_update()
    )


def credit_auto_match(*, credit_id: int) -> BankCredit:
    """Match a credit by its EDI invoice number or its payer; an unknown
    payer, or a client with nothing open, leaves it waiting for finance."""
    with transaction.atomic():
        credit = BankCredit.objects.select_for_update().get(pk=credit_id)
        if credit.state != BankCredit.State.UNMATCHED:
            return credit
        named = invoice_number_in(credit.edi)
        invoice = (
            Invoice.objects.filter(number=named, state__in=OPEN_STATES).first()
            if named
            else None
        )
        client = invoice.client if invoice else _client_for_payer(credit.payer_key)
        if client is None or not _open_invoices(client.pk):
            return credit
        return _apply(credit, client=client, first=invoice, by=None)


def _apply(credit: BankCredit, *, client: Client, first, by) -> BankCredit:
    invoices = {i.pk: i for i in _open_invoices(client.pk)}
    tolerance = ReceivablesSettings.current().fee_tolerance
    shares, left = allocate(
        credit.amount,
        [(i.pk, i.balance) for i in invoices.values()],
        tolerance=tolerance,
        first=first.pk if first is not None else None,
    )
    for share in shares:
        payment = payment_record(
            invoice=invoices[share.invoice_id],
            by=by,
            amount=share.paid,
            discount=share.fee,
            bank_fee=bool(share.fee),
            received_on=credit.booked_on,
            note=_("Bank %(reference)s %(payer)s")
            % {"reference": credit.reference, "payer": credit.payer_name},
            system=by is None,
        )
        CreditPayment.objects.create(credit=credit, payment=payment)
    apply_transition(
        credit,
        "match",
        by=by,
        action="invoicing.bank_credit.matched",
        update_fields=("client", "unapplied", "matched_by", "matched_at"),
        check_permission=by is not None,
        data={
            "invoices": [s.invoice_id for s in shares],
            "fees": sum(s.fee for s in shares),
            "unapplied": left,
        },
        client=client,
        unapplied=left,
        matcher=by,
        at=timezone.now(),
    )
    return credit


@transaction.atomic
def credit_match_by_hand(
    *, credit: BankCredit, client: Client, by, invoice=None, remember: bool = True
) -> BankCredit:
    """Finance matches a waiting credit to ``client`` (and ``invoice``
    first, if given); the payer name is remembered for the next import.

    Raises BillingError (already matched, nothing open, an invoice of
    another client) or PermissionDenied.
    """
    require_finance(by)
    credit = BankCredit.objects.select_for_update().get(pk=credit.pk)
    require(
        credit.state == BankCredit.State.UNMATCHED,
        _("This credit has already been matched."),
    )
    require(
        invoice is None or invoice.client_id == client.pk,
        _("That invoice is not the client's."),
    )
    require(
        bool(_open_invoices(client.pk)),
        _("%(client)s has no open invoice to match.") % {"client": client.legal_name},
    )
    if remember and credit.payer_key:
        taught, created = PayerName.objects.update_or_create(
            key=credit.payer_key,
            defaults={"name": credit.payer_name, "client": client, "taught_by": by},
        )
        log_action(
            target=taught,
            action="invoicing.payer_name.taught",
            by=by,
            data={"payer": credit.payer_name, "client": client.pk},
        )
    return _apply(credit, client=client, first=invoice, by=by)


@transaction.atomic
def settings_update(*, tolerance: int, by) -> ReceivablesSettings:
    """Set the transfer-fee tolerance (under ¥10,000). Raises
    BillingError or PermissionDenied."""
    require_finance(by)
    require(0 <= tolerance < 10_000, _("Enter an amount under ¥10,000."))
    current = ReceivablesSettings.objects.select_for_update().get(
        pk=ReceivablesSettings.current().pk
    )
    before = current.fee_tolerance
    current.fee_tolerance = tolerance
    current.save(update_fields=["fee_tolerance"])
    log_action(
        target=current,
        action="invoicing.receivables_settings.changed",
        by=by,
        data={"fee_tolerance": [before, tolerance]},
    )
    return current
