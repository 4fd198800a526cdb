import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprise import money
from enterprise.audit import log_action, update_logged
from enterprise.events import publish
from enterprise.fsm import apply_transition
from enterprise.notify import notify

from .. import rules
from ..models import Engagement, Quote, QuoteLine
from ._base import lock, require, require_reason

DIRECTION_FEE_TAX_RATE = Decimal("0.10")  # crowdsourcing services: standard rate


@dataclass(frozen=True)
class LineInput:
    description: str
    quantity: Decimal
    unit: str
    unit_price: int
    tax_rate: Decimal = Decimal("0.10")
    catalogue_item_id: int | None = None
    billed_hourly: bool = False
    billing: str = QuoteLine.Billing.COMPLETION


def quote_amounts(quote: Quote, lines) -> dict:
    """Work subtotal, direction fee, tax per rate (rounded once per rate), total."""
    subtotal = sum(line.amount for line in lines)
    fee = money.direction_fee(
        work_subtotal=subtotal,
        kind=quote.direction_fee_kind,
        rate=quote.direction_fee_rate,
        amount=quote.direction_fee_fixed,
        rounding=quote.tax_rounding,
    )
    taxed = [(line.amount, line.tax_rate) for line in lines]
    if fee:
        taxed.append((fee, DIRECTION_FEE_TAX_RATE))
    buckets = money.tax_by_rate(taxed, rounding=quote.tax_rounding)
    tax = sum(b.tax for b in buckets.values())
    return {
        "work_subtotal": subtotal,
        "direction_fee": fee,
        "tax": tax,
        "total": subtotal + fee + tax,
        "tax_breakdown": [
            {"rate": str(rate), "base": b.base, "tax": b.tax}
            for rate, b in sorted(buckets.items(), reverse=True)
        ],
    }


def quote_preview(*, engagement: Engagement, lines: list[LineInput]) -> dict:
    """What ``quote_save`` would compute for these lines, nothing saved: each
    line's amount, the direction fee on the client's terms, tax per rate and
    the total. The quote editor shows it as the lines are typed; saving
    computes again, so the server's figures are the ones that count."""
    client = engagement.client
    quote = Quote(
        engagement=engagement,
        direction_fee_kind=client.direction_fee_kind,
        direction_fee_rate=client.direction_fee_rate,
        direction_fee_fixed=client.direction_fee_amount,
        tax_rounding=client.tax_rounding,
    )
    unsaved = [QuoteLine(quote=quote, **vars(line)) for line in lines]
    return {
        **quote_amounts(quote, unsaved),
        "line_amounts": [line.amount for line in unsaved],
    }


def hourly_quote_lines(engagement: Engagement):
    """The hourly lines of the engagement's accepted quote: the client rates a
    director may bill an hourly subtask at."""
    return QuoteLine.objects.filter(
        quote__engagement=engagement,
        quote__state=Quote.State.ACCEPTED,
        billed_hourly=True,
    ).order_by("position", "id")


def fixed_price_part(quote: Quote) -> tuple[list[QuoteLine], int]:
    """What the client pays on completion: the quote's lines that are not
    billed by the hour, at a milestone or monthly, and the direction fee on
    them (the quote's terms; the whole fee when every line is billed on
    completion)."""
    lines = list(quote.lines.all())
    fixed = [
        line
        for line in lines
        if not line.billed_hourly and line.billing == QuoteLine.Billing.COMPLETION
    ]
    if len(fixed) == len(lines):
        return fixed, quote.direction_fee
    return fixed, quote_amounts(quote, fixed)["direction_fee"]


def _ensure_quoting(engagement: Engagement, by) -> None:
    if engagement.state == Engagement.State.QUOTED:
        update_logged(
            engagement.quotes.filter(state=Quote.State.SENT),
            {"state": Quote.State.SUPERSEDED},
            action="engagements.quote.superseded",
            by=by,
        )
        apply_transition(
            engagement, "reopen_quote", by=by, action="engagements.quote.reopened"
        )
    require(
        engagement.state == Engagement.State.QUOTING,
        _("A quote can be written once the engagement has passed intake."),
    )


