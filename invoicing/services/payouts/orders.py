"""Worker orders (発注書): made when a worker accepts, versioned on change.

Freelance Act 法3条 (japan.md §3.2): the terms are disclosed in writing or
electronically at once when the work is ordered. The order is issued in the
transaction that records the worker's acceptance, its PDF is rendered after
commit and the worker is mailed a link to it.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import NoReverseMatch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from enterprise.calendar import add_business_days, payment_terms_text, shift
from enterprise.freelance import require_due_date
from enterprise.fsm import apply_transition
from enterprise.models import OperatorProfile
from enterprise.money import tax_on, worker_fee
from enterprise.notify import notify
from enterprise.rates import TaxRate, WithholdingRule, covering, rate_on

from ... import rules
from ...models import (
    CategoryWithholding,
    PayoutLine,
    TaxTreatment,
    WorkerFeePolicy,
    WorkerOrder,
)
from ...models import TransferFeePayer as Payer
from ...models.payouts import ORDER_FINAL_FIELDS, describe_fee_policy
from ...numbering import allocate_number, format_document_number
from ._base import (
    PayoutError,
    fiscal_year_of,
    local_date,
    lock,
    require,
    require_reason,
    site_url,
)
from .policy import (
    fee_policy_for,
    policy_from_json,
    policy_to_json,
    tax_treatment_for,
    withholding_for,
    worker_profile,
)
from .schedule import calendar_pay_date

NUMBER_PREFIX = "PO"
# 検査を完了する期日: the director reviews within this many business days of
# the delivery date (printed on the order, 公取委規則1条1項6号).
INSPECTION_BUSINESS_DAYS = getattr(settings, "PAYOUTS_INSPECTION_BUSINESS_DAYS", 5)
# What a later version may change; everything else is copied.
REVISABLE = {
    "title",
    "description",
    "delivery_due",
    "delivery_place",
    "inspection_due",
    "reward",
    "payment_due_date",
    "transfer_fee_payer",
    "is_redelegation",
    "original_client_name",
    "original_due_date",
}


def _delivery_place(subtask) -> str:
    try:
        url = site_url("engagements:worker_subtask", subtask.pk)
    except NoReverseMatch:
        url = (
            settings.SITE_URL.rstrip("/") + f"/engagements/work/subtasks/{subtask.pk}/"
        )
    return _("Upload on the Motouke work page (%(url)s)") % {"url": url}


def _payment_method(payer: str) -> str:
    if payer == Payer.WORKER:
        return _("Bank transfer (transfer fee borne by the worker, as agreed)")
    return _("Bank transfer (transfer fee borne by the orderer)")


def _money_terms(
    reward: int, policy, treatment: str, on: datetime.date, operator, rate=None
):
    rate = rate_on(TaxRate.Code.STANDARD, on) if rate is None else rate
    tax = 0
    if treatment != TaxTreatment.UNREGISTERED_NONE:
        tax = tax_on(reward, rate, rounding=operator.default_tax_rounding).tax
    return {"tax_rate": rate, "consumption_tax": tax, "fee": worker_fee(reward, policy)}


def _hourly_text(subtask) -> str:
    """How an hourly subtask's reward is reckoned (the fee's calculation
    method, 公取委規則1条1項7号), or '' for a fixed reward."""
    from engagements.models import HourlyTerms

    terms = HourlyTerms.objects.filter(subtask=subtask).first()
    if terms is None:
        return ""
    return _(
        "Paid by the hour: ¥%(rate)s an hour (excl. tax), at most %(cap)s hours "
        "a week. Each week (Monday to Sunday) the approved hours × the hourly "
        "rate are paid by the payment terms below."
    ) % {
        "rate": f"{terms.hourly_rate:,}",
        "cap": f"{terms.weekly_cap_hours.normalize():f}",
    }


def _description(assignment) -> str:
    text = f"{assignment.description}\n\n{assignment.deliverable_spec}"
    hourly = _hourly_text(assignment.subtask)
    return f"{text}\n\n{hourly}" if hourly else text


class PayLookups:
    """The small tables pay terms read, each read once: a page of offers
    costs the same queries for one offer as for fifty, whatever their
    categories and pay dates."""

    def __init__(self, operator: OperatorProfile | None = None):
        self.operator = operator or OperatorProfile.get()
        self._tables: dict = {}

    def _table(self, model, **filters) -> list:
        key = (model, tuple(sorted(filters.items())))
        if key not in self._tables:
            self._tables[key] = list(model.objects.filter(**filters))
        return self._tables[key]

    def fee_policy(self, category_id, work_format: str):
        rows = self._table(WorkerFeePolicy)
        return fee_policy_for(
            category_id=category_id, work_format=work_format, rows=rows
        )

    def withholding(self, category_code: str, skill_code: str):
        rows = self._table(CategoryWithholding)
        return withholding_for(
            category_code=category_code, skill_code=skill_code, rows=rows
        )

    def tax_rate(self, on: datetime.date):
        rows = self._table(TaxRate, code=TaxRate.Code.STANDARD)
        return covering(rows, on, "standard tax rate", TaxRate).rate

    def withholding_rule(self, on: datetime.date):
        rows = self._table(WithholdingRule)
        return covering(rows, on, "withholding rule", WithholdingRule)


def _pay_terms(
    *, subtask, worker, reward: int, order_date, delivery_day, lookups: PayLookups
) -> dict:
    """The money items of an order for ``reward`` to ``worker``: the fee under
    the policy that applies, consumption tax, withholding and when it is paid."""
    operator, profile = lookups.operator, worker_profile(worker)
    policy = lookups.fee_policy(subtask.engagement.category_id, subtask.work_format)
    subject, basis = lookups.withholding(
        subtask.engagement.category.code,
        subtask.required_skill.code if subtask.required_skill_id else "",
    )
    treatment = tax_treatment_for(profile, operator)
    rate = lookups.tax_rate(order_date)
    return {
        "worker_kind": profile.kind if profile else "individual",
        "reward": reward,
        "tax_treatment": treatment,
        **_money_terms(reward, policy, treatment, order_date, operator, rate),
        "fee_policy": policy_to_json(policy),
        "fee_policy_text": describe_fee_policy(policy),
        "withholding_subject": subject,
        "withholding_basis": basis,
        "payment_terms": payment_terms_text(operator),
        "payment_due_date": _due_date_for_delivery(delivery_day, operator),
    }


def offer_pay_terms(
    offer, *, worker=None, lookups: PayLookups | None = None
) -> WorkerOrder:
    """What the worker order would say about pay were ``offer`` accepted today:
    an unsaved order with the same fee, consumption tax, withholding and pay
    terms (its ``withholding_estimate`` and ``net_estimate`` give the rest), so
    the worker knows the terms before accepting (法3条). ``worker`` saves
    fetching ``offer.worker`` when the caller holds it already."""
    lookups = lookups or PayLookups()
    subtask, worker = offer.subtask, worker or offer.worker
    today = timezone.localdate()
    terms = _pay_terms(
        subtask=subtask,
        worker=worker,
        reward=subtask.reward,
        order_date=today,
        delivery_day=local_date(subtask.due_at),
        lookups=lookups,
    )
    preview = WorkerOrder(subtask=subtask, worker=worker, order_date=today, **terms)
    preview.withholding_rule = lookups.withholding_rule(terms["payment_due_date"])
    return preview


def _order_terms(assignment, operator: OperatorProfile) -> dict:
    """Every item of 公取委規則1条1項, as they stand when the worker accepts."""
    subtask, worker = assignment.subtask, assignment.worker
    profile = worker_profile(worker)
    order_date = local_date(assignment.accepted_at)
    delivery_day = local_date(assignment.due_at)
    return {
        "assignment": assignment,
        "subtask": subtask,
        "worker": worker,
        "orderer_name": operator.legal_name,
        "orderer_address": f"〒{operator.postal_code} {operator.address}",
        "orderer_registration_number": operator.registration_number,
        "worker_name": profile.legal_name if profile else worker.display_name,
        "worker_code": f"W-{worker.pk:06d}",
        "worker_registration_number": profile.registration_number if profile else "",
        "order_date": order_date,
        "title": subtask.title,
        "description": _description(assignment),
        "delivery_due": assignment.due_at,
        "delivery_place": _delivery_place(subtask),
        "inspection_due": add_business_days(delivery_day, INSPECTION_BUSINESS_DAYS),
        **_pay_terms(
            subtask=subtask,
            worker=worker,
            reward=assignment.reward,
            order_date=order_date,
            delivery_day=delivery_day,
            lookups=PayLookups(operator),
        ),
        "payment_method": _payment_method(Payer.OPERATOR),
    }


def _due_date_for_delivery(delivery_day: datetime.date, operator) -> datetime.date:
    """The specific pay date when the work arrives on its delivery date."""
    nominal = calendar_pay_date(delivery_day, operator)
    return shift(nominal, operator.payout_holiday_rule)


@transaction.atomic
def worker_order_for_assignment(*, assignment, by=None) -> WorkerOrder:
    """The worker order for accepted terms, made and issued at once.

    Called by the ``assignment_accepted`` receiver (``by`` None: the system
    orders on the operator's behalf). Running it again returns the order in
    force (or the latest version) instead of making another.
    """
    existing = (
        WorkerOrder.objects.filter(assignment=assignment).order_by("-version").first()
    )
    if existing is not None:
        return existing
    operator = OperatorProfile.get()
    with translation.override("ja"):
        order = WorkerOrder.objects.create(
            **_order_terms(assignment, operator), created_by=by
        )
    return worker_order_issue(order=order, by=by)


@transaction.atomic
def worker_order_issue(*, order: WorkerOrder, by) -> WorkerOrder:
    """Issue a draft order: it takes its number (a new version keeps the
    number of the first) and becomes final; the PDF is rendered and the
    worker mailed after commit.

    Raises ValidationError when there is no payment due date (法4条2項: the
    due date would be the day of receipt; F7), PermissionDenied when ``by``
    may not order work on this subtask.
    """
    order = lock(WorkerOrder, order.pk)
    require_due_date(order.payment_due_date)
    number = order.number
    if not number:
        operator = OperatorProfile.get()
        year = fiscal_year_of(order.order_date, operator.fiscal_year_start_month)
        n = allocate_number(kind="worker_order", fiscal_year=year)
        number = format_document_number(NUMBER_PREFIX, year, n)
    apply_transition(
        order,
        "issue",
        by=by,
        action="invoicing.worker_order.issued",
        reason=order.reason,
        data={"number": number, "version": order.version},
        update_fields=("number", "issued_at"),
        number=number,
        at=timezone.now(),
    )
    _after_issue(order)
    return order


def _after_issue(order: WorkerOrder) -> None:
    from ...tasks.payouts import render_worker_order_pdf

    render_worker_order_pdf.delay_on_commit(order.pk)
    notify(
        [order.worker],
        "invoicing/payouts/mail/worker_order",
        {"order": order, "url": site_url("invoicing:worker_order", order.pk)},
    )


def _check_reduction(order: WorkerOrder, worker_fault: bool, evidence: str) -> None:
    """減額 (法5条1項2号): lowering the agreed fee after delivery is refused
    unless the worker caused it and the evidence is recorded."""
    delivered = order.subtask.submissions.filter(worker_id=order.worker_id).exists()
    if delivered and not (worker_fault and evidence.strip()):
        raise PayoutError(
            _(
                "Lowering the fee after delivery is a reduction (減額) the "
                "Freelance Act forbids, unless the worker caused it: record the "
                "worker's fault and the evidence."
            ),
            code="reduction",
        )


def _copy(order: WorkerOrder) -> dict:
    names = [n for n in ORDER_FINAL_FIELDS if n not in ("number", "version")]
    values = {}
    for name in names:
        attname = WorkerOrder._meta.get_field(name).attname
        values[attname] = getattr(order, attname)
    return values


@transaction.atomic
def worker_order_revise(
    *,
    order: WorkerOrder,
    by,
    reason: str,
    worker_fault: bool = False,
    fault_evidence: str = "",
    **changes,
) -> WorkerOrder:
    """Change the terms of an issued order: a new version with the reason
    supersedes it (the old one stays as it was). A lower fee after delivery
    is refused as a reduction (PayoutError) unless ``worker_fault`` with
    ``fault_evidence``. The fee, tax and payment method follow the agreed
    fee policy and the new terms; a scheduled payout line follows the new
    reward. Raises PayoutError when the order is not in force or the reward
    is already on a payout statement.
    """
    unknown = set(changes) - REVISABLE
    if unknown:
        raise TypeError(f"cannot revise {', '.join(sorted(unknown))}")
    reason = require_reason(reason)
    current = lock(WorkerOrder, order.pk)
    if not rules.may_order_work(current, by):
        raise PermissionDenied
    require(
        current.state == WorkerOrder.State.ISSUED,
        _("Only the version in force can be changed."),
    )
    reward = changes.get("reward", current.reward)
    if reward < current.reward:
        _check_reduction(current, worker_fault, fault_evidence)
    line = PayoutLine.objects.filter(subtask=current.subtask, kind="reward").first()
    if reward != current.reward and line is not None:
        require(
            line.state in (PayoutLine.State.HELD, PayoutLine.State.SCHEDULED),
            _("This reward is already on a payout statement."),
        )
    operator = OperatorProfile.get()
    values = _copy(current) | changes
    if "delivery_due" in changes and "payment_due_date" not in changes:
        values["payment_due_date"] = _due_date_for_delivery(
            local_date(changes["delivery_due"]), operator
        )
    policy = policy_from_json(current.fee_policy)
    values |= _money_terms(
        reward, policy, current.tax_treatment, current.order_date, operator
    )
    with translation.override("ja"):
        values["payment_method"] = _payment_method(values["transfer_fee_payer"])
    apply_transition(
        current,
        "supersede",
        by=by,
        action="invoicing.worker_order.superseded",
        reason=reason,
    )
    new = WorkerOrder.objects.create(
        **values
        | {
            "number": current.number,
            "version": current.version + 1,
            "previous": current,
            "reason": reason,
            "worker_fault": worker_fault,
            "fault_evidence": fault_evidence.strip(),
            "created_by": by,
        }
    )
    new = worker_order_issue(order=new, by=by)
    if line is not None and line.state in (
        PayoutLine.State.HELD,
        PayoutLine.State.SCHEDULED,
    ):
        PayoutLine.objects.filter(pk=line.pk).update(
            order=new, amount=new.reward, fee=new.fee, description=new.title
        )
    return new
