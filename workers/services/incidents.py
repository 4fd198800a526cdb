"""Incidents: trouble with a worker and how it was settled."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprise.audit import log_action

from ..models import Incident
from .records import _enqueue_recompute


def incident_record(
    *,
    worker,
    kind: str,
    description: str,
    occurred_at=None,
    subtask_ref: str = "",
    engagement_ref: str = "",
    by=None,
) -> Incident:
    """Record trouble with ``worker`` (engagements and directors call this).

    ``kind`` is an ``Incident.Kind`` value (overdue, unreachable, quality,
    conduct); ``subtask_ref``/``engagement_ref`` name what it concerns, e.g.
    ``"subtask:42"``; ``by`` is who recorded it (None for the system, such as
    the overdue scan). After commit the worker's certifications are
    recomputed: an overdue incident puts a certified worker on probation and
    a conduct incident revokes, as the criteria say.
    Raises ValueError for an unknown kind, ValidationError when ``by`` is the
    worker (a veteran who directs cannot write their own record).
    """
    if kind not in Incident.Kind.values:
        raise ValueError(f"unknown incident kind {kind!r}")
    if by is not None and by.pk == worker.pk:
        raise ValidationError(
            _("You cannot record an incident against your own worker profile.")
        )
    with transaction.atomic():
        incident = Incident.objects.create(
            worker=worker,
            kind=kind,
            description=description,
            occurred_at=occurred_at or timezone.now(),
            subtask_ref=subtask_ref,
            engagement_ref=engagement_ref,
            recorded_by=by if by is not None and by.is_authenticated else None,
        )
        log_action(
            target=incident,
            action="workers.incident.recorded",
            by=by,
            to_state="open",
            reason=description,
            data={"kind": kind, "subtask": subtask_ref, "engagement": engagement_ref},
        )
        _enqueue_recompute(worker.pk)
    return incident


def incident_resolve(*, incident: Incident, resolution: str, by) -> Incident:
    """Close an incident with the mediation notes.

    The incident still counts in the certification window: resolving it
    records how it was settled, it does not erase it.
    """
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        was_resolved = incident.resolved
        incident.resolution = resolution
        if not was_resolved:
            incident.resolved_at = timezone.now()
        incident.save(update_fields=["resolution", "resolved_at"])
        log_action(
            target=incident,
            action="workers.incident.resolved",
            by=by,
            from_state="resolved" if was_resolved else "open",
            to_state="resolved",
            reason=resolution,
        )
    return incident
