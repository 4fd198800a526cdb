"""Demo tickets for the desk (idempotent: a ticket is made once, by title)."""

from django.contrib.auth import get_user_model

from . import demo_voice
from .models import Ticket, TicketCategory
from .services.tickets import ticket_open, ticket_reply

# (requester, staff writing on their behalf or None, category, title, body, answer)
DEMO_TICKETS = [
    (
        "client-a",
        None,
        "work",
        "納品データの形式について",
        "納品される記事はWord形式でいただけますか。",
        "はい、Word形式（.docx）でお渡しできます。次回の納品から対応します。",
    ),
    (
        "worker1",
        None,
        "payouts",
        "支払日の確認",
        "今月承認された作業の報酬はいつ振り込まれますか。",
        "",
    ),
    (
        "client-b",
        "support",
        "billing",
        "請求書の宛名変更（電話受付）",
        "電話にて：来月から請求書の宛名を経理部宛てにしてほしいとのこと。",
        "",
    ),
]


def seed(*, stdout) -> None:
    users = {u.username: u for u in get_user_model().objects.all()}
    staff = users.get("support")
    made = 0
    for requester, writer, code, title, body, answer in DEMO_TICKETS:
        person = users.get(requester)
        category = TicketCategory.objects.filter(code=code).first()
        if person is None or category is None or staff is None:
            continue
        if Ticket.objects.filter(requester=person, title=title).exists():
            continue
        ticket = ticket_open(
            by=users[writer] if writer else person,
            requester=person,
            category=category,
            title=title,
            body=body,
            channel=Ticket.Channel.PHONE if writer else Ticket.Channel.PORTAL,
        )
        if answer:
            ticket_reply(ticket=ticket, by=staff, body=answer)
        made += 1
    stdout.write(f"  support: {len(DEMO_TICKETS)} tickets ({made} new)")
    # The help centre and delivery ratings (the client's voice).
    demo_voice.seed(stdout=stdout)
