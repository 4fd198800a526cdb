"""A client whose name looks like a formula is exported as text: in the
invoice CSV the cell starts with ', in Excel it is a string cell."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from invoicing.services.billing_close import month_close

from . import factories as f

NAMES = ['=HYPERLINK("http://x","y")', "+1", "@SUM(A1)", "-2+3"]


@pytest.fixture
def planted(finance, operator):
    for name in NAMES:
        company = f.client(name)
        f.completed_engagement(
            company, "翻訳", [("翻訳", 1, 40_000)],
            completed_on=datetime.date(2026, 3, 18),
        )  # fmt: skip
    month_close(period="2026-03", by=finance, today=datetime.date(2026, 4, 10))


def _export(client, finance, kind):
    client.force_login(finance)
    response = client.get(reverse("invoicing:invoice_list"), {"export": kind})
    assert response.status_code == 200
    return response.content


def test_invoice_csv_keeps_formula_names_as_text(client, finance, planted):
    text = _export(client, finance, "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert sorted(row[2] for row in rows[1:]) == sorted("'" + n for n in NAMES)
    assert {row[7] for row in rows[1:]} == {"48400"}  # amounts stay numbers


def test_invoice_xlsx_stores_formula_names_as_strings(client, finance, planted):
    sheet = load_workbook(io.BytesIO(_export(client, finance, "xlsx"))).active
    names = [row[2] for row in sheet.iter_rows(min_row=2)]
    assert {cell.data_type for cell in names} == {"s"}
    assert sorted(cell.value for cell in names) == sorted(NAMES)
    assert {row[7].value for row in sheet.iter_rows(min_row=2)} == {48_400}
