"""Reads scoped to the person asking. Lists start here, never from .objects."""

import statistics
from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import Lookup
from django.http import Http404
from django.utils import timezone

from clients.models import ClientContact
from enterprise.roles import CLIENT, DIRECTOR, SALES

from .models import (
    Assignment,
    CompetitionEntry,
    Engagement,
    EntryFile,
    Message,
    Offer,
    Quote,
    Review,
    Submission,
    SubmissionFile,
    Subtask,
    TaskBatch,
    TaskUnit,
)
from .models.engagement import OPEN_STATES
from .selectors_formats import RESULT_FIELDS
from .services.decomposition import rewards_total
from .services.monitoring import at_risk_q


def engagement_list_for_user(*, user) -> QuerySet[Engagement]:
    """Sales and superusers see every engagement; a director the ones they
    supervise; a client contact their company's; anyone else none."""
    engagements = Engagement.objects.select_related("client", "category", "director")
    if user.is_superuser or user.has_role(SALES):
        return engagements
    scope = Q(pk__in=[])
    if user.has_role(DIRECTOR):
        scope |= Q(director=user)
    if user.has_role(CLIENT):
        # A semi-join, not a join: one row per engagement, so no DISTINCT.
        contacts = ClientContact.objects.filter(client=OuterRef("client_id"), user=user)
        scope |= Exists(contacts)
    return engagements.filter(scope)


def get_engagement_for_user(user, pk) -> Engagement:
    try:
        return engagement_list_for_user(user=user).get(pk=pk)
    except Engagement.DoesNotExist:
        raise Http404 from None


# The client portal (and the API's client face): a contact's own company.
# What a client may see of the quotes: never a draft sales is still writing.
VISIBLE_QUOTE_STATES = [
    Quote.State.SENT,
    Quote.State.ACCEPTED,
    Quote.State.DECLINED,
    Quote.State.SUPERSEDED,
]


INTERNAL_ENGAGEMENT_STATES = [Engagement.State.DRAFT]


def portal_engagements(user) -> QuerySet[Engagement]:
    """The engagements of the contact's own company (all for a superuser).

    Starts from the shared selector, then keeps only the company's: a contact
    who also directs sees the engagements they supervise in the directors
    pages, not here.
    """
    engagements = engagement_list_for_user(user=user)
    if not user.is_superuser:
        engagements = engagements.filter(client__contacts__user=user)
    # A draft is the operator's internal work: the client first meets it with
    # its quote. A request the client sent stays visible while it is screened.
    return engagements.exclude(state__in=INTERNAL_ENGAGEMENT_STATES)


def get_portal_engagement(user, pk) -> Engagement:
    try:
        return portal_engagements(user).get(pk=pk)
    except Engagement.DoesNotExist:
        raise Http404 from None


def portal_quotes(user) -> QuerySet[Quote]:
    return Quote.objects.filter(
        engagement__in=portal_engagements(user).values("pk"),
        state__in=VISIBLE_QUOTE_STATES,
    ).select_related("engagement")


def get_portal_quote(user, pk) -> Quote:
    try:
        return portal_quotes(user).get(pk=pk)
    except (Quote.DoesNotExist, ValueError):
        raise Http404 from None


