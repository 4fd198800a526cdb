"""Hourly pages: the director's terms and weekly approval, the worker's log."""

from functools import partial

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enterprise.permissions import role_required
from enterprise.roles import DIRECTOR, WORKER

from .. import selectors_formats as sel
from ..forms_formats import (
    HourlyTermsForm,
    TimeEntryForm,
    WeekApproveForm,
    WeekQuestionForm,
)
from ..models import TimeEntry
from ..services import hourly, quotes
from ..services.formats import format_setting
from .formats import attempt, posted


@role_required(DIRECTOR)
def hourly_terms(request, subtask_pk):
    subtask = sel.hourly_subtasks_for_director(user=request.user)
    subtask = subtask.filter(pk=subtask_pk).first()
    if subtask is None:
        raise Http404
    terms = getattr(subtask, "hourly_terms", None)
    initial = (
        {
            "hourly_rate": terms.hourly_rate,
            "weekly_cap_hours": terms.weekly_cap_hours,
            "client_quote_line": terms.client_quote_line_id,
            "approval_days": terms.approval_days,
        }
        if terms
        else {"approval_days": format_setting("TIMESHEET_APPROVAL_DAYS")}
    )
    form = HourlyTermsForm(
        request.POST or None,
        initial=initial,
        hourly_lines=quotes.hourly_quote_lines(subtask.engagement),
    )
    done = posted(
        request,
        form,
        partial(hourly.hourly_terms_set, subtask=subtask, by=request.user),
        _("The subtask is now paid by the hour."),
        "engagements:formats_home",
    )
    if done:
        return done
    return render(
        request,
        "engagements/formats/hourly_terms.html",
        {"subtask": subtask, "form": form},
    )


@role_required(DIRECTOR)
def timesheet_list(request):
    return render(
        request,
        "engagements/formats/timesheet_list.html",
        {"sheets": sel.timesheets_for_director(user=request.user)},
    )


@role_required(DIRECTOR)
def timesheet_detail(request, pk):
    sheet = sel.get_timesheet_for_director(request.user, pk)
    approve_form = WeekApproveForm(
        request.POST if request.POST.get("decision") == "approve" else None
    )
    question_form = WeekQuestionForm(
        request.POST if request.POST.get("decision") == "question" else None
    )
    if request.method == "POST":
        done = False
        if approve_form.is_bound and approve_form.is_valid():
            done = attempt(
                request,
                lambda: hourly.timesheet_approve(
                    sheet=sheet, by=request.user, **approve_form.cleaned_data
                ),
                _("The week has been approved."),
            )
        elif question_form.is_bound and question_form.is_valid():
            done = attempt(
                request,
                lambda: hourly.timesheet_question(
                    sheet=sheet, by=request.user, **question_form.cleaned_data
                ),
                _("Your question has been sent to the worker."),
            )
        if done:
            return redirect("engagements:timesheet_list")
    return render(
        request,
        "engagements/formats/timesheet_detail.html",
        {
            "sheet": sheet,
            "approve_form": approve_form,
            "question_form": question_form,
            "week_end": hourly.week_end(sheet.week_start),
            "over_cap": sheet.hours_logged > sheet.cap_hours,
            "week_over": hourly.week_end(sheet.week_start) < timezone.localdate(),
        },
    )


@role_required(WORKER)
def worker_hours(request):
    return render(
        request,
        "engagements/formats/worker_hours.html",
        {"subtasks": sel.hourly_subtasks_for_worker(user=request.user)},
    )


@role_required(WORKER)
def worker_hours_subtask(request, pk):
    subtask = sel.get_hourly_subtask_for_worker(request.user, pk)
    form = TimeEntryForm(request.POST or None, initial={"date": timezone.localdate()})
    done = posted(
        request,
        form,
        partial(hourly.time_entry_log, subtask=subtask, by=request.user),
        _("Your hours have been logged."),
        "engagements:worker_hours_subtask",
        subtask.pk,
    )
    if done:
        return done
    return render(
        request,
        "engagements/formats/worker_hours_subtask.html",
        {
            "subtask": subtask,
            "terms": subtask.hourly_terms,
            "form": form,
            "sheets": sel.worker_timesheets(user=request.user, subtask=subtask),
        },
    )


@role_required(WORKER)
@require_POST
def worker_hours_delete(request, pk):
    entry = TimeEntry.objects.filter(pk=pk, worker=request.user).first()
    if entry is None:
        raise Http404
    subtask_pk = entry.timesheet.subtask_id
    attempt(
        request,
        lambda: hourly.time_entry_delete(entry=entry, by=request.user),
        _("The entry has been removed."),
    )
    return redirect("engagements:worker_hours_subtask", subtask_pk)
