"""Every stored file a view sends leaves through here.

Uploads (a worker's submission, a competition entry) go out as attachments
with the Content-Type of their extension in the upload allow-list, never the
one the uploader's browser claimed, and with a policy that runs nothing: an
SVG or an HTML file opened from the site must not run script in its origin.

Issued documents (quotes, order confirmations, invoices, credit notes, worker
orders, payout statements, master agreements) recorded the SHA-256 of their
PDF when it was rendered; the file is sent only while it still has that
digest. A changed or missing file is never sent: staff see plainly what
happened, anyone else a 404, and the audit log gets a row.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import PurePath

from django.conf import settings
from django.contrib import messages
from django.db.models import Model
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .audit import log_action
from .outbox import not_ready_message
from .roles import DIRECTOR, FINANCE, SALES

logger = logging.getLogger(__name__)

FALLBACK_TYPE = "application/octet-stream"
# A stored upload may only be saved to disk, never rendered by the browser.
UPLOAD_POLICY = "default-src 'none'; sandbox"
# An image or a PDF shown inside one of the site's pages (a director's review
# page): still nothing runs or loads from it, and only the site may frame it.
# (Chrome's PDF viewer refuses a sandboxed document, hence no sandbox here;
# the Content-Type is the allow-list's, so nothing else is rendered as a PDF.)
INLINE_POLICY = "default-src 'none'; frame-ancestors 'self'"
TAMPER_ACTION = "enterprise.document.tamper_detected"
CHUNK = 64 * 1024


def upload_content_type(name: str) -> str:
    """The Content-Type the allow-list gives ``name``'s extension."""
    suffix = PurePath(name).suffix.lower()
    return settings.ENGAGEMENTS["UPLOAD_EXTENSIONS"].get(suffix, FALLBACK_TYPE)


def upload_response(record, *, inline: bool = False) -> FileResponse:
    """Send an uploaded file (``record.file``, ``record.original_name``) as an
    attachment under the name it was uploaded with; 404 when it is gone.

    ``inline``: to be shown in the site's own page (an image, a PDF), which
    the caller has checked the file's kind allows."""
    try:
        handle = record.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = upload_content_type(record.original_name)
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=record.original_name,
        content_type=content_type,
    )
    svg = content_type.startswith("image/svg")
    # An SVG is a document that could carry script: sandboxed even inline.
    inline_policy = INLINE_POLICY + ("; sandbox" if svg else "")
    response["Content-Security-Policy"] = inline_policy if inline else UPLOAD_POLICY
    return response


def document_pdf_response(
    request,
    document: Model,
    *,
    filename: str,
    field: str = "pdf",
    back=None,
    task=None,
):
    """Send ``document.<field>`` (a rendered PDF) when its SHA-256 is still
    the one recorded in ``document.<field>_sha256``.

    Not rendered yet: back to ``back`` with a note (処理待ち while ``task``,
    the task that renders it, still waits in the outbox), or 404 without one.
    A different or missing file: the audit row, then a plain error page for
    staff and a 404 for anyone else (a client or a worker learns nothing).
    """
    recorded = getattr(document, f"{field}_sha256")
    fieldfile = getattr(document, field)
    if not recorded or not fieldfile:
        if back is None:
            raise Http404
        messages.info(
            request,
            not_ready_message(task, document.pk)
            or _("The PDF is being prepared. Please try again in a moment."),
        )
        return redirect(back)
    handle, found = _open_and_hash(fieldfile)
    if found != recorded:
        if handle is not None:
            handle.close()
        return _refuse_tampered(request, document, field, recorded, found)
    return FileResponse(handle, content_type="application/pdf", filename=filename)


def _open_and_hash(fieldfile):
    """(open handle at the start, hex digest), or (None, "") when missing."""
    try:
        handle = fieldfile.open("rb")
    except FileNotFoundError:
        return None, ""
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
    handle.seek(0)
    return handle, digest.hexdigest()


def _refuse_tampered(request, document, field, recorded, found):
    log_action(
        target=document,
        action=TAMPER_ACTION,
        by=request.user,
        reason="missing" if not found else "sha256 mismatch",
        data={"field": field, "recorded": recorded, "found": found},
    )
    logger.error(
        "Stored PDF %s of %s #%s does not match its recorded SHA-256",
        field,
        document._meta.label,
        document.pk,
    )
    if not is_staff(request.user):
        raise Http404
    return render(
        request,
        "enterprise/document_tampered.html",
        {"document": document, "recorded": recorded, "found": found},
        status=409,
    )


def is_staff(user) -> bool:
    """The operator's own people: admin staff, sales, directors, finance."""
    return user.is_staff or any(user.has_role(r) for r in (SALES, DIRECTOR, FINANCE))
