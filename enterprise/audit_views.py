"""The audit viewer: compliance, finance and superusers search the whole
trail by object, person, action and date, and export what they found."""

import json

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import action_label
from .forms import AuditSearchForm
from .permissions import role_required
from .roles import COMPLIANCE, FINANCE
from .selectors import audit_search
from .spreadsheet import csv_response

PAGE_SIZE = 50
audit_readers = role_required(COMPLIANCE, FINANCE)


def _search(request):
    form = AuditSearchForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, None
    return form, audit_search(**(form.cleaned_data if form.is_bound else {}))


@audit_readers
def audit_log(request):
    form, rows = _search(request)
    page = (
        Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        if rows is not None
        else None
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "enterprise/audit_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def _csv_header() -> list[str]:
    return [
        _("When"), _("Login"), _("Who"), _("Action"), _("Action key"),
        _("Object type"), _("Object ID"), _("From state"), _("To state"),
        _("Reason"), _("Data"),
    ]  # fmt: skip


def _csv_rows(rows, header: list[str], system: str):
    """The header, then one line per row (read in chunks while streaming)."""
    yield header
    for entry in rows.iterator(chunk_size=2000):
        actor = entry.actor
        yield [
            timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M:%S"),
            actor.username if actor else "",
            actor.display_name if actor else system,
            str(action_label(entry.action)),
            entry.action,
            str(entry.content_type.name),
            entry.object_id,
            entry.from_state,
            entry.to_state,
            entry.reason,
            json.dumps(entry.data, ensure_ascii=False, sort_keys=True),
        ]


@audit_readers
def audit_log_csv(request):
    form, rows = _search(request)
    if rows is None:
        return audit_log(request)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    # Labels are translated now: the file streams after the view returned.
    lines = _csv_rows(rows, _csv_header(), _("System"))
    return csv_response(f"audit-log-{stamp}.csv", lines)
