import datetime

import pytest

from invoicing.services.billing import LineInput, invoice_create, invoice_issue
from tests.invoicing.billing import factories as f
from tests.invoicing.billing.conftest import finance, operator, sample  # noqa: F401


@pytest.fixture
def issue(finance, operator):  # noqa: F811
    """issue(client, subtotal, on=date) -> an issued invoice (10% tax added);
    月末締め翌月末払い: issued 2026-03-31, due 2026-04-30."""

    def make(client, subtotal, on=datetime.date(2026, 3, 31)):
        draft = invoice_create(
            client=client, lines=[LineInput("記事作成", subtotal)], by=finance,
            period_start=on.replace(day=1), period_end=on,
        )  # fmt: skip
        return invoice_issue(invoice=draft, by=finance, issue_date=on)

    return make


@pytest.fixture
def other_client(db):
    return f.client("株式会社ホカ", legal_name_kana="ホカ")
