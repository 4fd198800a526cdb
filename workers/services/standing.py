"""A worker's standing: suspended with a reason (no offers, no claims) and
reinstated by staff, or gone (a leaver, anonymised later by the beat)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprise.accounts.models import SignupPolicy
from enterprise.audit import log_action
from enterprise.fsm import apply_transition

from ..models import BankAccount, IdentityCheck, WorkerProfile, WorkerSkill

SUSPEND = "workers.suspend_workerprofile"
ANONYMOUS = "退会済み"


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Please give a reason."))
    return reason


@transaction.atomic
def _move(profile: WorkerProfile, name: str, *, by, reason: str) -> WorkerProfile:
    reason = _reason(reason)
    profile = WorkerProfile.objects.select_for_update().get(pk=profile.pk)
    apply_transition(
        profile,
        name,
        by=by,
        action=f"workers.profile.{name}",
        reason=reason,
        update_fields=("status_reason", "status_changed_at"),
        check_permission=False,
        note=reason,
    )
    return profile


def _require_staff(profile: WorkerProfile, by) -> None:
    if not by.has_perm(SUSPEND) or by.pk == profile.user_id:
        raise PermissionDenied


def worker_suspend(*, profile: WorkerProfile, by, reason: str) -> WorkerProfile:
    """No new offers or claims until reinstated; work in hand stays, and the
    director sees it on the worker's page."""
    _require_staff(profile, by)
    return _move(profile, "suspend", by=by, reason=reason)


def worker_reinstate(*, profile: WorkerProfile, by, reason: str) -> WorkerProfile:
    _require_staff(profile, by)
    return _move(profile, "reinstate", by=by, reason=reason)


def worker_leave(*, profile: WorkerProfile, by, reason: str) -> WorkerProfile:
    """The worker (or staff) closes the account: no more offers; personal data
    is anonymised after the operator's period (``leavers_anonymise``)."""
    if by.pk != profile.user_id:
        _require_staff(profile, by)
    return _move(profile, "leave", by=by, reason=reason)


def leavers_anonymise(*, now=None) -> int:
    """Anonymise workers who left more than the operator's period ago.

    Names, address, kana, skills, the bank account and identity files go;
    issued documents (worker orders, payout statements, agreement PDFs) and
    payouts keep their own copies of the names for seven years, as the tax
    and Freelance Act records require, and are not touched here.
    """
    now = now or timezone.now()
    days = SignupPolicy.get().leaver_anonymise_days
    due = WorkerProfile.objects.filter(
        status=WorkerProfile.Status.LEFT,
        anonymised_at__isnull=True,
        status_changed_at__lte=now - datetime.timedelta(days=days),
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(due):
        with transaction.atomic():
            profile = (
                WorkerProfile.objects.select_for_update()
                .select_related("user")
                .get(pk=pk)
            )
            if profile.anonymised_at is not None:
                continue
            _anonymise(profile, now)
            count += 1
    return count


def _anonymise(profile: WorkerProfile, now) -> None:
    user = profile.user
    profile.legal_name = profile.display_name = ANONYMOUS
    profile.legal_name_kana = "タイカイ"
    profile.postal_code = profile.address = profile.registration_number = ""
    profile.anonymised_at = now
    profile.save(
        update_fields=[
            "legal_name",
            "display_name",
            "legal_name_kana",
            "postal_code",
            "address",
            "registration_number",
            "anonymised_at",
        ]
    )
    WorkerSkill.objects.filter(profile=profile).delete()
    BankAccount.objects.filter(profile=profile).delete()
    for check in IdentityCheck.objects.filter(user=user).exclude(document=""):
        check.document.delete(save=False)
        check.document = ""
        check.document_deleted_at = now
        check.save(update_fields=["document", "document_deleted_at"])
    user.username = f"left-{user.pk}"
    user.first_name = user.last_name = ""
    user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=user).delete()
    log_action(target=profile, action="workers.profile.anonymised")
