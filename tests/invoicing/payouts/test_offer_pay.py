"""Before accepting, the worker's offer shows what they will be paid: the fee
under the policy that applies, consumption tax, withholding, the net amount
and the pay-date rule -- the same figures the worker order then states."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from engagements.services import assignment, decomposition
from invoicing.models import WorkerFeePolicy, WorkerOrder
from tests.engagements import factories as ef
from tests.once import once

from .factories import category, make_worker, planning_engagement

TIERS = [[100_000, "0.20"], [200_000, "0.10"], [None, "0.05"]]
PAY_RULE = "毎月末日締切、翌月末日支払（支払日が銀行休業日の場合は前営業日）"


@pytest.fixture
def policies(db):
    writing = category("writing")
    WorkerFeePolicy.objects.create(kind="flat", rate=Decimal("0.10"))
    WorkerFeePolicy.objects.create(category=writing, kind="tiered", tiers=TIERS)
    return writing


def _offer(director, worker, reward=250_000):
    subtask = decomposition.subtask_create(
        engagement=planning_engagement(director=director),
        by=director,
        title="記事 1",
        instructions="構成案に沿って執筆",
        deliverable_spec="2,000字（Word形式）",
        reward=reward,
        due_at=ef.in_days(10),
    )
    return assignment.subtask_offer(subtask=subtask, worker=worker, by=director)


def _pay_section(html: str) -> dict[str, str]:
    """The pay section's figures as the worker reads them, by label."""
    section = re.search(r'<section class="offer-pay">(.*?)</section>', html, re.S)
    assert section, "the offer shows no pay section"
    pairs = re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", section.group(1), re.S)
    return {label: re.sub(r"<[^>]+>", "", value).strip() for label, value in pairs}


def test_the_offer_shows_fee_tax_withholding_and_net_before_accepting(
    client, policies, operator, director, yamada
):
    offer = _offer(director, yamada)
    client.force_login(yamada)
    figures = _pay_section(
        client.get(reverse("engagements:worker_offers")).content.decode()
    )
    # The worked example of test_fee_policy: 250,000 + 25,000 tax − 32,500
    # fee (20% of 100,000 + 10% of 100,000 + 5% of 50,000) − 25,525 withheld
    # (10.21% of 250,000) = 216,975.
    assert figures["報酬（税抜）"] == "¥250,000"
    assert figures["消費税"].startswith("¥25,000")
    assert figures["システム利用料"].startswith("△¥32,500")
    assert "100,000円までの部分は20%" in figures["システム利用料"]
    assert figures["源泉徴収税額"] == "△¥25,525"
    assert figures["お支払額（差引後）"] == "¥216,975"
    assert figures["お支払日"] == PAY_RULE
    # The subtask page shows the same section on the offer.
    page = client.get(reverse("engagements:worker_subtask", args=[offer.subtask_id]))
    assert _pay_section(page.content.decode()) == figures


def test_the_worker_order_states_the_figures_the_offer_showed(
    client, policies, operator, director, yamada
):
    offer = _offer(director, yamada)
    client.force_login(yamada)
    shown = _pay_section(
        client.get(reverse("engagements:worker_offers")).content.decode()
    )
    client.post(reverse("engagements:worker_offer_accept", args=[offer.pk]), once())
    order = WorkerOrder.objects.get(subtask=offer.subtask)
    assert (
        order.consumption_tax,
        order.fee,
        order.withholding_estimate,
        order.net_estimate,
    ) == (25_000, 32_500, 25_525, 216_975)
    assert shown["お支払額（差引後）"] == f"¥{order.net_estimate:,}"
    assert shown["源泉徴収税額"] == f"△¥{order.withholding_estimate:,}"
    assert shown["システム利用料"].startswith(f"△¥{order.fee:,}")
    assert shown["お支払日"] == order.payment_terms


def test_a_company_is_not_withheld_and_an_unregistered_worker_may_add_no_tax(
    client, policies, operator, director
):
    company = make_worker("kaisha", legal_name="株式会社ライト", kind="corporation")
    _offer(director, company, reward=100_000)
    client.force_login(company)
    figures = _pay_section(
        client.get(reverse("engagements:worker_offers")).content.decode()
    )
    assert figures["源泉徴収税額"] == "源泉徴収なし"
    assert figures["お支払額（差引後）"] == "¥90,000"  # 110,000 − 20,000 fee
    operator.unregistered_worker_tax = "no_tax"
    operator.save()
    unregistered = make_worker("menzei", registration_number="")
    _offer(director, unregistered, reward=100_000)
    client.force_login(unregistered)
    figures = _pay_section(
        client.get(reverse("engagements:worker_offers")).content.decode()
    )
    # No tax added; 10.21% of 100,000 withheld; 20,000 fee.
    assert figures["消費税"].startswith("¥0")
    assert figures["源泉徴収税額"] == "△¥10,210"
    assert figures["お支払額（差引後）"] == "¥69,790"
