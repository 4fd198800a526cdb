"""The client portal's deliverables, once the engagement is delivered: the
files of each subtask's approved version, the winning entry's files of a
competition, and a task batch's results as a CSV (approved answers only);
downloaded one by one or all in a ZIP. Every URL answers 404 for another
company's engagement, before delivery, and for anything not delivered (an
earlier version's file, a losing entry's).

Nothing here names the workers: each file keeps the name it was uploaded
with, the ZIP's folders are the subtasks' titles, and the batch CSV has no
worker columns.
"""

import tempfile
import zipfile

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header

from .. import selectors
from ..services import batch_csv
from .client import get_portal_engagement, portal_view
from .common import stored_upload

# Kept in memory up to this size, then spilled to a temporary file.
ZIP_IN_MEMORY = 8 * 1024 * 1024

# What each kind of delivered file is looked up in (scoped to the engagement).
DELIVERED_FILES = {
    "file": selectors.delivered_files,
    "entry": selectors.delivered_entry_files,
}


@portal_view(get_portal_engagement)
def deliverable_file(request, engagement, file_pk, kind="file"):
    files = DELIVERED_FILES[kind](engagement)
    return stored_upload(get_object_or_404(files, pk=file_pk))


@portal_view(get_portal_engagement)
def deliverable_batch_csv(request, engagement, batch_pk):
    """A batch's results as the director exports them, without the workers."""
    batch = get_object_or_404(selectors.delivered_batches(engagement), pk=batch_pk)
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in batch_rows(batch)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(
        True, f"{path_part(batch.subtask.title)}.csv"
    )
    return response


def batch_rows(batch):
    units = selectors.delivered_batch_units(batch)
    return batch_csv.results_rows(batch, units, with_worker=False)


@portal_view(get_portal_engagement)
def deliverables_zip(request, engagement):
    """まとめてダウンロード: everything delivered, in a folder per subtask."""
    items = selectors.deliverables(engagement)
    if not items:
        raise Http404
    # Closed by the response once sent.
    archive = tempfile.SpooledTemporaryFile(max_size=ZIP_IN_MEMORY)  # noqa: SIM115
    write_zip(archive, items)
    archive.seek(0)
    return FileResponse(
        archive,
        as_attachment=True,
        filename=f"{path_part(engagement.title)}.zip",
        content_type="application/zip",
    )


def write_zip(out, items) -> None:
    names: set[str] = set()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in items:
            name = unique_name(
                f"{path_part(item.subtask.title)}/{path_part(item.name)}", names
            )
            with archive.open(name, "w") as dest:
                for chunk in contents(item):
                    dest.write(chunk)


def contents(item):
    """The bytes of one delivered item, in chunks."""
    if item.kind == "batch":
        yield from (line.encode("utf-8") for line in batch_rows(item.record))
        return
    with item.record.file.open("rb") as source:
        yield from source.chunks()


def path_part(name: str) -> str:
    """A title or file name usable as one part of a path in the ZIP."""
    return name.replace("/", "_").replace("\\", "_").strip(". ") or "_"


def unique_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name (2)`` etc. when two subtasks share a title and a
    file name."""
    stem, dot, ext = name.rpartition(".")
    if not dot or "/" in ext:
        stem, dot, ext = name, "", ""
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem} ({n}){dot}{ext}"
    taken.add(candidate)
    return candidate
