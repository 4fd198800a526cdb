"""The pages of the billing shapes: the client accepts a milestone on its
engagement page (another company's gets a 404); finance sees the cancelled
work waiting to be billed and writes it off with a reason."""

import pytest
from django.urls import reverse

from engagements.models import Milestone, QuoteLine, Subtask
from engagements.services.delivery import engagement_cancel
from invoicing.models import CancellationCharge
from tests.invoicing.billing.factories import client, contact_for

from .helpers import running_engagement

M = QuoteLine.Billing.MILESTONE


@pytest.mark.django_db
def test_the_client_accepts_a_milestone_on_its_page(operator, sample, client):
    engagement, (start, _rest) = running_engagement(
        sample, "サイト制作", [("着手金", 100_000, M), ("残金", 200_000, M)]
    )
    client.force_login(contact_for(sample, "client-1"))
    detail = reverse("engagements:client_detail", args=[engagement.pk])
    assert "着手金" in client.get(detail).content.decode()

    url = reverse("engagements:client_milestone_accept", args=[engagement.pk, start.pk])
    assert client.post(url).status_code == 302
    assert Milestone.objects.get(quote_line=start).state == "accepted"

    client.force_login(contact_for(client_company := sample_other(), "client-x"))
    assert client_company.pk != sample.pk
    assert client.post(url).status_code == 404


def _cancelled(company, sales, n):
    engagement, _lines = running_engagement(
        company, f"解約テスト{n}", [("作業", 100_000, QuoteLine.Billing.COMPLETION)],
        rewards=[(40_000, Subtask.State.APPROVED)], cancellation_rate="0",
    )  # fmt: skip
    engagement_cancel(engagement=engagement, by=sales, reason="中止")


def sample_other():
    return client("株式会社ほか")


@pytest.mark.django_db
def test_finance_writes_off_cancelled_work_with_a_reason(
    operator, sample, sales, finance, client, django_assert_max_num_queries
):
    client.force_login(finance)
    url = reverse("invoicing:cancellations")
    for size in (1, 4):  # the page's queries do not grow with its rows
        while CancellationCharge.objects.count() < size:
            _cancelled(sample, sales, CancellationCharge.objects.count())
        with django_assert_max_num_queries(15):
            page = client.get(url).content.decode()
        assert page.count("解約テスト") == size and "¥40,000" in page

    charge = CancellationCharge.objects.first()
    write_off = reverse("invoicing:cancellation_write_off", args=[charge.pk])
    assert client.post(write_off, {"reason": ""}).status_code == 400
    assert client.post(write_off, {"reason": "当社都合"}).status_code == 302
    charge.refresh_from_db()
    assert (charge.state, charge.reason) == ("written_off", "当社都合")

    client.force_login(sales)
    assert client.get(url).status_code in (403, 404)
