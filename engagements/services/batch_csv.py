"""Reading a batch's units from a CSV, and writing its results as one.

The upload is what clients' staff save from Excel: UTF-8 with or without a
BOM, or Shift_JIS (cp932, Excel's default on Japanese Windows). Every row is
checked before anything is stored; any bad row refuses the whole file with
the line number of each problem.
"""

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from enterprise.spreadsheet import csv_lines

from ._base import EngagementError

GOLD_PREFIX = "gold:"
MAX_VALUE_CHARS = 2_000
MAX_ERRORS_SHOWN = 50


@dataclass
class ParsedRow:
    line: int
    input: dict
    gold: dict | None


def decode(data: bytes) -> str:
    """The file's text, from UTF-8 (BOM or not) or Shift_JIS.

    A file that is neither (UTF-16 from "Unicode text", EUC-JP, a binary) is
    refused, naming the first line that cannot be read.
    """
    if not data.strip():
        raise EngagementError(_("The file is empty."))
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif b"\x00" in data:  # UTF-16 or UTF-32, or not a text file
        raise EngagementError(_unreadable(data, data.index(b"\x00")))
    else:
        candidates = ["utf-8", "cp932"]
    furthest = 0
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            furthest = max(furthest, exc.start)
    raise EngagementError(_unreadable(data, furthest))


