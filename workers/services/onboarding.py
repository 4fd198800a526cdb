"""Joining: the worker role after sign-up, agreements accepted by click, and
the identity check (本人確認) with its retention run."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprise.accounts.models import SignupPolicy
from enterprise.audit import log_action
from enterprise.fsm import apply_transition
from enterprise.roles import WORKER

from ..models import AgreementAcceptance, AgreementVersion, IdentityCheck
from ..models_onboarding import text_sha256

USER_AGENT_MAX = 300


@transaction.atomic
def worker_signed_up(*, user) -> bool:
    """A self-registered person who confirmed their e-mail becomes a worker
    (the sign-up wizard then leads them). Returns whether the role was given."""
    if not user.self_registered or user.groups.exists():
        return False
    user.groups.add(Group.objects.get(name=WORKER))
    log_action(target=user, action="workers.signup.role_given", by=user)
    return True


@transaction.atomic
def agreement_accept(
    *, user, agreement: AgreementVersion, ip_address=None, user_agent: str = ""
) -> AgreementAcceptance:
    """Record ``user``'s click on ``agreement``: the version, the SHA-256 of
    its exact text, when, from where; the PDF is rendered after commit.
    Accepting the same version again returns the first acceptance."""
    from ..tasks import render_agreement_acceptance

    if not user.has_role(WORKER):
        raise PermissionDenied
    agreement = AgreementVersion.objects.select_for_update().get(pk=agreement.pk)
    if agreement.in_force_from > timezone.now():
        raise ValidationError(_("This agreement is not in force yet."))
    acceptance, created = AgreementAcceptance.objects.get_or_create(
        user=user,
        agreement=agreement,
        defaults={
            "kind": agreement.kind,
            "version": agreement.version,
            "text_sha256": text_sha256(agreement.text),
            "ip_address": ip_address or None,
            "user_agent": (user_agent or "")[:USER_AGENT_MAX],
        },
    )
    if created:
        log_action(
            target=acceptance,
            action="workers.agreement.accepted",
            by=user,
            data={
                "kind": agreement.kind,
                "version": agreement.version,
                "sha256": acceptance.text_sha256,
            },
        )
        render_agreement_acceptance.delay_on_commit(acceptance.pk)
    return acceptance


def agreement_acceptance_store_pdf(*, acceptance_id: int) -> str:
    """Render and store an acceptance's PDF once; returns its SHA-256."""
    from enterprise.pdf import store_document

    from ..documents import agreement_acceptance_pdf

    acceptance = AgreementAcceptance.objects.select_related("agreement", "user").get(
        pk=acceptance_id
    )
    if acceptance.pdf_sha256:
        return acceptance.pdf_sha256
    content = agreement_acceptance_pdf(acceptance)
    with transaction.atomic():
        acceptance = AgreementAcceptance.objects.select_for_update().get(
            pk=acceptance_id
        )
        if acceptance.pdf_sha256:
            return acceptance.pdf_sha256
        filename = (
            f"agreement-{acceptance.kind}-v{acceptance.version}-"
            f"{acceptance.user_id}.pdf"
        )
        return store_document(acceptance, "pdf", filename, content)


# --- identity check ---------------------------------------------------------


@transaction.atomic
def identity_submit(*, user, document_kind: str, upload) -> IdentityCheck:
    """The worker uploads a document; compliance is to review it."""
    if not user.has_role(WORKER):
        raise PermissionDenied
    if IdentityCheck.objects.filter(
        user=user, state=IdentityCheck.State.SUBMITTED
    ).exists():
        raise ValidationError(_("Your document is already awaiting review."))
    check = IdentityCheck(
        user=user, document_kind=document_kind, original_name=upload.name[:200]
    )
    check.document.save(upload.name, upload, save=False)
    check.save()
    log_action(
        target=check,
        action="workers.identity.submitted",
        by=user,
        to_state=check.state,
        data={"document_kind": document_kind},
    )
    return check


def _decide(check: IdentityCheck, name: str, *, by, reason: str) -> IdentityCheck:
    check = IdentityCheck.objects.select_for_update().get(pk=check.pk)
    if check.user_id == by.pk:
        raise PermissionDenied
    check.reason = reason
    apply_transition(
        check,
        name,
        by=by,
        action=f"workers.identity.{name}",
        reason=reason,
        update_fields=("decided_at", "decided_by", "reason"),
        decided_by=by,
    )
    return check


@transaction.atomic
def identity_approve(*, check: IdentityCheck, by, reason: str = "") -> IdentityCheck:
    """Compliance approves: the worker's identity is confirmed (certification
    criteria may require it)."""
    check = _decide(check, "approve", by=by, reason=(reason or "").strip())
    _recompute_after_commit(check.user_id)
    return check


@transaction.atomic
def identity_refuse(*, check: IdentityCheck, by, reason: str) -> IdentityCheck:
    """Compliance refuses, saying why; the worker may upload again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Please give a reason."))
    return _decide(check, "refuse", by=by, reason=reason)


def _recompute_after_commit(worker_id: int) -> None:
    from .records import _enqueue_recompute

    _enqueue_recompute(worker_id)


def identity_document_open(*, check: IdentityCheck, by):
    """The file, for its owner or compliance; every view leaves an audit row."""
    log_action(
        target=check,
        action="workers.identity.viewed",
        by=by,
        data={"owner": check.user_id == by.pk},
    )
    return check


def identity_documents_purge(*, now=None) -> int:
    """Delete the files of decided checks past the operator's retention period;
    the check, its decision and its date stay. Returns how many went."""
    now = now or timezone.now()
    days = SignupPolicy.get().identity_retention_days
    cutoff = now - datetime.timedelta(days=days)
    due = IdentityCheck.objects.filter(
        decided_at__lte=cutoff, document_deleted_at__isnull=True
    ).exclude(document="")
    count = 0
    for check_id in due.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            check = IdentityCheck.objects.select_for_update().get(pk=check_id)
            if check.document_deleted_at is not None or not check.document:
                continue
            check.document.delete(save=False)
            check.document = ""
            check.document_deleted_at = now
            check.save(update_fields=["document", "document_deleted_at"])
            log_action(
                target=check,
                action="workers.identity.document_deleted",
                data={"retention_days": days},
            )
            count += 1
    return count
