"""Builders for engagement tests: a client, its people, an engagement in any state."""

import datetime
import itertools
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from clients.models import Client, ClientContact
from engagements.services import intake, quotes
from engagements.services.quotes import LineInput
from enterprise.models import Skill, WorkCategory
from tests.factories import UserFactory
from workers.models import WorkerProfile

_numbers = itertools.count(1)


def corporate_number(seed: int) -> str:
    """A valid 法人番号: the check digit (first) over a 12-digit base."""
    base = f"{seed:012d}"
    total = sum(int(d) * (1 if i % 2 == 0 else 2) for i, d in enumerate(reversed(base)))
    return f"{9 - total % 9}{base}"


def user_with_roles(username: str, *roles: str):
    user = UserFactory(username=username)
    user.groups.add(*Group.objects.filter(name__in=roles))
    return user


def active_client(name="株式会社テスト", **fields) -> Client:
    number = corporate_number(100000 + next(_numbers))
    return Client.objects.create(
        legal_name=name, legal_name_kana="テスト", corporate_number=number,
        registration_number=f"T{number}", postal_code="100-0001",
        address="東京都千代田区千代田1-1", billing_contact_name="経理 太郎",
        billing_contact_email="billing@example.jp", state="active", **fields,
    )  # fmt: skip


def contact_for(client: Client, username: str):
    user = user_with_roles(username, "client")
    ClientContact.objects.create(
        user=user, client=client, name=user.display_name, email=user.email
    )
    return user


def worker(username: str, capacity: int = 3):
    user = user_with_roles(username, "worker")
    WorkerProfile.objects.create(
        user=user, legal_name=f"{username} 氏名", legal_name_kana="シメイ",
        display_name=username, capacity=capacity,
    )  # fmt: skip
    return user


def writing() -> WorkCategory:
    category, _ = WorkCategory.objects.get_or_create(
        code="writing", defaults={"name": "ライティング", "name_en": "Writing"}
    )
    return category


def article_skill() -> Skill:
    skill, _ = Skill.objects.get_or_create(
        code="article",
        defaults={"name": "記事作成", "name_en": "Articles", "category": writing()},
    )
    return skill


def in_days(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def sent_quote(engagement, sales):
    """Send the draft engagement a quote of ¥198,000 of work (10 articles at
    ¥19,800; the client's 10% fee), valid for 14 days."""
    intake.engagement_submit_for_quote(engagement=engagement, by=sales)
    quote = quotes.quote_save(
        engagement=engagement, by=sales,
        lines=[LineInput("記事作成", Decimal("10"), "本", 19_800)],
        valid_until=timezone.localdate() + datetime.timedelta(days=14),
    )  # fmt: skip
    return quotes.quote_send(quote=quote, by=sales)
