"""The client portal's deliverables: the files of each subtask's approved
version, downloaded one by one or all in a ZIP, once the engagement is
delivered. Every URL answers 404 for another company's engagement, before
delivery, and for any file that is not delivered (an earlier version's).

Nothing here names the workers: each file keeps the name it was uploaded
with, and the ZIP's folders are the subtasks' titles.
"""

import tempfile
import zipfile

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from .. import selectors
from .client import get_portal_engagement, portal_view
from .common import stored_upload

# Kept in memory up to this size, then spilled to a temporary file.
ZIP_IN_MEMORY = 8 * 1024 * 1024


@portal_view(get_portal_engagement)
def deliverable_file(request, engagement, file_pk):
    files = selectors.delivered_files(engagement)
    return stored_upload(get_object_or_404(files, pk=file_pk))


@portal_view(get_portal_engagement)
def deliverables_zip(request, engagement):
    """まとめてダウンロード: every delivered file, in a folder per subtask."""
    files = list(selectors.delivered_files(engagement))
    if not files:
        raise Http404
    # Closed by the response once sent.
    archive = tempfile.SpooledTemporaryFile(max_size=ZIP_IN_MEMORY)  # noqa: SIM115
    write_zip(archive, files)
    archive.seek(0)
    return FileResponse(
        archive,
        as_attachment=True,
        filename=f"{path_part(engagement.title)}.zip",
        content_type="application/zip",
    )


def write_zip(out, files) -> None:
    names: set[str] = set()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for record in files:
            name = unique_name(
                f"{path_part(record.submission.subtask.title)}/"
                f"{path_part(record.original_name)}",
                names,
            )
            with record.file.open("rb") as source, archive.open(name, "w") as dest:
                for chunk in source.chunks():
                    dest.write(chunk)


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
