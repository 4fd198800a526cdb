"""Certification (認定): recomputed from the track record, decisions kept.

Rules, with the criteria as data (``CertificationCriteria``):
- No level held: the highest level whose criteria are all met is granted.
- Held and still met: nothing happens (or a promotion when a higher level
  is met now).
- Held but no longer met: probation for the criteria's ``probation_days``,
  keeping the level. Met again during probation: restored. Still below when
  it ends: demoted to the highest level met, or revoked when none is.
- A failed conduct criterion skips probation: demoted or revoked at once.
Each change writes a ``CertificationDecision`` with the figures that decided
it and an audit row. Running it again with the same inputs changes nothing.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from enterprise.audit import log_action
from enterprise.models import WorkCategory

from ..criteria import Evaluation, evaluate_levels
from ..models import (
    Certification,
    CertificationDecision,
    WorkerSkill,
    WorkRecord,
)

Kind = CertificationDecision.Kind
Status = Certification.Status


@dataclass(frozen=True)
class _Change:
    kind: str
    evaluation: Evaluation | None  # the level that decided it
    previous: Evaluation | None = None  # the held level that failed


def _decide(cert, evaluations: list[Evaluation], today) -> _Change | None:
    best = next((e for e in evaluations if e.met), None)
    held = cert if cert is not None and cert.holds else None
    if held is None:
        return _Change(Kind.GRANTED, best) if best else None
    rank = held.level.rank
    if best and best.level.rank > rank:
        return _Change(Kind.PROMOTED, best)
    if best and best.level.rank == rank:
        if held.status == Status.PROBATION:
            return _Change(Kind.RESTORED, best)
        return None
    current = next((e for e in evaluations if e.level.pk == held.level_id), None)
    ends = held.status == Status.PROBATION and today >= held.probation_until
    if ends or (current is not None and current.conduct_failed):
        if best:
            return _Change(Kind.DEMOTED, best, previous=current)
        return _Change(Kind.REVOKED, current)
    if held.status == Status.ACTIVE:
        return _Change(Kind.PROBATION, current)
    return None  # on probation, not over yet


def _apply(cert, change: _Change, *, worker, category, today):
    """Set the certification's fields for the decision (no I/O but the save)."""
    new = change.evaluation.level if change.evaluation else cert.level
    if cert is None:
        cert = Certification(worker=worker, category=category)
    if change.kind in (Kind.GRANTED, Kind.PROMOTED, Kind.DEMOTED):
        cert.level, cert.status, cert.since = new, Status.ACTIVE, today
        cert.probation_until = None
    elif change.kind == Kind.RESTORED:
        cert.status, cert.probation_until = Status.ACTIVE, None
    elif change.kind == Kind.PROBATION:
        days = change.evaluation.criteria.probation_days if change.evaluation else 30
        cert.status = Status.PROBATION
        cert.probation_until = today + timedelta(days=days)
    elif change.kind == Kind.REVOKED:
        cert.status, cert.probation_until = Status.REVOKED, None
    cert.save()
    return cert


def _figures(change: _Change, as_of) -> dict:
    figures = change.evaluation.to_json() if change.evaluation else {}
    figures["as_of"] = as_of.isoformat()
    if change.previous is not None:
        figures["previous"] = change.previous.to_json()
    return figures


def certification_recompute(*, worker, category, as_of=None) -> Certification | None:
    """Bring ``worker``'s certification in ``category`` up to date at ``as_of``.

    Idempotent: the same track record and criteria give no new decision.
    Returns the certification row (None when the worker never held one and
    meets no level). Locks the worker's user row so the nightly run and a
    review finishing at the same time cannot both decide.
    """
    as_of = as_of or timezone.now()
    today = timezone.localdate(as_of)
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=worker.pk).first()
        cert = (
            Certification.objects.select_related("level")
            .filter(worker=worker, category=category)
            .first()
        )
        evaluations = evaluate_levels(worker=worker, category=category, as_of=as_of)
        change = _decide(cert, evaluations, today)
        if change is None:
            return cert
        before = f"{cert.level.code}/{cert.status}" if cert else ""
        from_level = cert.level if cert and cert.holds else None
        cert = _apply(cert, change, worker=worker, category=category, today=today)
        figures = _figures(change, as_of)
        CertificationDecision.objects.create(
            certification=cert,
            kind=change.kind,
            from_level=from_level,
            to_level=cert.level if cert.holds else None,
            decided_at=as_of,
            figures=figures,
        )
        log_action(
            target=cert,
            action=f"workers.certification.{change.kind}",
            from_state=before,
            to_state=f"{cert.level.code}/{cert.status}",
            data=figures,
        )
    return cert


def certification_targets(*, worker) -> list[WorkCategory]:
    """The categories worth recomputing for a worker: where they have work on
    record, hold a level, or passed a skill test."""
    ids = set(
        WorkRecord.objects.filter(worker=worker).values_list("category_id", flat=True)
    )
    ids |= set(
        Certification.objects.filter(worker=worker)
        .exclude(status=Status.REVOKED)
        .values_list("category_id", flat=True)
    )
    ids |= set(
        WorkerSkill.objects.filter(profile__user=worker, verified=True).values_list(
            "skill__category_id", flat=True
        )
    )
    return list(WorkCategory.objects.filter(pk__in=ids))


def certification_recompute_worker(*, worker, as_of=None) -> list[Certification]:
    """Recompute every category of ``certification_targets``."""
    results = []
    for category in certification_targets(worker=worker):
        cert = certification_recompute(worker=worker, category=category, as_of=as_of)
        if cert is not None:
            results.append(cert)
    return results
