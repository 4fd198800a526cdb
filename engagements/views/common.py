"""Small helpers the engagement pages share: service errors shown to the
person, stored documents streamed (never served from MEDIA_ROOT directly)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from enterprise.outbox import not_ready_message


def add_errors(form, exc: ValidationError) -> None:
    """Put a service's errors next to the form's fields (or above the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def run_form(request, form, action, success) -> bool:
    """Validate ``form`` and run ``action(**cleaned_data)``; True when done
    (``success`` flashed). Otherwise the service's errors are put on the form
    and the person is asked to correct them."""
    if form.is_valid():
        try:
            action(**form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, success)
            return True
    messages.error(request, _("Please correct the errors below."))
    return False


def flash_errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def stored_pdf(request, fieldfile, filename: str, back, task=None):
    """Stream a stored PDF; while ``task`` has not rendered it yet, say so
    (処理待ち while the task still waits for the broker)."""
    if not fieldfile:
        messages.info(
            request,
            not_ready_message(task, fieldfile.instance.pk)
            or _("The PDF is being prepared. Please try again in a moment."),
        )
        return redirect(back)
    return FileResponse(
        fieldfile.open("rb"), content_type="application/pdf", filename=filename
    )


def stored_upload(record) -> FileResponse:
    """Stream an uploaded file (a submission's or an entry's) as an
    attachment under the name it was uploaded with; 404 when it is gone."""
    try:
        handle = record.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=record.original_name,
        content_type=record.content_type or "application/octet-stream",
    )
