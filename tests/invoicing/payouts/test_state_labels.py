"""Payout documents' states read as states in Japanese, whatever other apps'
catalogues make of the bare English word."""

from django.utils import translation

from invoicing.models import PayoutStatement, WorkerOrder


def test_issued_statements_and_orders_read_issued_not_issue_date():
    with translation.override("ja"):
        assert PayoutStatement.State.ISSUED.label == "発行済"
        assert WorkerOrder.State.ISSUED.label == "発行済"
