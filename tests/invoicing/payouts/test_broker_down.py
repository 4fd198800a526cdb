"""With the Celery broker down, the payout run answers a normal page, the run
waits in the outbox, and once the broker is back it issues the statements,
their PDFs and mails exactly once."""

import datetime

import pytest
from django.urls import reverse

from invoicing.models import PayoutRun, PayoutStatement
from tests.once import once
from tests.outbox import PENDING_NOTE, pending_tasks, sweep_after_recovery

from .factories import make_line

# The request's own transaction must commit for its on-commit send to run.
pytestmark = pytest.mark.django_db(transaction=True)

PAY = datetime.date(2026, 9, 30)


def test_payout_run_waits_for_the_broker_then_renders_and_mails_once(
    client, operator, yamada, sato, finance, mailoutbox, broker_down
):
    make_line(
        yamada, amount=50_000, received_on=datetime.date(2026, 8, 20), pay_date=PAY
    )
    make_line(
        sato, amount=1_500_000, received_on=datetime.date(2026, 8, 20), pay_date=PAY
    )
    mailoutbox.clear()
    client.force_login(finance)

    response = client.post(
        reverse("invoicing:payout_run", args=[PAY.isoformat()]), once(), follow=True
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count(PENDING_NOTE) == 1
    # The run itself waits for the broker: nothing is paid in the request.
    assert pending_tasks() == ["invoicing.tasks.payouts.run_payouts"]
    assert not PayoutStatement.objects.exists()

    assert sweep_after_recovery(broker_down) >= 1
    run = PayoutRun.objects.get()
    assert (run.state, run.done, run.issued) == ("done", 2, 2)
    assert PayoutStatement.objects.count() == 2
    assert sorted(m.to[0] for m in mailoutbox) == [sato.email, yamada.email]
    assert not PayoutStatement.objects.filter(pdf="").exists()
    assert pending_tasks() == []
