"""個人情報保護法: what the operator holds about a worker, for the worker."""

from __future__ import annotations

from ..models import (
    AgreementAcceptance,
    BankAccount,
    IdentityCheck,
    WorkerProfile,
    WorkerSkill,
    WorkRecord,
)

PROFILE_KEYS = [
    "kind",
    "legal_name",
    "legal_name_kana",
    "display_name",
    "postal_code",
    "address",
    "registration_number",
    "capacity",
    "availability",
    "status",
    "created_at",
]


def personal_data(*, user) -> dict:
    """Everything about ``user`` this app keeps, as plain JSON-able values
    (the bank account number masked as on the pages)."""
    profile = WorkerProfile.objects.filter(user=user).first()
    data: dict = {
        "account": {
            "username": user.username,
            "email": user.email,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "profile": None,
        "skills": [],
        "bank_account": None,
    }
    if profile is not None:
        data["profile"] = {key: getattr(profile, key) for key in PROFILE_KEYS}
        data["skills"] = [
            {"skill": str(s.skill), "level": s.self_level, "verified": s.verified}
            for s in WorkerSkill.objects.filter(profile=profile).select_related("skill")
        ]
        account = BankAccount.objects.filter(profile=profile).first()
        if account is not None:
            data["bank_account"] = {
                "bank": f"{account.bank_code} {account.bank_name}",
                "branch": f"{account.branch_code} {account.branch_name}",
                "account_number": account.masked_number,
                "holder_name": account.holder_name,
            }
    data["agreements"] = [
        {
            "kind": a.kind,
            "version": a.version,
            "text_sha256": a.text_sha256,
            "accepted_at": a.accepted_at,
            "ip_address": a.ip_address,
        }
        for a in AgreementAcceptance.objects.filter(user=user)
    ]
    data["identity_checks"] = [
        {
            "document": c.document_kind,
            "state": c.state,
            "submitted_at": c.submitted_at,
            "decided_at": c.decided_at,
            "file_kept": bool(c.document),
        }
        for c in IdentityCheck.objects.filter(user=user)
    ]
    data["work_records"] = [
        {
            "subtask": r.subtask_ref,
            "outcome": r.outcome,
            "rating": r.rating,
            "completed_at": r.completed_at,
        }
        for r in WorkRecord.objects.filter(worker=user)
    ]
    return data
