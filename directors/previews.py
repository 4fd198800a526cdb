"""What the review page shows of a submitted file before it is downloaded.

Images are shown inline and PDFs in a frame, both served by the preview view
(the same check as the download); plain text and CSV show their first lines,
escaped by the template; any other kind shows its name, size and link only.
The kind comes from the extension in the upload allow-list, never from what
the uploader's browser claimed.
"""

from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.exceptions import ValidationError

from workers.services.imports import decode_csv

IMAGE = {".png", ".jpg", ".jpeg", ".gif", ".svg"}
PDF = {".pdf"}
TEXT = {".txt", ".md", ".csv"}
TEXT_LINES = 50
TEXT_BYTES = 64 * 1024  # read no more than this of a text file
LINE_CHARS = 300


@dataclass
class Preview:
    file: object
    kind: str  # "image", "pdf", "text" or "other"
    lines: list[str] = field(default_factory=list)
    truncated: bool = False


def kind_of(name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    if suffix in IMAGE:
        return "image"
    if suffix in PDF:
        return "pdf"
    if suffix in TEXT:
        return "text"
    return "other"


def inline_kind(name: str) -> bool:
    """Whether the preview view may send the file to be shown in the page."""
    return kind_of(name) in ("image", "pdf")


def _decode(data: bytes) -> str:
    """UTF-8, else Shift_JIS (Excel's, as the worker import reads it), else
    UTF-8 with the undecodable bytes replaced: a preview never refuses."""
    try:
        return decode_csv(data)
    except ValidationError:
        return data.decode("utf-8", errors="replace")


def _first_lines(record) -> tuple[list[str], bool]:
    try:
        with record.file.open("rb") as handle:
            data = handle.read(TEXT_BYTES + 1)
    except (FileNotFoundError, OSError):
        return [], False
    more = len(data) > TEXT_BYTES
    if more:
        # Cut after the last whole line: a character cut in two would make
        # UTF-8 look like something else.
        data = data[: data.rfind(b"\n", 0, TEXT_BYTES) + 1 or TEXT_BYTES]
    lines = _decode(data).splitlines()
    shown = [line[:LINE_CHARS] for line in lines[:TEXT_LINES]]
    return shown, more or len(lines) > TEXT_LINES


def previews(files) -> list[Preview]:
    """One Preview per file, text files read from storage."""
    result = []
    for record in files:
        kind = kind_of(record.original_name)
        preview = Preview(file=record, kind=kind)
        if kind == "text":
            preview.lines, preview.truncated = _first_lines(record)
        result.append(preview)
    return result
