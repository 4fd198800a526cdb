"""Builders for billing tests: clients on given terms, completed engagements
with an accepted quote, the finance people."""

import datetime
import itertools
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group

from clients.models import Client, ClientContact
from clients.numbers import with_check_digit
from engagements.models import Engagement, Quote, QuoteLine, Subtask
from engagements.services.quotes import quote_amounts
from enterprise.models import WorkCategory
from tests.factories import UserFactory

TOKYO = ZoneInfo("Asia/Tokyo")
_seq = itertools.count(1)


def user_with_roles(username: str, *roles: str):
    user = UserFactory(username=username)
    user.groups.add(*Group.objects.filter(name__in=roles))
    return user


def client(name="株式会社サンプル", **terms) -> Client:
    number = with_check_digit(f"{500000 + next(_seq):012d}")
    fields = {
        "legal_name": name,
        "legal_name_kana": "サンプル",
        "corporate_number": number,
        "registration_number": f"T{number}",
        "postal_code": "150-0001",
        "address": "東京都渋谷区神宮前1-2-3",
        "billing_contact_name": "経理 花子",
        "billing_contact_email": "billing@sample.example.jp",
        "billing_contact_department": "経理部",
        "state": "active",
        "direction_fee_rate": Decimal("0.10"),
        **terms,
    }
    return Client.objects.create(**fields)


def contact_for(company: Client, username: str):
    user = user_with_roles(username, "client")
    ClientContact.objects.create(
        user=user, client=company, name=user.display_name, email=user.email
    )
    return user


def category() -> WorkCategory:
    found, _ = WorkCategory.objects.get_or_create(
        code="writing", defaults={"name": "ライティング", "name_en": "Writing"}
    )
    return found


def at(day: datetime.date, hour: int = 15) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=TOKYO)


def completed_engagement(
    company: Client,
    title: str,
    lines: list[tuple],
    *,
    completed_on: datetime.date,
    rewards: tuple[int, ...] = (),
    sales=None,
) -> Engagement:
    """A completed engagement with an accepted quote of ``lines``
    ((description, quantity, unit_price[, tax_rate]) each), the client's fee
    terms frozen on the quote as the quote service does, and one approved
    subtask per reward."""
    sales = sales or UserFactory()
    engagement = Engagement.objects.create(
        client=company, title=title, category=category(), purpose="目的",
        deliverables="成果物", acceptance_criteria="基準",
        deadline=completed_on, budget=1_000_000, sales_owner=sales,
        state=Engagement.State.COMPLETED, completed_at=at(completed_on),
    )  # fmt: skip
    quote = Quote.objects.create(
        engagement=engagement, state=Quote.State.ACCEPTED, number=f"Q-{engagement.pk}",
        valid_until=completed_on, created_by=sales,
        direction_fee_kind=company.direction_fee_kind,
        direction_fee_rate=company.direction_fee_rate,
        direction_fee_fixed=company.direction_fee_amount,
        tax_rounding=company.tax_rounding,
    )  # fmt: skip
    saved = [
        QuoteLine.objects.create(
            quote=quote,
            position=i,
            description=line[0],
            quantity=Decimal(line[1]),
            unit="式",
            unit_price=line[2],
            tax_rate=line[3] if len(line) > 3 else Decimal("0.10"),
        )  # fmt: skip
        for i, line in enumerate(lines)
    ]
    for field, value in quote_amounts(quote, saved).items():
        setattr(quote, field, value)
    quote.save()
    for n, reward in enumerate(rewards, start=1):
        Subtask.objects.create(
            engagement=engagement, title=f"{title} 作業{n}", instructions="指示",
            deliverable_spec="仕様", reward=reward, due_at=at(completed_on),
            state=Subtask.State.APPROVED,
        )  # fmt: skip
    return engagement