def _subtask_count(subtasks: QuerySet[Subtask]) -> Coalesce:
    counted = (
        subtasks.filter(engagement=OuterRef("pk"))
        .order_by()
        .values("engagement")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_progress(engagements: QuerySet[Engagement]) -> QuerySet[Engagement]:
    """Annotate subtask counts: progress = approved (or paid) of all live ones.

    Correlated counts rather than a join and GROUP BY: PostgreSQL evaluates
    them for the rows a page shows (after ORDER BY and LIMIT), where a
    grouped join counted the subtasks of every engagement first, and the
    paginator's COUNT leaves them out."""
    live = Subtask.objects.exclude(state=Subtask.State.CANCELLED)
    done = Subtask.objects.filter(
        state__in=[Subtask.State.APPROVED, Subtask.State.PAID]
    )
    return engagements.annotate(
        subtask_count=_subtask_count(live), approved_count=_subtask_count(done)
    )


def subtask_list_for_user(*, user) -> QuerySet[Subtask]:
    """Subtasks a person may open: their own as a worker (held or offered),
    their engagements' as a director, all for a superuser."""
    subtasks = Subtask.objects.select_related(
        "engagement__client", "engagement__director", "assignee", "required_skill"
    )
    if user.is_superuser:
        return subtasks
    held_before = Assignment.objects.filter(subtask=OuterRef("pk"), worker=user)
    scope = Q(assignee=user) | Q(offered_to=user) | Exists(held_before)
    if user.has_role(DIRECTOR):
        scope |= Q(engagement__director=user)
    return subtasks.filter(scope)


def get_subtask_for_user(user, pk) -> Subtask:
    try:
        return subtask_list_for_user(user=user).get(pk=pk)
    except Subtask.DoesNotExist:
        raise Http404 from None


def worker_subtasks(*, user) -> QuerySet[Subtask]:
    """The worker's current and past subtasks, soonest due first.

    The ids come from a UNION of two index scans (held now; held before):
    an OR across the join to assignments made PostgreSQL scan every
    assignment, and DISTINCT sort them."""
    held = Subtask.objects.filter(assignee=user).order_by().values("pk")
    before = Assignment.objects.filter(worker=user).order_by().values("subtask_id")
    return (
        Subtask.objects.filter(pk__in=held.union(before))
        .select_related("engagement")
        .order_by("due_at", "pk")
    )


def pending_offers_for_worker(*, user) -> QuerySet[Offer]:
    return Offer.objects.filter(
        worker=user, state=Offer.State.PENDING, expires_at__gt=timezone.now()
    ).select_related("subtask__engagement")


class _InIds(Lookup):
    """``lhs IN (subquery)``; on PostgreSQL ``lhs = ANY(ARRAY(subquery))``.

    PostgreSQL plans ``IN (subquery)`` as a join and guesses its size from
    table-wide statistics: a director's open engagements looked like
    hundreds (most engagements are open, but not that director's) and it
    hash-joined every director's subtasks in the state instead. ``ARRAY()``
    runs the subquery first, once (an InitPlan), and its handful of ids
    drive an index scan.
    """

    lookup_name = "in_ids"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = compiler.compile(self.rhs)
        return f"{lhs} IN {rhs}", (*lhs_params, *rhs_params)

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = compiler.compile(self.rhs)
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


def of_open_engagements(subtasks: QuerySet[Subtask], director) -> QuerySet[Subtask]:
    """``director``'s subtasks, read only in their open engagements.

    A subtask still open, offered, in work or submitted is only ever in an
    open engagement (the state machines: subtasks are created while the
    engagement is planned or in progress, ``deliver`` needs every one
    approved and nothing changes them while delivered, ``engagement_cancel``
    cancels the unfinished ones). So for the lists of work in hand the
    filter drops no row; it lets PostgreSQL start from the director's few
    open engagements instead of every director's subtasks in that state
    (thousands, in closed engagements).
    """
    mine = Engagement.objects.filter(director=director, state__in=OPEN_STATES)
    return subtasks.filter(
        _InIds(F("engagement_id"), Subquery(mine.order_by().values("pk")))
    )


def review_queue(*, director) -> QuerySet[Subtask]:
    """Submitted subtasks waiting for this director, oldest submission first."""
    latest = Submission.objects.filter(subtask=OuterRef("pk")).order_by("-version")
    queue = Subtask.objects.filter(state=Subtask.State.SUBMITTED)
    if not director.is_superuser:
        queue = of_open_engagements(queue, director)
    return (
        queue.select_related("engagement", "assignee")
        .annotate(
            submitted_at=Subquery(latest.values("submitted_at")[:1]),
            submission_id=Subquery(latest.values("pk")[:1]),
        )
        .order_by("submitted_at")
    )


def at_risk_subtasks(*, director, now=None) -> QuerySet[Subtask]:
    """Due within the at-risk window, soonest first; the pk breaks ties (a
    batch of subtasks shares one due time, and the first rows shown must not
    depend on the plan PostgreSQL picks)."""
    now = now or timezone.now()
    return (
        of_open_engagements(Subtask.objects.filter(at_risk_q(now)), director)
        .select_related("engagement", "assignee")
        .order_by("due_at", "pk")
    )


def overdue_subtasks(*, director, now=None) -> QuerySet[Subtask]:
    now = now or timezone.now()
    overdue = Subtask.objects.filter(
        state__in=[Subtask.State.ASSIGNED, Subtask.State.REVISION_REQUESTED],
        due_at__lt=now,
    )
    return (
        of_open_engagements(overdue, director)
        .select_related("engagement", "assignee")
        .order_by("due_at", "pk")
    )


def reference_prices(*, category) -> dict | None:
    """Median, min and max accepted work price of past completed engagements
    in the category (the seed's 過去の類似案件, §7.3); None without history."""
    prices = list(
        Quote.objects.filter(
            state=Quote.State.ACCEPTED,
            engagement__category=category,
            engagement__state__in=[
                Engagement.State.COMPLETED,
                Engagement.State.INVOICED,
            ],
        ).values_list("work_subtotal", flat=True)
    )
    if not prices:
        return None
    return {
        "median": int(statistics.median(prices)),
        "min": min(prices),
        "max": max(prices),
        "count": len(prices),
    }


def accepted_quote(engagement: Engagement) -> Quote | None:
    return engagement.quotes.filter(state=Quote.State.ACCEPTED).first()


# The sales pipeline's stages after intake, in order, and the quote whose
# value (before tax) each stage counts: the one sent, then the one accepted.
PIPELINE_STAGES = [
    (Engagement.State.QUOTED, Quote.State.SENT),
    (Engagement.State.CONTRACTED, Quote.State.ACCEPTED),
    (Engagement.State.PLANNING, Quote.State.ACCEPTED),
    (Engagement.State.IN_PROGRESS, Quote.State.ACCEPTED),
    (Engagement.State.DELIVERED, Quote.State.ACCEPTED),
]


def pipeline_value(*, user) -> list[dict]:
    """Per stage: how many engagements and the value of their quotes (work
    and direction fee, before tax), in one query, scoped like every list.

    An engagement has at most one quote sent or accepted (the constraint
    quote_one_live_per_engagement), so counting the quotes of a (stage,
    quote state) pair counts engagements: no DISTINCT, no sort. The pairs
    are picked from a grouping by both states, which the database joins on
    the engagement alone (two covering indexes, read index-only).
    """
    stages = [stage for stage, _quote_state in PIPELINE_STAGES]
    quote_states = {quote_state for _stage, quote_state in PIPELINE_STAGES}
    quotes = Quote.objects.filter(engagement__state__in=stages, state__in=quote_states)
    visible = engagement_list_for_user(user=user)
    if visible.query.has_filters():
        # Sales see every engagement: no semi-join of the 20,000 for them.
        quotes = quotes.filter(engagement__in=visible.values("pk"))
    rows = {
        (row["engagement__state"], row["state"]): row
        for row in quotes.values("engagement__state", "state")
        .annotate(count=Count("*"), value=Sum(F("work_subtotal") + F("direction_fee")))
        .order_by()
    }
    return [
        {
            "state": stage,
            "label": stage.label,
            "count": rows.get((stage, quote_state), {}).get("count", 0),
            "value": rows.get((stage, quote_state), {}).get("value") or 0,
        }
        for stage, quote_state in PIPELINE_STAGES
    ]


def budget_summary(engagement: Engagement, quote: Quote | None = None) -> dict:
    """Budget, rewards and the operator's margin: for sales and directors only.

    The client price is the accepted quote's (or ``quote``'s, e.g. the draft
    in the quote editor) work and direction fee before tax.
    """
    quote = quote or accepted_quote(engagement)
    price = (quote.work_subtotal + quote.direction_fee) if quote else engagement.budget
    rewards = rewards_total(engagement)
    # Before any subtask there is no worker cost, so no margin to speak of
    # (it used to read 粗利 100%); before a quote the price is the budget,
    # which pages must say rather than pass off as the client's price.
    has_subtasks = engagement.subtasks.exists()
    margin = price - rewards if has_subtasks else None
    return {
        "budget": engagement.budget,
        "client_price": price,
        "price_from_quote": quote is not None,
        "has_subtasks": has_subtasks,
        "rewards": rewards,
        "margin": margin,
        "margin_rate": (margin * 100 // price) if margin is not None and price else 0,
        "over_budget": rewards > engagement.budget,
    }


# The worker portal: a worker reaches a subtask only as the one it is offered
# to, the one holding it, or one who held it before (their own versions stay
# readable). Directors and superusers use their own pages.


def _worker_party_q(user) -> Q:
    held_before = Assignment.objects.filter(subtask=OuterRef("pk"), worker=user)
    return Q(assignee=user) | Q(offered_to=user) | Exists(held_before)


def get_subtask_for_worker(user, pk) -> Subtask:
    """A subtask on the worker's own pages; 404 for anyone else's."""
    subtasks = Subtask.objects.filter(_worker_party_q(user)).select_related(
        "engagement__category", "engagement__director"
    )
    try:
        return subtasks.get(pk=pk)
    except Subtask.DoesNotExist:
        raise Http404 from None


def get_offer_for_worker(user, pk) -> Offer:
    """An offer made to this worker; 404 for anyone else's."""
    try:
        return Offer.objects.select_related("subtask").get(pk=pk, worker=user)
    except Offer.DoesNotExist:
        raise Http404 from None


def worker_thread(*, subtask: Subtask, user) -> QuerySet[Message]:
    """The thread as the worker sees it: their messages and the director's,
    never those of another worker the subtask was offered to before."""
    others = Offer.objects.filter(subtask=subtask).exclude(worker=user)
    return (
        subtask.messages.exclude(author__in=others.values("worker"))
        .select_related("author")
        .order_by("created_at", "id")
    )


def worker_submissions(*, subtask: Subtask, user) -> QuerySet[Submission]:
    """The worker's own versions of a subtask, newest first, with files and review."""
    return (
        Submission.objects.filter(subtask=subtask, worker=user)
        .select_related("review")
        .prefetch_related("files")
        .order_by("-version")
    )


def worker_waiting_messages(*, user) -> QuerySet[Message]:
    """The director's messages on the worker's current subtasks that wait for
    their answer (a worker's message answers them)."""
    return (
        Message.objects.filter(
            Q(subtask__assignee=user) | Q(subtask__offered_to=user),
            is_question=False,
            answered_at__isnull=True,
        )
        .exclude(author=user)
        .select_related("subtask", "author")
        .order_by("created_at")
    )


def worker_ratings(*, user) -> QuerySet[Review]:
    """The reviews of the worker's approved submissions, newest first."""
    return (
        Review.objects.filter(
            submission__worker=user, decision=Review.Decision.APPROVED
        )
        .select_related("submission__subtask__engagement__category")
        .order_by("-reviewed_at", "-id")
    )


# What a delivered engagement hands the client: the engagement from delivery
# on (a delivery sent back for changes is not delivered until it is again).
DELIVERED_STATES = [
    Engagement.State.DELIVERED,
    Engagement.State.COMPLETED,
    Engagement.State.INVOICED,
]


def delivered_files(engagement: Engagement) -> QuerySet[SubmissionFile]:
    """The files the client receives: of each subtask, those of its latest
    approved version only (no earlier version, nothing rejected), in the
    subtasks' order; none before the engagement is delivered."""
    if engagement.state not in DELIVERED_STATES:
        return SubmissionFile.objects.none()
    approved = (
        Submission.objects.filter(
            subtask=OuterRef("submission__subtask"),
            review__decision=Review.Decision.APPROVED,
        )
        .order_by("-version")
        .values("pk")[:1]
    )
    return (
        SubmissionFile.objects.filter(
            submission__subtask__engagement=engagement,
            submission=Subquery(approved),
        )
        .select_related("submission__subtask")
        .order_by("submission__subtask__due_at", "submission__subtask_id", "id")
    )


def delivered_entry_files(engagement: Engagement) -> QuerySet[EntryFile]:
    """Of each awarded competition subtask, the winning entry's files only:
    the other entries' rights do not pass to the client (and their files
    are purged later); none before the engagement is delivered."""
    if engagement.state not in DELIVERED_STATES:
        return EntryFile.objects.none()
    return (
        EntryFile.objects.filter(
            entry__subtask__engagement=engagement,
            entry__subtask__state__in=[Subtask.State.APPROVED, Subtask.State.PAID],
            entry__state=CompetitionEntry.State.WON,
            deleted_at__isnull=True,
        )
        .select_related("entry__subtask")
        .order_by("entry__subtask__due_at", "entry__subtask_id", "id")
    )


def delivered_batches(engagement: Engagement) -> QuerySet[TaskBatch]:
    """The completed task batches whose results the client receives (as a
    CSV each); none before the engagement is delivered."""
    if engagement.state not in DELIVERED_STATES:
        return TaskBatch.objects.none()
    return (
        TaskBatch.objects.filter(
            subtask__engagement=engagement,
            subtask__state__in=[Subtask.State.APPROVED, Subtask.State.PAID],
        )
        .select_related("subtask")
        .order_by("subtask__due_at", "subtask_id")
    )


def delivered_batch_units(batch: TaskBatch):
    """The approved units' answers, as the results CSV reads them, without
    anything that would tell the client who did the work."""
    return (
        batch.units.filter(state=TaskUnit.State.APPROVED)
        .order_by("row_number", "replica")
        .values(*RESULT_FIELDS)
        .iterator(chunk_size=2000)
    )


@dataclass(frozen=True)
class Deliverable:
    """One line of the client's deliverables: a file (a submission's or the
    winning entry's) or a batch's results CSV."""

    kind: str  # "file", "entry" or "batch"
    subtask: Subtask
    record: SubmissionFile | EntryFile | TaskBatch

    @property
    def name(self) -> str:
        if self.kind == "batch":
            return f"{self.subtask.title}.csv"
        return self.record.original_name

    @property
    def size(self) -> int | None:
        return None if self.kind == "batch" else self.record.size


def deliverables(engagement: Engagement) -> list[Deliverable]:
    """Everything the client receives, in the subtasks' order: three queries
    however many subtasks (none before delivery)."""
    files = delivered_files(engagement)
    entry_files = delivered_entry_files(engagement)
    items = [
        *(Deliverable("file", r.submission.subtask, r) for r in files),
        *(Deliverable("entry", r.entry.subtask, r) for r in entry_files),
        *(Deliverable("batch", b.subtask, b) for b in delivered_batches(engagement)),
    ]
    return sorted(items, key=lambda d: (d.subtask.due_at, d.subtask.pk))


def get_submission_file_for_user(user, pk) -> SubmissionFile:
    """A submitted file for the worker who uploaded it, the director who
    supervises its engagement, or a superuser; 404 for anyone else."""
    files = SubmissionFile.objects.select_related("submission")
    if not user.is_superuser:
        scope = Q(submission__worker=user)
        if user.has_role(DIRECTOR):
            scope |= Q(submission__subtask__engagement__director=user)
        files = files.filter(scope)
    try:
        return files.get(pk=pk)
    except SubmissionFile.DoesNotExist:
        raise Http404 from None
