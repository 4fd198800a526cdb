import datetime

import pytest
from django.utils import timezone

from engagements.services import intake

from . import factories as f


@pytest.fixture
def world(db):
    """A client with a contact, sales, a director, two workers, an outsider."""

    class World:
        client = f.active_client()
        other_client = f.active_client(name="合同会社ほか")
        sales = f.user_with_roles("sales-1", "sales")
        director = f.user_with_roles("director-1", "director")
        other_director = f.user_with_roles("director-2", "director")
        contact = f.contact_for(client, "contact-1")
        other_contact = f.contact_for(other_client, "contact-2")
        alice = f.worker("alice")
        bob = f.worker("bob")
        category = f.writing()

    return World


@pytest.fixture
def engagement(world):
    """A draft engagement of world.client, written by sales."""
    return intake.engagement_create(
        client=world.client, by=world.sales, title="オウンドメディア記事 10本",
        category=world.category, purpose="自社サービスの認知向上",
        deliverables="2,000字の記事10本（Word形式）",
        acceptance_criteria="表記ルールに沿っていること、コピペ率10%未満",
        deadline=timezone.localdate() + datetime.timedelta(days=30), budget=198_000,
    )  # fmt: skip


@pytest.fixture
def quoted(world, engagement):
    """The engagement with a sent quote of ¥198,000 of work (10% fee)."""
    return f.sent_quote(engagement, world.sales)
