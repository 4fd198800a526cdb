"""The review page: the latest submission, the order form and the checklist
side by side, the decisions, the thread, and the file downloads."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from engagements.models import Subtask
from engagements.services import work
from engagements.views.common import stored_upload
from enterprise.downloads import upload_response
from enterprise.permissions import role_required
from enterprise.roles import DIRECTOR

from .. import previews, selectors
from ..forms import (
    ApproveForm,
    MessageForm,
    NoteForm,
    PaidRoundForm,
    RejectForm,
    RevisionForm,
)
from ._base import form_action, supervised


def _render_review(request, subtask, forms: dict | None = None, status=200):
    forms = forms or {}
    engagement = subtask.engagement
    submissions = selectors.submissions_of(subtask)
    latest = submissions[0] if submissions else None
    reviewable = (
        latest is not None
        and subtask.state == Subtask.State.SUBMITTED
        and not hasattr(latest, "review")
    )
    checklist = list(selectors.checklist_for(engagement))
    initial = {"submission": latest.pk} if latest else {}
    context = {
        "subtask": subtask,
        "engagement": engagement,
        "latest": latest,
        "previews": previews.previews(latest.files.all()) if latest else [],
        "earlier": submissions[1:],
        "reviewable": reviewable,
        "checklist": checklist,
        "rounds": subtask.revisions_included + subtask.extra_rounds_billable,
        "thread": selectors.thread_of(subtask),
        "approve_form": forms.get("approve")
        or ApproveForm(prefix="approve", initial=initial, checklist_items=checklist),
        "revision_form": forms.get("revision")
        or RevisionForm(prefix="revision", initial=initial),
        "reject_form": forms.get("reject")
        or RejectForm(prefix="reject", initial=initial),
        "escalate_form": forms.get("escalate") or NoteForm(prefix="escalate"),
        "paid_round_form": forms.get("paid") or PaidRoundForm(prefix="paid"),
        "message_form": forms.get("message") or MessageForm(prefix="message"),
        # Past the rounds, the page offers escalation or a paid extra round.
        "limit_reached": subtask.revisions_left == 0,
    }
    return render(request, "directors/review.html", context, status=status)


@supervised("subtask")
def review(request, subtask):
    return _render_review(request, subtask)


def _submission(subtask, form):
    """The version the form was filled in for (never another subtask's)."""
    submission = subtask.submissions.filter(pk=form.cleaned_data["submission"]).first()
    if submission is None:
        raise Http404
    return submission


class ReviewPage:
    """The review page as the page an action returns to."""

    render = staticmethod(_render_review)

    @staticmethod
    def url(subtask) -> str:
        return reverse("directors:review", args=[subtask.pk])

    @staticmethod
    def form_kwargs(subtask):
        return {}


class ApprovalPage(ReviewPage):
    @staticmethod
    def form_kwargs(subtask):
        return {"checklist_items": selectors.checklist_for(subtask.engagement)}


def _approve(subtask, by, form, rating, **_data):
    work.review_approve(
        submission=_submission(subtask, form),
        by=by,
        rating=rating,
        checklist=form.checklist_result(),
    )


def _request_revision(subtask, by, form, reason, **_data):
    work.review_request_revision(
        submission=_submission(subtask, form), by=by, reason=reason
    )


def _reject(subtask, by, form, reason_code, reason, **_data):
    work.review_reject(
        submission=_submission(subtask, form),
        by=by,
        reason_code=reason_code,
        reason=reason,
    )


approve = form_action(
    "subtask",
    "approve",
    ApproveForm,
    _approve,
    _("The work was approved."),
    page=ApprovalPage,
)
request_revision = form_action(
    "subtask",
    "revision",
    RevisionForm,
    _request_revision,
    _("A revision was requested from the worker."),
    page=ReviewPage,
)
reject = form_action(
    "subtask",
    "reject",
    RejectForm,
    _reject,
    _("The work was rejected; the subtask is open for another worker."),
    page=ReviewPage,
)
escalate = form_action(
    "subtask",
    "escalate",
    NoteForm,
    lambda subtask, by, form, note: work.subtask_escalate(
        subtask=subtask, by=by, note=note
    ),
    _("The subtask was escalated to sales."),
    page=ReviewPage,
)
paid_round = form_action(
    "subtask",
    "paid",
    PaidRoundForm,
    lambda subtask, by, form, price, note: work.subtask_add_paid_round(
        subtask=subtask, by=by, price=price, note=note
    ),
    _("One more revision round, paid by the client, was recorded."),
    page=ReviewPage,
)
message = form_action(
    "subtask",
    "message",
    MessageForm,
    lambda subtask, by, form, body: work.message_post(
        subtask=subtask, by=by, body=body
    ),
    _("The message was sent."),
    page=ReviewPage,
)


@role_required(DIRECTOR)
def submission_file(request, pk):
    """Stream a submitted file to the supervising director (404 for others);
    MEDIA_ROOT is never served directly."""
    return stored_upload(selectors.get_submission_file_for_director(request.user, pk))


@role_required(DIRECTOR)
@xframe_options_sameorigin
def submission_preview(request, pk):
    """An image or a PDF of a submission, to be shown in the review page (an
    <img>, an <iframe>): the download's check, sent inline; 404 for any other
    kind of file."""
    record = selectors.get_submission_file_for_director(request.user, pk)
    if not previews.inline_kind(record.original_name):
        raise Http404
    return upload_response(record, inline=True)
