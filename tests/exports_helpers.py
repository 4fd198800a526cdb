"""Reading back the list exports as a spreadsheet user would."""

import csv
import io

from openpyxl import load_workbook


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff"), "UTF-8 with BOM, for Excel"
    return list(csv.reader(io.StringIO(body[1:])))


def xlsx_rows(response) -> list[list]:
    """Rows of the first sheet; asserts no cell is a formula."""
    data = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(data)).active
    rows = []
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                assert cell.data_type == "s", (cell.coordinate, cell.value)
        rows.append([cell.value for cell in row])
    return rows


def column(rows, header: str) -> list:
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]
