"""Cells that a spreadsheet reads as data, never as a formula.

Every CSV and Excel file Motouke writes goes through here. A cell that starts
with ``= + - @``, a tab or a carriage return is a formula to Excel and
LibreOffice (OWASP "CSV injection"): a worker's answer ``=HYPERLINK(...)``
would come back live in the client's spreadsheet. In CSV such a text is
prefixed with a single quote, as OWASP recommends; in .xlsx it is stored as a
string cell, which Excel never evaluates. Numbers stay numbers.
"""

import csv
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value):
    """The value as a CSV cell: text that could start a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable) -> list:
    return [safe_cell(value) for value in values]


class _Echo:
    """A file-like object whose write returns the line (for streaming)."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable], *, bom: bool = True) -> Iterator[str]:
    """CSV text line by line (CRLF), every cell made safe; BOM first for Excel."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    if bom:
        yield BOM
    for row in rows:
        yield writer.writerow(safe_row(row))


def csv_response(filename: str, rows: Iterable[Iterable]) -> StreamingHttpResponse:
    """A streamed UTF-8 (with BOM) CSV download of ``rows`` (header first)."""
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in csv_lines(rows)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_append(sheet, values: Iterable) -> None:
    """Append a row to an openpyxl sheet with every text cell stored as text.

    openpyxl turns a str starting with ``=`` into a formula on assignment;
    setting the cell's data type back to string keeps it as typed.
    """
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
