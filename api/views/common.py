"""Filters and file answers shared by the API's views."""

import datetime

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

from ..problems import Conflict


def _date(request, name: str) -> datetime.date | None:
    value = request.query_params.get(name)
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({name: [_("Enter a date as YYYY-MM-DD.")]}) from None


def filtered(queryset, request, *, states, date_field: str):
    """``?state=`` (one of ``states``), ``?date_from=`` and ``?date_to=``
    (inclusive, on ``date_field``)."""
    state = request.query_params.get("state")
    if state:
        if state not in states:
            raise ValidationError({"state": [_("Unknown state.")]})
        queryset = queryset.filter(state=state)
    start, end = _date(request, "date_from"), _date(request, "date_to")
    lookup = f"{date_field}__date" if date_field.endswith("_at") else date_field
    if start:
        queryset = queryset.filter(**{f"{lookup}__gte": start})
    if end:
        queryset = queryset.filter(**{f"{lookup}__lte": end})
    return queryset


def filter_parameters(states, date_label: str) -> list[OpenApiParameter]:
    return [
        OpenApiParameter("state", OpenApiTypes.STR, enum=list(states)),
        OpenApiParameter(
            "date_from", OpenApiTypes.DATE, description=f"{date_label} from"
        ),
        OpenApiParameter("date_to", OpenApiTypes.DATE, description=f"{date_label} to"),
    ]


def pdf_answer(document, filename: str):
    """The stored PDF, or 409 while the task has not rendered it yet."""
    if not document.pdf:
        raise Conflict(_("The PDF is being prepared. Please try again shortly."))
    return FileResponse(
        document.pdf.open("rb"), content_type="application/pdf", filename=filename
    )


PDF_RESPONSE = {(200, "application/pdf"): OpenApiTypes.BINARY}
FILE_RESPONSE = {(200, "application/octet-stream"): OpenApiTypes.BINARY}
