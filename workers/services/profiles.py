"""Profiles, bank accounts, declared skills and the assignment counter."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils.translation import gettext as _

from enterprise.audit import log_action
from enterprise.entry import nfkc
from enterprise.kana import ZenginNameError, to_zengin, zengin_bytes

from .. import banks
from ..models import BankAccount, WorkerProfile, WorkerSkill
from ..numbers import check_digit_ok, normalise_registration_number

PROFILE_FIELDS = [
    "kind",
    "legal_name",
    "legal_name_kana",
    "postal_code",
    "address",
    "display_name",
    "registration_number",
    "capacity",
    "availability",
    "away_until",
]


def registration_number_problem(*, kind: str, number: str) -> str | None:
    """Why a registration number looks wrong, or None.

    A corporation's number is its 法人番号, whose check digit is defined: a
    failure is an error. No check digit is published for individuals' numbers
    (japan.md §1.2), so for them the caller shows it as a warning only.
    """
    if number and not check_digit_ok(number):
        if kind == WorkerProfile.Kind.CORPORATION:
            return _("The check digit of this corporate number does not match.")
        return _(
            "The check digit does not match. Please check the number against "
            "your registration notice."
        )
    return None


def profile_save(*, user, by, **fields) -> WorkerProfile:
    """Create or update ``user``'s worker profile with ``fields`` (PROFILE_FIELDS).

    Raises ValidationError for a corporation whose registration number fails
    its check digit; an individual's failing number is saved (see
    ``registration_number_problem``). Writes an audit row.
    """
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown profile fields: {sorted(unknown)}")
    if "registration_number" in fields:
        fields["registration_number"] = normalise_registration_number(
            fields["registration_number"]
        )
    away = WorkerProfile.Availability.AWAY
    if "availability" in fields and fields["availability"] != away:
        fields["away_until"] = None
    with transaction.atomic():
        profile = WorkerProfile.objects.select_for_update().filter(
            user=user
        ).first() or WorkerProfile(user=user)
        created = profile.pk is None
        for name, value in fields.items():
            setattr(profile, name, value)
        if profile.availability == away and not profile.away_until:
            raise ValidationError({"away_until": _("Enter the date you will be back.")})
        profile.full_clean(exclude=["user"])
        if profile.kind == WorkerProfile.Kind.CORPORATION:
            problem = registration_number_problem(
                kind=profile.kind, number=profile.registration_number
            )
            if problem:
                raise ValidationError({"registration_number": problem})
        profile.save()
        log_action(
            target=profile,
            action="workers.profile.created" if created else "workers.profile.updated",
            by=by,
            data={"fields": sorted(fields)},
        )
    return profile


def bank_details(
    *,
    bank_code,
    branch_code,
    account_type,
    account_number,
    holder_name,
    known_codes: bool = True,
) -> dict:
    """Check and normalise a bank account; raises ValidationError by field.

    Codes must exist in the zengin-code list; names are stored as the
    transfer file needs them (half-width kana); the account number is
    left-padded to 7 digits; the holder name is converted to the Zengin set
    and refused, naming the characters, when it cannot be. ``known_codes``
    False checks the codes' form only (the transfer file's own needs), not
    that the bank and branch are in today's list; the names are then blank.
    """
    errors = {}
    # Full-width digits (１２３) become half-width first; \d would also
    # accept other scripts' digits, which no bank file can carry.
    bank_code = nfkc(bank_code).strip()
    branch_code = nfkc(branch_code).strip()
    number = nfkc(account_number).strip()
    found = None
    if not re.fullmatch(r"[0-9]{4}", bank_code):
        errors["bank_code"] = _("Enter the 4-digit bank code.")
    elif known_codes and not banks.bank_exists(bank_code):
        errors["bank_code"] = _("There is no bank with code %(code)s.") % {
            "code": bank_code
        }
    elif not re.fullmatch(r"[0-9]{3}", branch_code):
        errors["branch_code"] = _("Enter the 3-digit branch code.")
    elif known_codes:
        found = banks.lookup(bank_code, branch_code)
        if found is None:
            errors["branch_code"] = _("%(bank)s has no branch with code %(code)s.") % {
                "bank": banks.bank_name(bank_code),
                "code": branch_code,
            }
    if not re.fullmatch(r"[0-9]{1,7}", number):
        errors["account_number"] = _("Enter the account number: up to 7 digits.")
    if str(account_type or 0) not in map(str, BankAccount.AccountType.values):
        errors["account_type"] = _("Choose ordinary, current or savings.")
    holder = ""
    try:
        holder = to_zengin(holder_name or "", kind="person")
    except ZenginNameError as exc:
        errors["holder_name"] = _(
            "These characters cannot be used in a bank transfer: %(chars)s. "
            "Enter the name in kana as registered with the bank."
        ) % {"chars": " ".join(exc.bad)}
    else:
        if not holder:
            errors["holder_name"] = _("Enter the account holder's name in kana.")
        elif zengin_bytes(holder) > 30:
            errors["holder_name"] = _(
                "The name is too long for a bank transfer (30 characters at most, "
                "voiced kana count as two)."
            )
    if errors:
        raise ValidationError(errors)
    return {
        "bank_code": bank_code,
        "bank_name": found.bank_kana if found else "",
        "branch_code": branch_code,
        "branch_name": found.branch_kana if found else "",
        "account_type": int(account_type),
        "account_number": number.zfill(7),
        "holder_name": holder,
    }


def bank_account_save(
    *,
    profile: WorkerProfile,
    bank_code: str,
    branch_code: str,
    account_type: int,
    account_number: str,
    holder_name: str,
    by,
) -> BankAccount:
    """Create or replace the profile's payout account (see ``bank_details``).

    Every change is audited (``workers.bank_account.created``/``updated``)
    with who, when, and the old and new codes and last three digits of the
    account number, never the whole number: finance sees them beside the
    worker's payouts, since a changed payee just before a pay date is how
    payout fraud looks.
    """
    values = bank_details(
        bank_code=bank_code,
        branch_code=branch_code,
        account_type=account_type,
        account_number=account_number,
        holder_name=holder_name,
    )
    with transaction.atomic():
        old = BankAccount.objects.select_for_update().filter(profile=profile).first()
        account, created = BankAccount.objects.update_or_create(
            profile=profile, defaults=values
        )
        log_action(
            target=profile,
            action="workers.bank_account." + ("created" if created else "updated"),
            by=by,
            data={
                "bank_code": account.bank_code,
                "branch_code": account.branch_code,
                "account": account.masked_number,
                "old_last3": old.account_number[-3:] if old else "",
                "new_last3": account.account_number[-3:],
                "old_bank_code": old.bank_code if old else "",
                "old_branch_code": old.branch_code if old else "",
            },
        )
    return account


def worker_skill_set(*, profile: WorkerProfile, skill, self_level: int, by):
    """Declare a skill or change its level; a verification stays as it was."""
    if not 1 <= int(self_level) <= 5:
        raise ValidationError({"self_level": _("Choose a level from 1 to 5.")})
    with transaction.atomic():
        worker_skill, _created = WorkerSkill.objects.update_or_create(
            profile=profile, skill=skill, defaults={"self_level": int(self_level)}
        )
    return worker_skill


def worker_skill_remove(*, profile: WorkerProfile, skill, by) -> None:
    """Withdraw a declared skill (a passed test can be taken again later)."""
    WorkerSkill.objects.filter(profile=profile, skill=skill).delete()


def assignment_count_changed(*, worker, delta: int) -> int:
    """Engagements: call with +1 when a subtask is assigned to ``worker`` and
    -1 when it stops being active (approved, cancelled, taken away).

    Call it inside the transaction that changes the subtask so the counter
    and the subtask commit together. The counter never goes below zero.
    Returns the new count; raises WorkerProfile.DoesNotExist when the user
    has no worker profile.
    """
    updated = WorkerProfile.objects.filter(user=worker).update(
        active_assignments=Greatest(F("active_assignments") + delta, 0)
    )
    if not updated:
        raise WorkerProfile.DoesNotExist(f"no worker profile for user {worker.pk}")
    return (
        WorkerProfile.objects.filter(user=worker)
        .values_list("active_assignments", flat=True)
        .get()
    )


def assignment_count_set(*, worker, count: int) -> None:
    """Engagements: set the counter to the true count (a nightly resync)."""
    WorkerProfile.objects.filter(user=worker).update(
        active_assignments=max(int(count), 0)
    )
