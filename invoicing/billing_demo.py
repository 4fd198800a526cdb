"""Demo billing: two closed months with issued, sent and paid invoices, one
credit note and one client-deducted transfer fee.

Bills whatever completed engagements exist (the engagements demo makes some
in last month and this one). To be sure the closed months have something to
show either way, it first walks three small engagements of its own through
the engagements services to completion and moves their dates back into the
two months before this one. Safe to run again: the engagements are made
once (by title), the close issues nothing twice, and payments, sending and
the credit note are only made where they are missing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from clients.models import ClientContact
from engagements.demo import move_back
from engagements.demo_formats import due_in
from engagements.models import Delivery, Engagement
from engagements.services import assignment, decomposition, delivery, intake, quotes
from engagements.services import work as work_services
from engagements.services._base import EngagementError
from engagements.services.quotes import LineInput
from enterprise.calendar import add_months, day_in_month
from enterprise.models import WorkCategory

from .models import CreditNote, Invoice
from .services.billing import (
    CreditLineInput,
    credit_note_issue,
    invoice_send,
    payment_record,
)
from .services.billing_close import month_close

# (contact login, title, category, (description, quantity, unit, price),
#  worker, months back, day of that month it was accepted)
OWN_ENGAGEMENTS = [
    ("client-a", "社内報インタビュー記事 2本", "writing",
     ("記事作成 2,000字", "2", "本", 19_800), "worker2", 2, 12),
    ("client-b", "セミナー告知バナー", "web-design",
     ("バナー制作（静止画）", "2", "点", 16_500), "worker6", 2, 18),
    ("client-a", "採用説明会の動画編集", "image-video",
     ("動画編集（3分まで）", "1", "本", 27_500), "worker7", 1, 9),
]  # fmt: skip


def seed(*, stdout) -> None:
    users = {u.username: u for u in get_user_model().objects.all()}
    contacts = {
        c.user.username: c
        for c in ClientContact.objects.select_related("client", "user")
    }
    if not {"client-a", "client-b"} <= set(contacts):
        stdout.write("  billing: no demo client contacts, skipped")
        return
    today = timezone.localdate()
    made = 0
    for spec in OWN_ENGAGEMENTS:
        made += _own_engagement(spec, users, contacts, today)
    finance = users["finance"]
    periods = [_period(today, -2), _period(today, -1)]
    for period in periods:
        month_close(period=period, by=finance, today=today)
    _settle(periods, finance, today)
    invoices = Invoice.objects.exclude(state=Invoice.State.DRAFT)
    stdout.write(
        f"  billing: {made} engagements completed for the demo, "
        f"{invoices.count()} invoices ({', '.join(_states(invoices))}), "
        f"closed {' and '.join(periods)}"
    )


def _period(today: datetime.date, months: int) -> str:
    year, month = add_months(today.year, today.month, months)
    return f"{year:04d}-{month:02d}"


def _states(invoices) -> list[str]:
    counts: dict[str, int] = {}
    for state in invoices.values_list("state", flat=True):
        counts[state] = counts.get(state, 0) + 1
    return [f"{n} {state}" for state, n in sorted(counts.items())]


# --- a small engagement walked through the services ----------------------------


def _own_engagement(spec, users, contacts, today) -> int:
    login, title, code, line, worker, months_back, day = spec
    contact = contacts[login]
    if Engagement.objects.filter(client=contact.client, title=title).exists():
        return 0
    sales, director = users["sales"], users["director"]
    engagement = _contracted(contact, title, code, line, sales, today)
    decomposition.engagement_assign_director(
        engagement=engagement, director=director, by=sales
    )
    decomposition.engagement_start_planning(engagement=engagement, by=director)
    price = int(Decimal(line[1]) * line[3])
    subtask = decomposition.subtask_create(
        engagement=engagement,
        by=director,
        title=f"{title}（制作）",
        instructions="指示書に沿って作成してください。",
        deliverable_spec="指定の形式で提出",
        reward=price * 6 // 10,
        due_at=due_in(7),
    )
    worker = _hand_over(subtask, director, users, worker)
    submission = work_services.submission_create(
        subtask=subtask,
        by=worker,
        note="提出します。",
        files=[SimpleUploadedFile("deliverable.txt", "成果物です。".encode())],
    )
    work_services.review_approve(submission=submission, by=director, rating=5)
    engagement.refresh_from_db()
    delivery.engagement_deliver(engagement=engagement, by=director, note="納品します。")
    delivery.delivery_accept(engagement=engagement, by=contact.user)
    year, month = add_months(today.year, today.month, -months_back)
    _date_back(engagement, day_in_month(year, month, day))
    return 1


def _contracted(contact, title, code, line, sales, today) -> Engagement:
    description, quantity, unit, price = line
    engagement = intake.engagement_create(
        client=contact.client,
        by=sales,
        title=title,
        category=WorkCategory.objects.get(code=code),
        purpose="社内外への情報発信",
        deliverables=f"{description} {quantity}{unit}",
        acceptance_criteria="指示書どおりであること",
        deadline=today + datetime.timedelta(days=30),
        budget=int(Decimal(quantity) * price),
    )
    intake.engagement_submit_for_quote(engagement=engagement, by=sales)
    quote = quotes.quote_save(
        engagement=engagement,
        by=sales,
        lines=[LineInput(description, Decimal(quantity), unit, price)],
        valid_until=today + datetime.timedelta(days=14),
    )
    quote = quotes.quote_send(quote=quote, by=sales)
    quotes.quote_accept(quote=quote, by=contact.user, ip="203.0.113.20")
    return engagement


def _hand_over(subtask, director, users, preferred: str):
    """Offer to the preferred worker, or the next one free (capacity, not
    away), who accepts."""
    names = dict.fromkeys([preferred, *(f"worker{n}" for n in range(12, 0, -1))])
    for name in names:
        user = users.get(name)
        if user is None:
            continue
        _ensure_profile(user)
        try:
            offer = assignment.subtask_offer(subtask=subtask, worker=user, by=director)
        except EngagementError:
            continue
        assignment.offer_accept(offer=offer, by=user)
        return user
    raise RuntimeError("no demo worker is free to take the subtask")


def _ensure_profile(user) -> None:
    from workers.models import WorkerProfile
    from workers.services import profile_save

    if not WorkerProfile.objects.filter(user=user).exists():
        profile_save(
            user=user,
            by=user,
            legal_name=user.display_name,
            legal_name_kana="ワーカー",
            display_name=user.display_name,
        )


def _date_back(engagement: Engagement, accepted: datetime.date) -> None:
    """Demo only: the engagement reads as delivered and accepted on
    ``accepted`` (the close bills by the acceptance date)."""
    tz = timezone.get_current_timezone()
    at = datetime.datetime.combine(accepted, datetime.time(15), tzinfo=tz)
    # Quote, subtasks, submissions and deadline move back with it, so no
    # document of the story is dated after the acceptance it led to.
    # The quote was accepted (the contract made) 12 days before acceptance.
    started = accepted - datetime.timedelta(days=12)
    move_back(engagement, timezone.localdate() - started)
    Engagement.objects.filter(pk=engagement.pk).update(
        contracted_at=at - datetime.timedelta(days=12),
        delivered_at=at - datetime.timedelta(days=2),
        completed_at=at,
    )
    Delivery.objects.filter(engagement=engagement).update(
        accept_by=accepted + datetime.timedelta(days=5)
    )


# --- what happened to the invoices afterwards -------------------------------------


def _settle(periods: list[str], finance, today: datetime.date) -> None:
    """Oldest first: the first invoice is paid (the client deducted its
    transfer fee), the last is left issued, the others are sent; the second
    gets a credit note (and, unpaid past its due date, shows as overdue)."""
    invoices = list(
        Invoice.objects.filter(close_period__in=periods).order_by(
            "close_period", "number"
        )
    )
    if len(invoices) < 3:
        return
    first, middle = invoices[0], invoices[1:-1]  # the last stays issued
    if first.state in (Invoice.State.ISSUED, Invoice.State.SENT):
        payment_record(
            invoice=first,
            by=finance,
            amount=first.balance - 880,
            discount=880,  # 振込手数料 deducted: a 売上値引 (japan.md §1.4 CN2)
            received_on=min(first.due_date, today),
            note="振込手数料差引",
        )
    for invoice in middle:
        if invoice.state == Invoice.State.ISSUED:
            invoice_send(invoice=invoice, by=finance)
    if not CreditNote.objects.exists():
        credit_note_issue(
            invoice=middle[0],
            by=finance,
            reason="納品物の一部に修正漏れがあり、ご了承のうえ減額いたしました。",
            lines=[CreditLineInput("制作費の値引き", 11_000, Decimal("0.10"))],
            issue_date=min(today, middle[0].issue_date + datetime.timedelta(days=10)),
        )
