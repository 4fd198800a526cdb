import datetime
import io

import pytest
from django.test import Client as HttpClient
from django.utils import timezone
from guardian.shortcuts import assign_perm

from api import keys
from engagements.services import intake
from enterprise.demo_operator import seed_operator
from invoicing.services.billing import LineInput, invoice_create, invoice_issue

from ..engagements import factories as f


class Api:
    """An HTTP client that sends a fresh API key of ``user``."""

    def __init__(self, user, scope="write"):
        self.key, self.raw = keys.api_key_create(
            user=user, by=user, name=f"{user.username}-{scope}", scope=scope
        )
        self.http = HttpClient(HTTP_AUTHORIZATION=f"Bearer {self.raw}")

    def get(self, path, **headers):
        return self.http.get(path, headers=headers)

    def post(self, path, data=None, **headers):
        return self.http.post(
            path, data=data or {}, content_type="application/json", headers=headers
        )


def order(title="オウンドメディア記事 10本", **fields):
    return {
        "title": title,
        "purpose": "自社サービスの認知向上",
        "deliverables": "2,000字の記事10本（Word形式）",
        "acceptance_criteria": "表記ルールに沿っていること",
        "deadline": timezone.localdate() + datetime.timedelta(days=30),
        "budget": 198_000,
        **fields,
    }


@pytest.fixture
def world(db):
    class World:
        client_a = f.active_client("株式会社エー")
        client_b = f.active_client("株式会社ビー")
        sales = f.user_with_roles("sales-1", "sales")
        finance = f.user_with_roles("finance-1", "finance")
        contact_a = f.contact_for(client_a, "client-a")
        contact_b = f.contact_for(client_b, "client-b")
        category = f.writing()

    for company, contact in (
        (World.client_a, World.contact_a),
        (World.client_b, World.contact_b),
    ):
        company.sales_owner = World.sales
        company.save(update_fields=["sales_owner"])
        # What the contact invitation grants (clients.services).
        assign_perm("clients.view_client", contact, company)
    return World


def draft_for(world, company, title="記事作成"):
    return intake.engagement_create(
        client=company, by=world.sales, category=world.category,
        **{**order(title), "deadline": order()["deadline"]},
    )  # fmt: skip


@pytest.fixture
def quoted_b(world):
    """client-b's engagement with a sent quote."""
    return f.sent_quote(draft_for(world, world.client_b, "ビー社の記事"), world.sales)


@pytest.fixture
def quoted_a(world):
    return f.sent_quote(draft_for(world, world.client_a, "エー社の記事"), world.sales)


@pytest.fixture
def invoices(world):
    """One issued invoice for each company."""
    seed_operator(stdout=io.StringIO())
    issued = {}
    for name, company in (("a", world.client_a), ("b", world.client_b)):
        draft = invoice_create(
            client=company, lines=[LineInput("記事作成", 100_000)], by=world.finance,
            period_start=datetime.date(2026, 3, 1),
            period_end=datetime.date(2026, 3, 31),
        )  # fmt: skip
        issued[name] = invoice_issue(
            invoice=draft, by=world.finance, issue_date=datetime.date(2026, 3, 31)
        )
    return issued
