"""enterprise/spreadsheet.py: a cell a spreadsheet would run as a formula
comes back as the text that was typed; numbers stay numbers."""

import csv
import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook

from enterprise.spreadsheet import csv_lines, csv_response, safe_cell, xlsx_append

PLANTED = ['=HYPERLINK("http://x","y")', "+1", "@SUM(A1)", "-2+3", "\tx", "\rx"]


@pytest.mark.parametrize("text", PLANTED)
def test_a_formula_start_is_quoted(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value", ["株式会社サンプル", "03-1111-2222", "", 0, -5, 1.5, None]
)
def test_plain_text_and_numbers_are_left_alone(value):
    assert safe_cell(value) == value


def test_csv_lines_start_with_the_bom_and_read_back_as_text():
    text = "".join(csv_lines([["name", "amount"], *[[p, -100] for p in PLANTED]]))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert rows[0] == ["name", "amount"]
    assert [row[0] for row in rows[1:]] == ["'" + p for p in PLANTED]
    assert {row[1] for row in rows[1:]} == {"-100"}  # a number is not escaped


def test_csv_response_streams_a_utf8_attachment():
    response = csv_response("x.csv", [["a"], ["=1+1"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body == "a\r\n'=1+1\r\n"


def test_xlsx_cells_are_text_numbers_and_dates_as_typed():
    book = Workbook()
    sheet = book.active
    xlsx_append(sheet, [*PLANTED[:4], 306_801, datetime.date(2026, 3, 31)])
    out = io.BytesIO()
    book.save(out)
    cells = load_workbook(io.BytesIO(out.getvalue())).active[1]
    for cell, typed in zip(cells[:4], PLANTED[:4], strict=True):
        assert (cell.data_type, cell.value) == ("s", typed)
    assert (cells[4].data_type, cells[4].value) == ("n", 306_801)
    assert cells[5].value == datetime.datetime(2026, 3, 31)
