"""E-bookkeeping search (電子帳簿保存法, japan.md §6.4): every document the
operator issued and every document a worker sent, by date range, amount
range and counterparty, in any combination. Finance only.

Each kind of document is one query of the same columns (kind, id, number,
date, amount, counterparty); the union is ordered and paginated by the
database, so a page costs the same whatever the number of documents.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import BigIntegerField, CharField, F, QuerySet, Value
from django.db.models.functions import Cast, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engagements.models import Quote

from .. import rules
from ..models import (
    CreditNote,
    DunningLetter,
    Invoice,
    PayoutStatement,
    ReceivedDocument,
    WorkerOrder,
)

KINDS = {
    "quote": _("Quote"),
    "order_confirmation": _("Order confirmation"),
    "invoice": _("Invoice"),
    "credit_note": _("Credit note"),
    "worker_order": _("Worker order"),
    "payout_statement": _("Payout statement"),
    "dunning_letter": _("Payment reminder"),
    "received": _("Received from a worker"),
}


@dataclass(frozen=True)
class DocumentFilter:
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    amount_min: int | None = None
    amount_max: int | None = None
    counterparty: str = ""
    kinds: tuple[str, ...] = ()


def _text(value) -> Cast:
    return Cast(value, output_field=CharField())


def _sources() -> dict[str, QuerySet]:
    """Per kind: the issued documents with date, amount, number, party."""
    tokyo = timezone.get_default_timezone()
    return {
        "quote": Quote.objects.filter(issued_on__isnull=False)
        .exclude(number="")
        .annotate(d=F("issued_on"), a=F("total"), n=F("number"),
                  p=F("engagement__client__legal_name")),
        "order_confirmation": Quote.objects.exclude(order_confirmation_pdf_sha256="")
        .filter(decided_at__isnull=False)
        .annotate(d=TruncDate("decided_at", tzinfo=tokyo), a=F("total"),
                  n=F("number"), p=F("engagement__client__legal_name")),
        "invoice": Invoice.objects.exclude(state=Invoice.State.DRAFT)
        .annotate(d=F("issue_date"), a=F("total"), n=F("number"),
                  p=F("recipient_name")),
        "credit_note": CreditNote.objects.annotate(
            d=F("issue_date"), a=F("total"), n=F("number"), p=F("recipient_name")),
        "worker_order": WorkerOrder.objects.exclude(state="draft")
        .annotate(d=F("order_date"), a=F("reward") + F("consumption_tax"),
                  n=F("number"), p=F("worker_name")),
        "payout_statement": PayoutStatement.objects.annotate(
            d=F("issue_date"), a=F("gross"), n=F("number"), p=F("worker_name")),
        "dunning_letter": DunningLetter.objects.annotate(
            d=F("issue_date"), a=F("balance"), n=F("invoice__number"),
            p=F("recipient_name")),
        "received": ReceivedDocument.objects.annotate(
            d=F("document_date"), a=F("amount"), n=F("title"), p=F("counterparty")),
    }  # fmt: skip


def _filtered(queryset: QuerySet, flt: DocumentFilter) -> QuerySet:
    if flt.date_from:
        queryset = queryset.filter(d__gte=flt.date_from)
    if flt.date_to:
        queryset = queryset.filter(d__lte=flt.date_to)
    if flt.amount_min is not None:
        queryset = queryset.filter(a__gte=flt.amount_min)
    if flt.amount_max is not None:
        queryset = queryset.filter(a__lte=flt.amount_max)
    if flt.counterparty:
        queryset = queryset.filter(p__icontains=flt.counterparty)
    return queryset


def document_search(*, user, flt: DocumentFilter):
    """The matching documents as dicts (doc_kind, doc_id, doc_number,
    doc_day, doc_amount, doc_party), newest first; none but for finance."""
    sources = _sources()
    kinds = [k for k in (flt.kinds or KINDS) if k in sources]
    if not rules.is_finance(None, user) or not kinds:
        return Invoice.objects.none().values("pk")
    parts = [
        _filtered(sources[kind], flt)
        .order_by()
        .values(
            doc_kind=Value(kind, output_field=CharField()),
            doc_id=F("pk"),
            doc_number=_text("n"),
            doc_day=F("d"),
            doc_amount=Cast("a", output_field=BigIntegerField()),
            doc_party=_text("p"),
        )
        for kind in kinds
    ]
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return union.order_by("-doc_day", "doc_kind", "-doc_id")
