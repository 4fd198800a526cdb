"""The pay-date page exports its lines due and its statements (CSV with BOM
and Excel, formulas as text); only finance reaches them."""

import datetime

from django.test import Client
from django.urls import reverse

from invoicing.services import payouts
from tests.exports_helpers import column, csv_rows, xlsx_rows

from .factories import make_line

PAY = datetime.date(2026, 9, 30)
RECEIVED = datetime.date(2026, 8, 20)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_lines_and_statements_export(operator, yamada, sato, finance):
    make_line(yamada, amount=50_000, received_on=RECEIVED, pay_date=PAY)
    payouts.payout_run(pay_date=PAY, by=finance)
    make_line(
        sato, amount=30_000, received_on=RECEIVED, pay_date=PAY,
        description="=SUM(A1:A9)",
    )  # fmt: skip
    page_url = reverse("invoicing:payout_date", args=[PAY.isoformat()])
    browser = _client(finance)
    page = browser.get(page_url)
    assert "rows=lines&amp;export=csv" in page.text
    assert "rows=statements&amp;export=xlsx" in page.text

    lines = csv_rows(browser.get(page_url + "?rows=lines&export=csv"))
    assert column(lines, "説明") == ["'=SUM(A1:A9)"]
    assert column(lines, "ワーカー") == [sato.display_name]
    sheet = xlsx_rows(browser.get(page_url + "?rows=lines&export=xlsx"))
    assert column(sheet, "説明") == ["=SUM(A1:A9)"]
    assert column(sheet, sheet[0][6]) == [30_000]

    statements = csv_rows(browser.get(page_url + "?rows=statements&export=csv"))
    assert len(statements) == 2
    assert column(statements, statements[0][1]) == ["山田 太郎"]
    assert column(statements, "差引支払額") == ["49895"]
    book = xlsx_rows(browser.get(page_url + "?rows=statements&export=xlsx"))
    assert column(book, "差引支払額") == [49_895]

    for outsider in (yamada, sato):
        answer = _client(outsider).get(page_url + "?rows=statements&export=csv")
        assert answer.status_code == 403