def _unreadable(data: bytes, position: int) -> str:
    line = data[:position].count(b"\n") + 1
    return _(
        "Line %(line)s: the file is neither UTF-8 nor Shift_JIS. Save it from "
        "Excel as “CSV UTF-8” (or “CSV”) and upload it again."
    ) % {"line": line}


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(first line number, values) of each record; blank lines skipped."""
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise EngagementError(
                _("Line %(line)s: the CSV cannot be read (%(error)s).")
                % {"line": reader.line_num, "error": exc}
            ) from None
        if any(value.strip() for value in values):
            yield start, values
        start = reader.line_num + 1


def _check_header(header: list[str], input_fields, answer_fields) -> list[str]:
    names = [name.strip() for name in header]
    allowed = set(input_fields) | {GOLD_PREFIX + name for name in answer_fields}
    problems = []
    missing = [name for name in input_fields if name not in names]
    unknown = [name for name in names if name not in allowed]
    doubled = sorted({name for name in names if names.count(name) > 1})
    if missing:
        problems.append(
            _("Line 1: missing columns: %(names)s.") % {"names": "、".join(missing)}
        )
    if unknown:
        problems.append(
            _("Line 1: unknown columns: %(names)s (expected: %(expected)s).")
            % {"names": "、".join(unknown), "expected": "、".join(input_fields)}
        )
    if doubled:
        problems.append(
            _("Line 1: columns appear twice: %(names)s.")
            % {"names": "、".join(doubled)}
        )
    return problems


def _check_row(line, values, names, input_fields, gold_fields) -> tuple[list, dict]:
    problems = []
    if len(values) != len(names):
        problems.append(
            _("Line %(line)s: %(n)s values, expected %(expected)s.")
            % {"line": line, "n": len(values), "expected": len(names)}
        )
        return problems, {}
    row = {name: value.strip() for name, value in zip(names, values, strict=True)}
    for name in input_fields:
        if not row[name]:
            problems.append(
                _("Line %(line)s: “%(name)s” is empty.") % {"line": line, "name": name}
            )
    for name, value in row.items():
        if len(value) > MAX_VALUE_CHARS:
            problems.append(
                _("Line %(line)s: “%(name)s” is longer than %(max)s characters.")
                % {"line": line, "name": name, "max": f"{MAX_VALUE_CHARS:,}"}
            )
    given = [name for name in gold_fields if row[GOLD_PREFIX + name]]
    if given and len(given) != len(gold_fields):
        for name in gold_fields:
            if name not in given:
                problems.append(
                    _("Line %(line)s: the known answer “%(name)s” is empty.")
                    % {"line": line, "name": name}
                )
    return problems, row


def parse_units(
    data: bytes, *, input_fields: list[str], answer_fields: list[str], max_rows: int
) -> list[ParsedRow]:
    """Every row of the file as input (and known answer, for gold rows).

    Raises EngagementError whose messages name each bad line (the header is
    line 1); nothing is returned unless every row is good.
    """
    records = _records(decode(data))
    first = next(records, None)
    if first is None:
        raise EngagementError(_("The file is empty."))
    header = [name.strip() for name in first[1]]
    problems = _check_header(header, input_fields, answer_fields)
    if problems:
        raise EngagementError(problems)
    gold_fields = [n for n in answer_fields if GOLD_PREFIX + n in header]
    rows, problems = [], []
    for line, values in records:
        found, row = _check_row(line, values, header, input_fields, gold_fields)
        problems.extend(found)
        if found:
            continue
        gold = (
            {name: row[GOLD_PREFIX + name] for name in gold_fields}
            if gold_fields and row[GOLD_PREFIX + gold_fields[0]]
            else None
        )
        rows.append(ParsedRow(line, {n: row[n] for n in input_fields}, gold))
    if not problems and not rows:
        problems.append(_("The file has a header but no rows."))
    if len(rows) > max_rows:
        problems.append(
            _("The file has %(n)s rows; a batch takes at most %(max)s.")
            % {"n": f"{len(rows):,}", "max": f"{max_rows:,}"}
        )
    if problems:
        raise EngagementError(_limited(problems))
    return rows


def _limited(problems: list[str]) -> list[str]:
    if len(problems) <= MAX_ERRORS_SHOWN:
        return problems
    more = len(problems) - MAX_ERRORS_SHOWN
    return [
        *problems[:MAX_ERRORS_SHOWN],
        ngettext("…and %(n)s more problem.", "…and %(n)s more problems.", more)
        % {"n": more},
    ]


def results_rows(batch, units, *, with_worker: bool = True) -> Iterator[str]:
    """The results file line by line: UTF-8 with a BOM so Excel reads it.

    ``units`` yields dicts (``values()``), read in chunks, so the file of a
    large batch streams without loading every unit. Without ``with_worker``
    (the client's copy) the worker columns are left out. Every cell goes
    through spreadsheet.py: a worker's answer ``=HYPERLINK(...)`` stays text.
    """
    return csv_lines(_result_cells(batch, units, with_worker=with_worker))


def _result_cells(batch, units, *, with_worker: bool) -> Iterator[list]:
    from ..models import TaskUnit

    answers = list(batch.answer_fields)
    header = [_("row"), _("replica"), *batch.input_fields, *answers]
    if batch.redundancy > 1:
        header += [_("majority: %(field)s") % {"field": name} for name in answers]
    header += [_("check unit")]
    if with_worker:
        header += [_("worker ID"), _("worker")]
    header += [
        _("status"),
        _("submitted"),
        _("reviewed"),
        _("reason code"),
    ]
    yield header
    labels = dict(TaskUnit.State.choices)
    for unit in units:
        answer = unit["answer"] or {}
        line = [
            unit["row_number"],
            unit["replica"],
            *(unit["input"].get(name, "") for name in batch.input_fields),
            *(answer.get(name, "") for name in answers),
        ]
        if batch.redundancy > 1:
            consensus = unit["consensus"] or {}
            line += [consensus.get(name, "") for name in answers]
        line += [_("yes") if unit["gold_answer"] is not None else ""]
        if with_worker:
            line += [unit["claimed_by__username"] or "", _worker_name(unit)]
        line += [
            str(labels[unit["state"]]),
            _stamp(unit["submitted_at"]),
            _stamp(unit["reviewed_at"]),
            unit["rejection_code"],
        ]
        yield line


def _worker_name(unit) -> str:
    names = [unit["claimed_by__last_name"], unit["claimed_by__first_name"]]
    return " ".join(filter(None, names))


def _stamp(value) -> str:
    from django.utils import timezone

    return timezone.localtime(value).strftime("%Y/%m/%d %H:%M") if value else ""