@transaction.atomic
def quote_save(
    *,
    engagement: Engagement,
    by,
    lines: list[LineInput],
    valid_until: datetime.date,
    notes: str = "",
    cancellation_rate: Decimal = Decimal("1"),
) -> Quote:
    """Write the engagement's quote: the draft revision, or a new revision.

    A sent quote is never edited: changing it makes the next revision and
    the sent one is marked superseded (it stays readable). The direction
    fee terms and tax rounding are copied from the client's terms.
    ``cancellation_rate`` is the cancellation terms: the share of the
    completion work's quoted value, in proportion to the work approved,
    billed when the engagement is cancelled.
    """
    engagement = lock(Engagement, engagement.pk)
    if not rules.is_sales(engagement, by):
        raise PermissionDenied
    require(bool(lines), _("A quote needs at least one line."))
    require(
        Decimal("0") <= cancellation_rate <= Decimal("1"),
        _("The share billed on cancellation is from 0% to 100%."),
    )
    require(
        all(line.unit_price > 0 for line in lines if line.billed_hourly),
        _(
            "A line billed by the hour needs the client's hourly rate as its "
            "unit price."
        ),
    )
    _ensure_quoting(engagement, by)
    quote = engagement.quotes.filter(state=Quote.State.DRAFT).first()
    client = engagement.client
    if quote is None:
        last = engagement.quotes.order_by("-revision").first()
        quote = Quote(
            engagement=engagement,
            created_by=by,
            revision=(last.revision + 1) if last else 1,
        )
    quote.valid_until, quote.notes = valid_until, notes
    quote.cancellation_rate = cancellation_rate
    quote.direction_fee_kind = client.direction_fee_kind
    quote.direction_fee_rate = client.direction_fee_rate
    quote.direction_fee_fixed = client.direction_fee_amount
    quote.tax_rounding = client.tax_rounding
    quote.save()
    quote.lines.all().delete()
    saved = QuoteLine.objects.bulk_create(
        QuoteLine(quote=quote, position=i, **vars(line)) for i, line in enumerate(lines)
    )
    for field, value in quote_amounts(quote, saved).items():
        setattr(quote, field, value)
    quote.save()
    log_action(
        target=quote,
        action="engagements.quote.saved",
        by=by,
        data={"revision": quote.revision, "total": quote.total},
    )
    return quote


@transaction.atomic
def quote_send(*, quote: Quote, by) -> Quote:
    """Send the draft to the client; its PDF (見積書) is rendered after commit."""
    quote = lock(Quote, quote.pk)
    engagement = lock(Engagement, quote.engagement_id)
    require(quote.state == Quote.State.DRAFT, _("This quote was sent already."))
    today = timezone.localdate()
    require(quote.valid_until >= today, _("The validity date is in the past."))
    apply_transition(
        engagement,
        "send_quote",
        by=by,
        action="engagements.quote.sent",
        data={"quote": quote.pk, "revision": quote.revision, "total": quote.total},
    )
    quote.state, quote.sent_at, quote.issued_on = (
        Quote.State.SENT,
        timezone.now(),
        today,
    )
    quote.number = f"Q-{engagement.pk:05d}-{quote.revision:02d}"
    quote.save(update_fields=["state", "sent_at", "issued_on", "number"])
    from ..tasks import render_quote_pdf

    render_quote_pdf.delay_on_commit(quote.pk)
    contacts = [c.user for c in engagement.client.contacts.select_related("user")]
    notify(contacts, "engagements/mail/quote_sent", {"quote": quote})
    publish("quote.sent", quote)
    return quote


def _sent_quote(quote: Quote, by) -> tuple[Quote, Engagement]:
    quote = lock(Quote, quote.pk)
    engagement = lock(Engagement, quote.engagement_id)
    if not rules.is_client_contact(engagement, by):
        raise PermissionDenied
    require(quote.state == Quote.State.SENT, _("This quote is no longer open."))
    return quote, engagement


@transaction.atomic
def quote_accept(*, quote: Quote, by, ip: str | None) -> Quote:
    """The client's contact accepts: the engagement is contracted.

    Records who, when and from which address. An expired quote cannot be
    accepted (EngagementError). The order confirmation (注文請書) PDF is
    rendered by a task after commit.
    """
    quote, engagement = _sent_quote(quote, by)
    require(
        quote.valid_until >= timezone.localdate(),
        _("This quote expired on %(date)s. Please ask us for a new quote.")
        % {"date": quote.valid_until.strftime("%Y/%m/%d")},
    )
    now = timezone.now()
    apply_transition(
        engagement,
        "accept",
        by=by,
        action="engagements.quote.accepted",
        at=now,
        data={"quote": quote.pk, "ip": ip},
        update_fields=("contracted_at",),
    )
    quote.state, quote.decided_by, quote.decided_at = Quote.State.ACCEPTED, by, now
    quote.decided_from_ip = ip
    quote.save(update_fields=["state", "decided_by", "decided_at", "decided_from_ip"])
    from ..tasks import render_order_confirmation_pdf

    render_order_confirmation_pdf.delay_on_commit(quote.pk)
    notify(
        [engagement.sales_owner], "engagements/mail/quote_accepted", {"quote": quote}
    )
    return quote


@transaction.atomic
def quote_decline(*, quote: Quote, by, reason: str) -> Quote:
    """The client declines the quote; the engagement is declined."""
    reason = require_reason(reason)
    quote, engagement = _sent_quote(quote, by)
    apply_transition(
        engagement,
        "decline",
        by=by,
        action="engagements.quote.declined",
        reason=reason,
        data={"quote": quote.pk},
    )
    quote.state, quote.decided_by, quote.decided_at = (
        Quote.State.DECLINED,
        by,
        timezone.now(),
    )
    quote.save(update_fields=["state", "decided_by", "decided_at"])
    notify(
        [engagement.sales_owner],
        "engagements/mail/quote_declined",
        {"quote": quote, "reason": reason},
    )
    return quote
