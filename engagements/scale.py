"""Scale dataset: engagements in every state with their quotes, subtasks,
offers, assignments, submissions, reviews and the workers' track record
(``manage.py seed_scale``; see ``enterprise.scale``).

Rows are made a block of engagements at a time, so memory stays flat
whatever the size; only what the payouts need is kept in ``world``.
"""

import datetime
from decimal import Decimal
from itertools import islice

from django.utils import timezone

from enterprise.scale import BATCH
from workers.models import WorkRecord

from .models import (
    Assignment,
    Engagement,
    Offer,
    Quote,
    QuoteLine,
    Review,
    Submission,
    Subtask,
)
from .models.engagement import OPEN_STATES

E, S = Engagement.State, Subtask.State
# Engagement states per 100 engagements: most work is in progress or done.
SHARES = [
    (E.DRAFT, 5), (E.QUOTING, 3), (E.QUOTED, 4), (E.DECLINED, 2),
    (E.CONTRACTED, 3), (E.PLANNING, 5), (E.IN_PROGRESS, 40), (E.DELIVERED, 5),
    (E.COMPLETED, 8), (E.INVOICED, 22), (E.CANCELLED, 3),
]  # fmt: skip
CYCLE = [state for state, share in SHARES for _n in range(share)]
WITH_SUBTASKS = {E.PLANNING, E.IN_PROGRESS, E.DELIVERED, E.COMPLETED, E.INVOICED}
WITH_QUOTE = WITH_SUBTASKS | {E.QUOTED, E.CONTRACTED, E.DECLINED, E.CANCELLED}
WITH_DIRECTOR = WITH_SUBTASKS | {E.CONTRACTED, E.CANCELLED}
# Subtask states by the engagement's: a subtask in progress cycles through
# the working states; delivered work is approved, invoiced work paid.
IN_PROGRESS_CYCLE = [S.ASSIGNED] * 3 + [S.SUBMITTED, S.REVISION_REQUESTED]
IN_PROGRESS_CYCLE += [S.APPROVED] * 4 + [S.PAID]
HELD = {S.ASSIGNED, S.SUBMITTED, S.REVISION_REQUESTED, S.APPROVED, S.PAID}
SUBMITTED = {S.SUBMITTED, S.REVISION_REQUESTED, S.APPROVED, S.PAID}
DONE = {S.APPROVED, S.PAID}
BOARD_SUBTASKS = 2000
BLOCK = 500  # engagements made per round


def _subtask_state(engagement_state, i: int):
    if engagement_state == E.PLANNING:
        return S.OFFERED if i % 3 == 0 else S.OPEN
    if engagement_state == E.IN_PROGRESS:
        return IN_PROGRESS_CYCLE[i % len(IN_PROGRESS_CYCLE)]
    if engagement_state == E.INVOICED:
        return S.PAID
    return S.PAID if i % 2 else S.APPROVED  # delivered, completed


def _engagement(n: int, world: dict, now) -> Engagement:
    state = CYCLE[n % len(CYCLE)]
    directors = world["directors"]
    # Every director holds no more open engagements than the roster allows
    # (directors.scale), as assigning a director requires: the demo director
    # the first, the board's big one (BOARD_SUBTASKS subtasks), one in 500
    # and a long history (closed engagements, which the limit leaves out);
    # the other directors an even share of the rest.
    if n == 1:
        state, director = E.IN_PROGRESS, directors[0]
    elif n % 500 == 0 or (n % 5 in (0, 1) and state not in OPEN_STATES):
        director = directors[0]
    else:
        director = directors[1 + n % (len(directors) - 1)]
    contracted = now - datetime.timedelta(days=n % 150 + 10)
    return Engagement(
        client=world["clients"][n % len(world["clients"])],
        title=f"規模案件 {n:06d}",
        category=world["categories"][n % len(world["categories"])],
        purpose="販促用コンテンツの制作",
        deliverables="記事と画像",
        acceptance_criteria="誤字脱字がないこと",
        deadline=timezone.localdate() + datetime.timedelta(days=n % 90 - 30),
        budget=500_000,
        sales_owner=world["sales"],
        director=director if state in WITH_DIRECTOR else None,
        state=state,
        contracted_at=contracted if state in WITH_DIRECTOR else None,
        delivered_at=contracted if state in (E.DELIVERED, E.COMPLETED) else None,
        completed_at=contracted if state in (E.COMPLETED, E.INVOICED) else None,
        cancel_reason="先方都合" if state == E.CANCELLED else "",
    )


def _quote(engagement, sales) -> Quote:
    accepted = engagement.state not in (E.QUOTED, E.DECLINED)
    state = Quote.State.ACCEPTED if accepted else Quote.State.SENT
    if engagement.state == E.DECLINED:
        state = Quote.State.DECLINED
    return Quote(
        engagement=engagement, state=state, valid_until=engagement.deadline,
        number=f"Q-{engagement.pk:08d}", issued_on=timezone.localdate(),
        direction_fee_kind="rate", direction_fee_rate=Decimal("0.10"),
        work_subtotal=400_000, direction_fee=40_000, tax=44_000, total=484_000,
        tax_breakdown=[{"rate": "0.10", "base": 440_000, "tax": 44_000}],
        created_by=sales, sent_at=timezone.now(),
    )  # fmt: skip


