"""Who gets what: the fee policy, withholding by kind of work, consumption tax.

Reads only; the services that write call these.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q

from enterprise.models import OperatorProfile
from enterprise.money import FeeKind, FeePolicy, Rounding

from ...models import CategoryWithholding, TaxTreatment, WorkerFeePolicy

NO_FEE = FeePolicy(kind=FeeKind.NONE)
# Directing and reviewing are paid under this code (CategoryWithholding row).
DIRECTION_CODE = "direction"


def fee_policy_for(
    *, category_id: int | None, work_format: str, rows=None
) -> FeePolicy:
    """The most specific policy for a category and work format: category and
    format, then category, then format, then the default; no fee when the
    operator has set none. ``rows``: every WorkerFeePolicy, read once by a
    caller that looks many up."""
    if rows is None:
        rows = WorkerFeePolicy.objects.filter(
            Q(category_id=category_id) | Q(category__isnull=True),
            work_format__in=[work_format, ""],
        )
    rows = [
        row
        for row in rows
        if row.category_id in (category_id, None)
        and row.work_format in (work_format, "")
    ]
    best = max(
        rows,
        key=lambda row: (row.category_id is not None, row.work_format != ""),
        default=None,
    )
    return best.as_policy() if best else NO_FEE


def withholding_for(
    *, category_code: str, skill_code: str = "", rows=None
) -> tuple[bool, str]:
    """(subject, legal basis) for work of this category and skill.

    A row for the skill wins over the category's row; work no row names is
    not subject (the law lists what is, japan.md §2.3). ``rows``: every
    CategoryWithholding, read once by a caller that looks many up.
    """
    if rows is None:
        rows = CategoryWithholding.objects.filter(
            category_code=category_code, skill_code__in=[skill_code or "", ""]
        )
    rows = {
        row.skill_code: row
        for row in rows
        if row.category_code == category_code
        and row.skill_code in (skill_code or "", "")
    }
    row = rows.get(skill_code or "") or rows.get("")
    if row is None:
        return False, ""
    return row.subject, row.basis


def worker_profile(user):
    return getattr(user, "worker_profile", None)


def tax_treatment_for(profile, operator: OperatorProfile) -> str:
    """Registered workers (T-number) charge consumption tax; for unregistered
    ones the operator's setting decides (japan.md §1.6)."""
    if profile is not None and profile.registration_number:
        return TaxTreatment.REGISTERED
    if operator.unregistered_worker_tax == OperatorProfile.UnregisteredTax.NO_TAX:
        return TaxTreatment.UNREGISTERED_NONE
    return TaxTreatment.UNREGISTERED_ADD


def is_individual(profile) -> bool:
    """Withholding applies to individuals only (japan.md §2.1); a worker
    without a profile is treated as one, the cautious reading."""
    return profile is None or profile.kind == profile.Kind.INDIVIDUAL


def policy_to_json(policy: FeePolicy) -> dict:
    """The agreed terms as the worker order stores them."""
    return {
        "kind": policy.kind,
        "rate": None if policy.rate is None else str(policy.rate),
        "tiers": [[bound, str(rate)] for bound, rate in policy.tiers],
        "rounding": policy.rounding,
    }


def policy_from_json(terms: dict) -> FeePolicy:
    if not terms:
        return NO_FEE
    row = WorkerFeePolicy(
        kind=terms["kind"],
        rate=None if terms.get("rate") is None else Decimal(terms["rate"]),
        tiers=terms.get("tiers") or [],
        rounding=terms.get("rounding", Rounding.DOWN),
    )
    return row.as_policy()
