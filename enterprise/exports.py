"""Every list page exports what it shows, filtered, as CSV or Excel.

A list view builds its filtered, permission-scoped queryset as usual, then::

    if export := list_export(request, "clients", CLIENT_COLUMNS, clients):
        return export

``?export=csv`` streams UTF-8 CSV with a BOM (Excel opens it as UTF-8);
``?export=xlsx`` an Excel workbook. Every cell goes through
``enterprise.spreadsheet`` so text such as ``=1+1`` stays text. The page links
to both with ``{% include "_export_links.html" %}``.
"""

import tempfile
from collections.abc import Callable, Iterable
from itertools import chain

from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse
from django.utils import timezone
from openpyxl import Workbook

from .spreadsheet import csv_response, xlsx_append

Column = tuple[str, Callable]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def field(model, name: str, getter: Callable | None = None) -> Column:
    """A column headed by the model field's (translated) verbose name."""
    label = model._meta.get_field(name).verbose_name
    return (label, getter or (lambda row: getattr(row, name)))


def state(model, name: str = "state") -> Column:
    """The state column, as its label (the page shows labels, not codes)."""
    return field(model, name, lambda row: getattr(row, f"get_{name}_display")())


def _rows(columns: list[Column], rows: Iterable) -> Iterable[list]:
    if isinstance(rows, QuerySet):
        # Chunks keep memory flat; prefetches still apply per chunk.
        rows = rows.iterator(chunk_size=500)
    for row in rows:
        yield [_plain(getter(row)) for _header, getter in columns]


def _plain(value):
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        return timezone.localtime(value).strftime("%Y/%m/%d %H:%M")
    if hasattr(value, "strftime"):
        return value.strftime("%Y/%m/%d")
    if isinstance(value, bool):
        return "○" if value else ""
    if isinstance(value, int | str):
        return value
    return str(value)


def _heading(label) -> str:
    text = str(label)
    return text[:1].upper() + text[1:]


def list_export(
    request, name: str, columns: list[Column], rows: Iterable
) -> HttpResponse | None:
    """The download asked for by ``?export=csv|xlsx``, or None (show the page)."""
    kind = request.GET.get("export")
    if kind not in ("csv", "xlsx"):
        return None
    header = [_heading(label) for label, _getter in columns]
    filename = f"{name}-{timezone.localdate():%Y%m%d}.{kind}"
    if kind == "csv":
        return csv_response(filename, chain([header], _rows(columns, rows)))
    return xlsx_response(filename, header, _rows(columns, rows))


def xlsx_response(filename: str, header: list, rows: Iterable) -> FileResponse:
    workbook = Workbook()
    sheet = workbook.active
    xlsx_append(sheet, header)
    for row in rows:
        xlsx_append(sheet, row)
    # Spooled: kept in memory while small, on disk past 8 MB, then streamed.
    handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (FileResponse closes it)
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type=XLSX
    )
