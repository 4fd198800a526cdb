"""What a worker still has to do before offers can reach them (reads only).

Engagements asks ``offer_blockers`` before offering a subtask and before an
offer is accepted. Workers who signed up by themselves complete every step
(profile, skills, bank account, identity check, agreements); workers staff
made were screened by staff, so only the agreements in force apply to them.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    AgreementAcceptance,
    AgreementVersion,
    BankAccount,
    IdentityCheck,
    WorkerProfile,
    WorkerSkill,
)


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    url_name: str
    done: bool


def current_agreements() -> list[AgreementVersion]:
    """The version in force of each kind (the highest already in force)."""
    found: dict[str, AgreementVersion] = {}
    rows = AgreementVersion.objects.filter(in_force_from__lte=timezone.now())
    for version in rows.order_by("kind", "-version"):
        found.setdefault(version.kind, version)
    return list(found.values())


def agreements_to_accept(user) -> list[AgreementVersion]:
    """Current versions ``user`` has not accepted yet (a new version counts)."""
    current = current_agreements()
    accepted = set(
        AgreementAcceptance.objects.filter(
            user=user, agreement__in=current
        ).values_list("agreement_id", flat=True)
    )
    return [a for a in current if a.pk not in accepted]


def identity_approved(user) -> bool:
    return IdentityCheck.objects.filter(
        user=user, state=IdentityCheck.State.APPROVED
    ).exists()


def signup_profile(user) -> WorkerProfile | None:
    """The worker's profile with whether they gave skills and a bank account
    (``has_skills``, ``has_bank_account``): what ``steps`` reads, in one query."""
    return (
        WorkerProfile.objects.filter(user=user)
        .annotate(
            has_skills=Exists(WorkerSkill.objects.filter(profile=OuterRef("pk"))),
            has_bank_account=Exists(BankAccount.objects.filter(profile=OuterRef("pk"))),
        )
        .first()
    )


_UNREAD = object()


def steps(user, profile=_UNREAD) -> list[Step]:
    """The sign-up steps of ``user`` in order, each done or not. A caller
    that already read ``signup_profile(user)`` passes it."""
    if profile is _UNREAD:
        profile = signup_profile(user)
    result = [
        Step("profile", _("Profile"), "workers:profile_edit", profile is not None)
    ]
    if user.self_registered or (profile is not None and profile.signup_steps):
        result += [
            Step(
                "skills",
                _("Skills"),
                "workers:skills",
                profile is not None and profile.has_skills,
            ),
            Step(
                "bank",
                _("Bank account"),
                "workers:bank_edit",
                profile is not None and profile.has_bank_account,
            ),
            Step(
                "identity",
                _("Identity check"),
                "workers:identity",
                identity_approved(user),
            ),
        ]
    result.append(
        Step(
            "agreements",
            _("Agreements"),
            "workers:agreements",
            not agreements_to_accept(user),
        )
    )
    return result


def offer_blockers(user, profile=_UNREAD) -> list[str]:
    """Why ``user`` may not take an offer now: the steps left and a suspension."""
    if profile is _UNREAD:
        profile = signup_profile(user)
    reasons = [str(step.label) for step in steps(user, profile) if not step.done]
    status = profile.status if profile is not None else None
    if status == WorkerProfile.Status.SUSPENDED:
        reasons.append(str(_("Suspended")))
    elif status == WorkerProfile.Status.LEFT:
        reasons.append(str(_("Left")))
    return reasons


def basic_agreement_accepted(user, *, at=None) -> AgreementAcceptance | None:
    """The basic agreement acceptance in force for ``user`` at ``at`` (the
    latest accepted by then), which a worker order cites."""
    rows = AgreementAcceptance.objects.filter(
        user=user, kind="basic", accepted_at__lte=at or timezone.now()
    )
    return rows.order_by("-version", "-accepted_at").first()
