"""Dates and periods are checked at entry: a payment on 0001-01-01 or a close
for 9999-12 is a field error (or a one-line refusal), never stored or a 500."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from invoicing.models import MonthCloseRun
from tests.once import once

from .test_pages import closed  # noqa: F401 - the fixture


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2026-02-30"])
def test_payment_on_an_impossible_date_is_a_field_error(client, finance, closed, day):  # noqa: F811
    client.force_login(finance)
    response = client.post(
        reverse("invoicing:payment_create", args=[closed.pk]),
        once(received_on=day, amount=1_000, discount=0),
    )
    assert response.status_code in (200, 400)
    assert "received_on" in response.context["form"].errors
    assert not closed.payments.exists()


@pytest.mark.parametrize("period", ["9999-12", "0001-01", "１９９９-１２"])
def test_close_for_an_impossible_period_is_a_field_error(client, finance, period):
    client.force_login(finance)
    response = client.post(reverse("invoicing:month_close"), once(period=period))
    assert response.status_code in (200, 400)
    assert "period" in response.context["form"].errors
    assert not MonthCloseRun.objects.exists()


def test_close_month_command_refuses_9999_12_in_one_line(db):
    with pytest.raises(CommandError) as caught:
        call_command("close_month", "9999-12", stdout=StringIO())
    assert "2000/01/01" in str(caught.value)
