# ruff: noqa: F811 (pytest fixtures imported from the invoicing suites)
"""A worker objects to a payout statement through the ticket its objection
notice links, prefilled with the statement; the desk makes it a dispute and
releases the held line through the payouts service; the next run pays it."""

import datetime

import pytest
from django.urls import reverse

from enterprise.audit import timeline_for
from enterprise.once import new_token
from invoicing.models import PayoutLine
from invoicing.services import payouts
from support.models import DisputeOutcome, Ticket, TicketCategory
from support.services.disputes import dispute_decide, dispute_open
from support.services.tickets import ticket_open
from tests.invoicing.billing.factories import user_with_roles
from tests.invoicing.payouts.conftest import finance, operator, yamada  # noqa: F401
from tests.invoicing.payouts.factories import make_line

PAY = datetime.date(2026, 4, 30)


@pytest.fixture
def mediator(db):
    """A desk member who is also in finance, so money outcomes apply."""
    return user_with_roles("mediator", "support", "finance")


@pytest.fixture
def statement_and_held_line(operator, yamada, finance):
    make_line(
        yamada, amount=30_000, received_on=datetime.date(2026, 3, 5), pay_date=PAY
    )
    held = make_line(
        yamada,
        amount=10_000,
        received_on=datetime.date(2026, 2, 1),
        pay_date=PAY,
        state="held",
        flags=["beyond_limit"],
        description="記事作成（2月分）",
    )
    [statement] = payouts.payout_run(pay_date=PAY, by=finance)
    return statement, held


def test_objection_ends_in_a_released_hold_paid_in_the_next_run(
    client,
    yamada,
    finance,
    mediator,
    statement_and_held_line,
):
    statement, held = statement_and_held_line
    client.force_login(yamada)
    page = client.get(reverse("invoicing:payout_statement", args=[statement.pk]))
    link = reverse("support:new") + f"?payout_statement={statement.pk}"
    assert link in page.content.decode()

    form = client.get(link)
    assert statement.number in form.content.decode()
    initial = form.context["form"].initial
    response = client.post(
        link,
        {
            "category": initial["category"],
            "title": initial["title"],
            "body": "2月分の記事作成の報酬が載っていません",
            "once_token": new_token(),
        },
    )
    ticket = Ticket.objects.get()
    assert response.url == reverse("support:ticket", args=[ticket.pk])
    assert (ticket.payout_statement, ticket.category.code) == (statement, "payouts")

    client.force_login(mediator)
    client.post(
        reverse("support:dispute", args=[ticket.pk]),
        {"worker": yamada.pk, "once_token": new_token()},
    )
    ticket.refresh_from_db()
    assert ticket.kind == "dispute"
    assert ticket.dispute.claims.get().party == "worker"
    client.post(
        reverse("support:dispute_decide", args=[ticket.pk]),
        {
            "outcome-kind": "payout_released",
            "outcome-payout_line": held.pk,
            "outcome-reason": "検収遅延は当社都合。次回支払で支払う",
            "once_token": new_token(),
        },
    )
    held.refresh_from_db()
    ticket.refresh_from_db()
    outcome = ticket.dispute.outcome
    assert held.state == PayoutLine.State.SCHEDULED
    assert (outcome.kind, outcome.payout_line, outcome.amount) == (
        "payout_released",
        held,
        10_000,
    )
    assert ticket.state == "resolved"
    assert "invoicing.payout_line.released" in [e.action for e in timeline_for(held)]
    assert "support.dispute.decided" in [e.action for e in timeline_for(ticket)]

    [paid] = payouts.payout_run(pay_date=PAY, by=finance)
    held.refresh_from_db()
    assert (paid.subtotal, held.statement) == (10_000, paid)
    assert paid.net == 10_000 + 1_000 - 1_021


def test_the_desk_without_finance_rights_cannot_release(
    client,
    yamada,
    statement_and_held_line,
):
    statement, held = statement_and_held_line

    desk = user_with_roles("desk-only", "support")
    ticket = ticket_open(
        by=yamada,
        category=TicketCategory.objects.get(code="payouts"),
        title="異議",
        body="報酬が足りません",
        payout_statement=statement,
    )
    dispute_open(ticket=ticket, by=desk, worker=yamada)
    client.force_login(desk)
    response = client.post(
        reverse("support:dispute_decide", args=[ticket.pk]),
        {
            "outcome-kind": "payout_released",
            "outcome-payout_line": held.pk,
            "outcome-reason": "理由",
            "once_token": new_token(),
        },
        follow=True,
    )
    held.refresh_from_db()
    assert held.state == "held"
    assert "経理" in response.content.decode()
    assert not DisputeOutcome.objects.exists()


def test_a_dispute_can_hold_a_scheduled_line_until_it_is_decided(
    yamada, finance, mediator, statement_and_held_line
):
    statement, _held = statement_and_held_line
    line = make_line(
        yamada,
        amount=5_000,
        received_on=datetime.date(2026, 3, 20),
        pay_date=PAY,
        description="修正対応",
    )
    ticket = ticket_open(
        by=yamada,
        category=TicketCategory.objects.get(code="payouts"),
        title="修正対応の報酬",
        body="修正対応の金額に異議があります",
    )
    dispute = dispute_open(ticket=ticket, by=mediator, worker=yamada)

    outcome = dispute_decide(
        dispute=dispute,
        by=mediator,
        kind="payout_held",
        reason="クライアント確認まで保留",
        payout_line=line,
    )
    line.refresh_from_db()
    assert (line.state, outcome.payout_line, outcome.amount) == ("held", line, 5_000)
    assert payouts.payout_run(pay_date=PAY, by=finance) == []
    assert "invoicing.payout_line.held" in [e.action for e in timeline_for(line)]
