"""seed_demo's payouts: one paid payout, one issued with its Zengin file,
the rest scheduled; nothing new the second time."""

from io import StringIO

import pytest
from django.core.management import call_command

from clients import demo as clients_demo
from engagements import demo as engagements_demo
from enterprise import demo as people
from invoicing import demo
from invoicing.models import PayoutLine, PayoutStatement, WorkerFeePolicy
from invoicing.services.payouts.exports import zengin_file
from invoicing.zengin import parse_transfer_file
from workers import demo as workers_demo


@pytest.fixture
def seeded(db, django_capture_on_commit_callbacks):
    call_command("loaddata", "categories", "skills", verbosity=0)
    for module in (people, clients_demo, workers_demo, engagements_demo):
        module.seed(stdout=StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(stdout=StringIO())


def test_demo_has_paid_issued_and_scheduled_payouts(seeded):
    states = set(PayoutStatement.objects.values_list("state", flat=True))
    assert states == {"paid", "issued"}
    assert PayoutLine.objects.filter(state="scheduled").exists()
    assert all(s.pdf_sha256 for s in PayoutStatement.objects.all())
    assert WorkerFeePolicy.objects.filter(category__isnull=True, work_format="").get(
    ).describe() == "報酬額（税抜）の10%"  # fmt: skip
    unpaid = PayoutStatement.objects.filter(state="issued").first()
    data = zengin_file(pay_date=unpaid.pay_date, by=None)
    _header, transfers, trailer = parse_transfer_file(data)
    assert trailer.total == sum(
        PayoutStatement.objects.filter(
            state="issued", pay_date=unpaid.pay_date
        ).values_list("net", flat=True)
    )
    assert len(transfers) == trailer.count


def test_demo_is_safe_to_run_twice(seeded):
    before = list(PayoutStatement.objects.values_list("number", "state", "net"))
    demo.seed(stdout=StringIO())
    assert list(PayoutStatement.objects.values_list("number", "state", "net")) == before
