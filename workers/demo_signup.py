"""Demo of joining (issue #16): agreements in force, every demo worker's
acceptances, a worker mid-way through sign-up, one awaiting the identity
review and one (worker12) who must accept the new basic agreement.

Safe to run again: versions, acceptances and checks are found by natural
keys; nothing is rendered here (an acceptance's PDF is made on first view).
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from enterprise.demo import DEMO_PASSWORD
from enterprise.models import Skill
from enterprise.roles import WORKER

from . import services
from .documents import publish_default_agreements
from .models import (
    AgreementAcceptance,
    AgreementVersion,
    BankAccount,
    IdentityCheck,
    WorkerProfile,
    WorkerSkill,
)
from .models_onboarding import text_sha256

REACCEPT = "worker12"
AMENDMENT = (
    "\n\n附則\n本版（第2版）は、第5条の支払期日の定めを"
    "明確にするため改定したものである。"
)
# username: (last, first, kana, display name)
NEWCOMERS = {
    "newcomer1": ("西村", "優", "ニシムラ ユウ", "西村 優"),
    "newcomer2": ("石井", "奈々", "イシイ ナナ", "石井 奈々"),
}
# A 1×1 PNG: the demo's "scanned" identity document.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


def _accept(user, agreement, when) -> None:
    AgreementAcceptance.objects.get_or_create(
        user=user,
        agreement=agreement,
        defaults={
            "kind": agreement.kind,
            "version": agreement.version,
            "text_sha256": text_sha256(agreement.text),
            "accepted_at": when,
            "ip_address": "192.0.2.10",
            "user_agent": "demo",
        },
    )


def _newcomer(username, names, password):
    last, first, kana, display = names
    user, _created = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "last_name": last,
            "first_name": first,
            "email": f"{username}@example.jp",
            "password": password,
            "self_registered": True,
        },
    )
    user.groups.add(Group.objects.get(name=WORKER))
    EmailAddress.objects.get_or_create(
        user=user,
        email=user.email,
        defaults={"primary": True, "verified": True},
    )
    profile, _created = WorkerProfile.objects.get_or_create(
        user=user,
        defaults={
            "legal_name": f"{last} {first}",
            "legal_name_kana": kana,
            "display_name": display,
            "postal_code": "150-0002",
            "address": "東京都渋谷区渋谷2-1-1",
            "signup_steps": True,
        },
    )
    return user, profile


def seed(*, now, stdout) -> None:
    v1 = publish_default_agreements(version=1, at=now - timedelta(days=90))
    basic = next(a for a in v1 if a.kind == "basic")
    v2, _created = AgreementVersion.objects.get_or_create(
        kind="basic",
        version=2,
        defaults={
            "title": basic.title,
            "text": basic.text + AMENDMENT,
            "in_force_from": now - timedelta(days=3),
        },
    )
    workers = WorkerProfile.objects.filter(signup_steps=False).select_related("user")
    for profile in workers:
        for agreement in v1:
            _accept(profile.user, agreement, now - timedelta(days=80))
        if profile.user.username != REACCEPT:
            _accept(profile.user, v2, now - timedelta(days=2))
    password = make_password(DEMO_PASSWORD)
    # newcomer1: confirmed the address and saved a profile; nothing else yet.
    _newcomer("newcomer1", NEWCOMERS["newcomer1"], password)
    # newcomer2: every step done but the identity review.
    user, profile = _newcomer("newcomer2", NEWCOMERS["newcomer2"], password)
    WorkerSkill.objects.get_or_create(
        profile=profile, skill=Skill.objects.get(code="article"),
        defaults={"self_level": 3},
    )  # fmt: skip
    BankAccount.objects.update_or_create(
        profile=profile,
        defaults=services.bank_details(
            bank_code="0001", branch_code="001", account_type=1,
            account_number="2345678", holder_name="イシイ ナナ",
        ),
    )  # fmt: skip
    for agreement in [*v1[1:], v2]:
        _accept(user, agreement, now - timedelta(days=1))
    if not IdentityCheck.objects.filter(user=user).exists():
        check = IdentityCheck(
            user=user,
            document_kind=IdentityCheck.DocumentKind.DRIVING_LICENCE,
            original_name="licence.png",
            submitted_at=now - timedelta(hours=5),
        )
        check.document.save("licence.png", ContentFile(PNG), save=False)
        check.save()
    stdout.write(
        f"  sign-up: {AgreementVersion.objects.count()} agreement versions, "
        f"{AgreementAcceptance.objects.count()} acceptances, 2 newcomers"
    )