def _subtask(engagement, i: int, worker, now) -> Subtask:
    state = _subtask_state(engagement.state, i)
    done = state in DONE
    return Subtask(
        engagement=engagement, title=f"{engagement.title} 作業 {i + 1}",
        instructions="構成案に沿って執筆", deliverable_spec="Word 形式",
        reward=10_000 + (i % 5) * 2_000,
        due_at=now + datetime.timedelta(days=(engagement.pk + i) % 40 - 20),
        state=state,
        offered_to=worker if state == S.OFFERED else None,
        assignee=worker if state in HELD else None,
        approved_at=now - datetime.timedelta(days=(engagement.pk + i) % 120)
        if done else None,
    )  # fmt: skip


def _work_rows(subtasks, world, now):
    """Offers, assignments, submissions, reviews and track records of
    ``subtasks`` (already saved, engagement attached)."""
    offers, assignments, submissions = [], [], []
    for s in subtasks:
        if s.state == S.OFFERED:
            offers.append(
                Offer(subtask=s, worker_id=s.offered_to_id,
                      offered_by_id=s.engagement.director_id,
                      expires_at=now + datetime.timedelta(days=2))
            )  # fmt: skip
        if s.state in HELD:
            assignments.append(
                Assignment(subtask=s, worker_id=s.assignee_id, accepted_at=now,
                           reward=s.reward, due_at=s.due_at,
                           description=s.instructions,
                           deliverable_spec=s.deliverable_spec)
            )  # fmt: skip
        if s.state in SUBMITTED:
            submissions.append(
                Submission(subtask=s, worker_id=s.assignee_id, version=1)
            )
    Offer.objects.bulk_create(offers, batch_size=BATCH)
    Assignment.objects.bulk_create(assignments, batch_size=BATCH)
    Submission.objects.bulk_create(submissions, batch_size=BATCH)
    reviews, records = [], []
    for sub in submissions:
        s = sub.subtask
        if s.state == S.SUBMITTED:
            continue
        done = s.state in DONE
        reviews.append(
            Review(submission=sub, reviewer_id=s.engagement.director_id,
                   decision=Review.Decision.APPROVED if done
                   else Review.Decision.REVISION_REQUESTED,
                   rating=4 + s.pk % 2 if done else None,
                   reason="" if done else "見出しを直してください")
        )  # fmt: skip
        if done:
            records.append(
                WorkRecord(worker_id=s.assignee_id,
                           category_id=s.engagement.category_id,
                           subtask_ref=f"subtask:{s.pk}",
                           outcome=WorkRecord.Outcome.APPROVED, rating=4 + s.pk % 2,
                           due_at=s.due_at, submitted_at=s.approved_at,
                           completed_at=s.approved_at)
            )  # fmt: skip
    Review.objects.bulk_create(reviews, batch_size=BATCH)
    WorkRecord.objects.bulk_create(records, batch_size=BATCH)


def _per_engagement(sizes: dict) -> tuple[int, int]:
    working = sum(share for state, share in SHARES if state in WITH_SUBTASKS)
    engagements = max(sizes["engagements"] * working // 100, 1)
    board = min(BOARD_SUBTASKS, sizes["subtasks"] // 2)
    return max((sizes["subtasks"] - board) // engagements, 1), board


def _blocks(iterable, size):
    iterator = iter(iterable)
    while block := list(islice(iterator, size)):
        yield block


def seed(world: dict, *, sizes: dict, stdout) -> None:
    now = timezone.now()
    per, board = _per_engagement(sizes)
    workers = world["workers"]
    done, made = [], 0
    numbers = range(1, sizes["engagements"] + 1)
    for block in _blocks(numbers, BLOCK):
        engagements = Engagement.objects.bulk_create(
            [_engagement(n, world, now) for n in block], batch_size=BATCH
        )
        if block[0] == 1:
            world["board_engagement"] = engagements[0]
        quotes = Quote.objects.bulk_create(
            [_quote(e, world["sales"]) for e in engagements if e.state in WITH_QUOTE],
            batch_size=BATCH,
        )
        QuoteLine.objects.bulk_create(
            [QuoteLine(quote=q, description="記事作成", quantity=Decimal("20"),
                       unit="本", unit_price=20_000) for q in quotes],
            batch_size=BATCH,
        )  # fmt: skip
        subtasks = [
            _subtask(e, i, workers[(e.pk * 7 + i) % len(workers)], now)
            for e in engagements
            if e.state in WITH_SUBTASKS
            for i in range(board if e is world.get("board_engagement") else per)
        ]
        Subtask.objects.bulk_create(subtasks, batch_size=BATCH)
        _work_rows(subtasks, world, now)
        done += [
            (s.pk, s.assignee_id, s.engagement_id, s.engagement.category.code,
             s.reward, s.approved_at, s.state == S.PAID)
            for s in subtasks if s.state in DONE
        ]  # fmt: skip
        made += len(subtasks)
    world["done_subtasks"] = done
    stdout.write(
        f"  engagements: {sizes['engagements']} with {made} subtasks "
        f"(board: {board} on engagement {world['board_engagement'].pk})"
    )
