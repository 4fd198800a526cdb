"""Billing shapes besides billing on completion (issue 18), for the close.

- Milestones (着手金・中間金・残金): a quote line billed at a milestone is
  billed at the first close after the client accepts it
  (``engagements.services.milestones``), once (``BilledMilestone``).
- Monthly fixed fees (retainers): a monthly quote line is billed at every
  close of the engagement's client from the month it was contracted until
  the engagement ends (invoiced after completion, or cancelled), once per
  period (``BilledMonth``).
- Cancellation: an engagement cancelled with approved work is recorded as a
  pending ``CancellationCharge``; the next close bills it under the quote's
  cancellation terms, unless finance wrote it off first with a reason. The
  workers are paid for approved work whatever happens (Freelance Act), so
  a charge is only ever settled by billing or by a write-off on record.

The quote's rate direction fee applies to milestones and monthly fees as to
any work billed; a fixed fee stays with the completion billing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from engagements.models import Engagement, Milestone, Quote, QuoteLine, Subtask
from engagements.services.quotes import fixed_price_part
from enterprise import money
from enterprise.fsm import apply_transition
from enterprise.money import DirectionFeeKind

from ..models import BilledMilestone, BilledMonth, CancellationCharge
from ..models.billing import LineKind
from .billing import LineInput, require, require_finance, standard_rate

MONTHLY_LINE = gettext_noop("%(description)s (%(period)s)")
CANCELLATION_LINE = gettext_noop("Work approved before cancellation: %(title)s")
SHAPES_DIRECTION_FEE = gettext_noop("Direction fee (milestones and monthly fees)")

# An engagement's monthly fee runs while it is in one of these states.
RUNNING = [
    Engagement.State.CONTRACTED,
    Engagement.State.PLANNING,
    Engagement.State.IN_PROGRESS,
    Engagement.State.DELIVERED,
    Engagement.State.COMPLETED,
]


def _jp(msgid: str, **values) -> str:
    with translation.override("ja"):
        text = _(msgid)
    return text % values if values else text


@dataclass
class Shapes:
    milestones: list = field(default_factory=list)
    months: list = field(default_factory=list)
    charges: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    worker_cost: int = 0

    def __bool__(self) -> bool:
        return bool(self.milestones or self.months or self.charges)


def _due_milestones(client, closing: datetime.date):
    return (
        Milestone.objects.filter(
            state=Milestone.State.ACCEPTED,
            billing__isnull=True,
            quote_line__quote__engagement__client=client,
            accepted_at__date__lte=closing,
        )
        .select_related("quote_line__quote__engagement")
        .order_by("accepted_at", "id")
    )


def _due_months(client, closing: datetime.date, period: str):
    return (
        QuoteLine.objects.filter(
            billing=QuoteLine.Billing.MONTHLY,
            quote__state=Quote.State.ACCEPTED,
            quote__engagement__client=client,
            quote__engagement__state__in=RUNNING,
            quote__engagement__contracted_at__date__lte=closing,
        )
        .exclude(billed_months__period=period)
        .select_related("quote__engagement")
        .order_by("quote__engagement_id", "position", "id")
    )


def _due_charges(client):
    return (
        CancellationCharge.objects.filter(
            state=CancellationCharge.State.PENDING, engagement__client=client
        )
        .select_related("engagement")
        .order_by("id")
    )


def _rate_fee(quote: Quote, amount: int) -> int:
    if quote.direction_fee_kind != DirectionFeeKind.RATE:
        return 0
    return money.direction_fee(
        work_subtotal=amount,
        kind=quote.direction_fee_kind,
        rate=quote.direction_fee_rate,
        rounding=quote.tax_rounding,
    )


def _line(line: QuoteLine, description: str, kind: str) -> LineInput:
    return LineInput(
        description,
        line.amount,
        line.tax_rate,
        quantity=line.quantity,
        unit=line.unit,
        unit_price=line.unit_price,
        kind=kind,
        engagement_id=line.quote.engagement_id,
    )


def cancellation_amounts(engagements) -> dict[int, tuple[int, int]]:
    """{engagement id: (amount to bill excl. tax, approved rewards)} under
    each accepted quote's cancellation terms: the quoted value of the work
    billed on completion × the approved share of the rewards (出来高) × the
    quote's cancellation rate, floored to the yen. Without an accepted
    quote the budget stands for the quoted value, at the full rate. Two
    queries whatever the number of engagements."""
    engagements = list(engagements)
    done = [Subtask.State.APPROVED, Subtask.State.PAID]
    rewards = {
        row["engagement"]: row
        for row in Subtask.objects.filter(
            engagement__in=engagements, hourly_terms__isnull=True
        )
        .values("engagement")
        .annotate(
            planned=Sum("reward"), approved=Sum("reward", filter=Q(state__in=done))
        )
    }
    quotes = {
        quote.engagement_id: quote
        for quote in Quote.objects.filter(
            engagement__in=engagements, state=Quote.State.ACCEPTED
        ).prefetch_related("lines")
    }
    result = {}
    for engagement in engagements:
        row = rewards.get(engagement.pk, {})
        planned, approved = row.get("planned") or 0, row.get("approved") or 0
        quote = quotes.get(engagement.pk)
        if quote is None:
            base, rate = engagement.budget, Decimal("1")
        else:
            fixed, _fee = fixed_price_part(quote)
            base, rate = sum(line.amount for line in fixed), quote.cancellation_rate
        amount = 0
        if planned and approved:
            share = Decimal(base) * Decimal(approved) / Decimal(planned) * rate
            amount = int(share.to_integral_value(rounding=ROUND_FLOOR))
        result[engagement.pk] = (amount, approved)
    return result


def cancellation_amount(engagement: Engagement) -> tuple[int, int]:
    """``cancellation_amounts`` of one engagement."""
    return cancellation_amounts([engagement])[engagement.pk]


def shapes_for(client, closing: datetime.date, period: str) -> Shapes:
    """What the close of ``period`` (closing on ``closing``) bills ``client``
    besides completed engagements and hours: its accepted milestones, its
    running monthly fees and its pending cancellation charges."""
    shapes = Shapes(
        milestones=list(_due_milestones(client, closing)),
        months=list(_due_months(client, closing, period)),
        charges=list(_due_charges(client)),
    )
    fee = 0
    for milestone in shapes.milestones:
        line = milestone.quote_line
        shapes.lines.append(_line(line, line.description, LineKind.MILESTONE))
        fee += _rate_fee(line.quote, line.amount)
    label = f"{closing:%Y年%-m月}分"
    for line in shapes.months:
        text = _jp(MONTHLY_LINE, description=line.description, period=label)
        shapes.lines.append(_line(line, text, LineKind.MONTHLY))
        fee += _rate_fee(line.quote, line.amount)
    billed_charges = []
    amounts = cancellation_amounts(charge.engagement for charge in shapes.charges)
    for charge in shapes.charges:
        amount, approved = amounts[charge.engagement_id]
        charge.billed_amount = amount
        if amount:  # nothing to bill waits for finance's write-off
            billed_charges.append(charge)
            shapes.worker_cost += approved
            shapes.lines.append(
                LineInput(
                    _jp(CANCELLATION_LINE, title=charge.engagement.title),
                    amount,
                    standard_rate(closing),
                    kind=LineKind.CANCELLATION,
                    engagement_id=charge.engagement_id,
                )
            )
    shapes.charges = billed_charges
    if fee:
        shapes.lines.append(
            LineInput(
                _jp(SHAPES_DIRECTION_FEE),
                fee,
                standard_rate(closing),
                kind=LineKind.DIRECTION_FEE,
            )
        )
    return shapes


def mark_shapes_billed(shapes: Shapes, invoice, period: str, by) -> None:
    """Tie what ``shapes`` billed to ``invoice``; the unique keys refuse a
    second billing (the caller holds the client's lock)."""
    BilledMilestone.objects.bulk_create(
        BilledMilestone(milestone=m, invoice=invoice) for m in shapes.milestones
    )
    BilledMonth.objects.bulk_create(
        BilledMonth(quote_line=line, period=period, invoice=invoice)
        for line in shapes.months
    )
    for charge in shapes.charges:
        amount = charge.billed_amount
        charge = CancellationCharge.objects.select_for_update().get(pk=charge.pk)
        charge.billed_amount = amount
        apply_transition(
            charge,
            "bill",
            by=by,
            check_permission=False,
            action="invoicing.cancellation_charge.billed",
            data={"invoice": invoice.number, "engagement": charge.engagement_id},
            update_fields=("invoice", "amount"),
            invoice=invoice,
            amount=charge.billed_amount,
        )


def clients_with_shapes_due(period: str, *, today: datetime.date, closing_in) -> set:
    """Ids of clients with a milestone accepted, a monthly fee running or a
    cancellation to bill by their closing date in ``period``, when that
    date has passed and ``period`` is not invoiced yet."""
    from clients.models import Client

    candidates = (
        Client.objects.filter(
            Q(
                engagements__quotes__lines__milestone__state=Milestone.State.ACCEPTED,
                engagements__quotes__lines__milestone__billing__isnull=True,
            )
            | Q(
                engagements__state__in=RUNNING,
                engagements__quotes__state=Quote.State.ACCEPTED,
                engagements__quotes__lines__billing=QuoteLine.Billing.MONTHLY,
            )
            | Q(
                engagements__cancellation_charge__state=(
                    CancellationCharge.State.PENDING
                )
            )
        )
        .exclude(invoices__close_period=period)
        .distinct()
        .order_by("id")
    )
    due = set()
    for client in candidates:
        closing = closing_in(period, client)
        if closing < today and shapes_for(client, closing, period):
            due.add(client.pk)
    return due


# --- cancellation ------------------------------------------------------------------


def cancellation_charge_record(event: str, engagement: Engagement) -> None:
    """``engagement.cancelled`` with approved work: owed until billed or
    written off (runs in the cancellation's transaction)."""
    CancellationCharge.objects.get_or_create(engagement=engagement)


@transaction.atomic
def cancellation_write_off(
    *, charge: CancellationCharge, reason: str, by
) -> CancellationCharge:
    """Finance decides not to bill a cancelled engagement's approved work.

    Preconditions: the charge is pending. Side effects: state written_off,
    the reason and who, an audit row. Raises BillingError without a reason,
    PermissionDenied for anyone but finance, TransitionRefused when the
    charge was billed already.
    """
    require_finance(by)
    reason = (reason or "").strip()
    require(bool(reason), _("Please give a reason."))
    charge = CancellationCharge.objects.select_for_update().get(pk=charge.pk)
    apply_transition(
        charge,
        "write_off",
        by=by,
        reason=reason,
        action="invoicing.cancellation_charge.written_off",
        data={"engagement": charge.engagement_id},
        update_fields=("reason", "decided_by"),
        reason_text=reason,
        by_user=by,
    )
    return charge
