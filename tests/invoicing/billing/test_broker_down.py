"""With the Celery broker down, finance's month close and invoice sending
answer a normal page, the work waits in the outbox, and it is done exactly
once when the broker is back."""

import datetime

import pytest
from django.urls import reverse

from invoicing.models import Invoice, MonthCloseRun
from invoicing.services.billing_close import month_close
from tests.once import once
from tests.outbox import PENDING_NOTE, pending_tasks, sweep_after_recovery

from . import factories as f

# The request's own transaction must commit for its on-commit send to run.
pytestmark = pytest.mark.django_db(transaction=True)


def test_month_close_waits_for_the_broker_then_runs_once(
    client, finance, sample, operator, broker_down
):
    f.completed_engagement(
        sample, "記事", [("記事", 1, 10_000)], completed_on=datetime.date(2026, 3, 3)
    )
    client.force_login(finance)

    response = client.post(
        reverse("invoicing:month_close"), once(period="2026-03"), follow=True
    )

    run = MonthCloseRun.objects.get()
    assert response.status_code == 200
    page = response.content.decode()
    assert PENDING_NOTE in page
    assert "処理待ち：バックグラウンド処理が受け付けしだい" in page
    assert run.state == "queued"
    assert pending_tasks() == ["invoicing.tasks.billing.run_month_close"]
    assert not Invoice.objects.exists()

    # The run's invoice, then that invoice's PDF (queued by the run itself).
    assert sweep_after_recovery(broker_down) == 1
    run.refresh_from_db()
    invoice = Invoice.objects.get()
    assert (run.state, run.issued, invoice.close_period) == ("done", 1, "2026-03")
    invoice.refresh_from_db()
    assert invoice.pdf_sha256


def test_invoice_send_waits_for_the_broker_then_mails_once(
    client, finance, sample, operator, broker_down, mailoutbox
):
    f.completed_engagement(
        sample, "記事", [("記事", 1, 10_000)], completed_on=datetime.date(2026, 3, 3)
    )
    broker_down.back()
    month_close(period="2026-03", by=finance, today=datetime.date(2026, 4, 10))
    invoice = Invoice.objects.get()
    broker_down.down()
    client.force_login(finance)

    response = client.post(
        reverse("invoicing:invoice_send", args=[invoice.pk]), once(), follow=True
    )

    assert response.status_code == 200
    assert PENDING_NOTE in response.content.decode()
    invoice.refresh_from_db()
    assert invoice.state == "sent"
    assert pending_tasks() == ["enterprise.tasks.send_mail_task"]
    assert mailoutbox == []

    assert sweep_after_recovery(broker_down) == 1
    (mail,) = mailoutbox
    assert mail.subject == f"【元請】請求書のご送付：{invoice.number}"
