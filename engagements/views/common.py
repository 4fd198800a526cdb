"""Small helpers the engagement pages share: service errors shown to the
person, stored documents streamed (never served from MEDIA_ROOT directly)
through enterprise.downloads."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from enterprise.downloads import document_pdf_response, upload_response


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


def stored_pdf(request, document, filename: str, back, field: str = "pdf", task=None):
    """Stream a stored PDF once its digest checks out; while the task has not
    rendered it yet, say so."""
    return document_pdf_response(
        request, document, field=field, filename=filename, back=back, task=task
    )


def stored_upload(record):
    """Stream an uploaded file (a submission's or an entry's) as an
    attachment under the name it was uploaded with; 404 when it is gone."""
    return upload_response(record)
