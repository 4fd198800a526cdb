"""Direction fee (進行管理費), worker fee (手数料) tiers and the quote margin."""

from decimal import Decimal

import pytest

from enterprise.money import FeePolicy, direction_fee, margin, worker_fee

TIERS = (
    (100_000, Decimal("0.20")),
    (200_000, Decimal("0.10")),
    (None, Decimal("0.05")),
)


def test_rate_direction_fee_is_a_share_of_the_work_subtotal():
    # 10% of R2's work lines (198,000 + 55,555) is its 進行管理費 line.
    fee = direction_fee(
        work_subtotal=253_555, kind="rate", rate=Decimal("0.10"), rounding="down"
    )
    assert fee == 25_355
    assert (
        direction_fee(
            work_subtotal=253_555, kind="rate", rate=Decimal("0.10"), rounding="half_up"
        )
        == 25_356
    )


def test_fixed_direction_fee_is_the_amount():
    assert (
        direction_fee(
            work_subtotal=253_555, kind="fixed", amount=30_000, rounding="down"
        )
        == 30_000
    )


def test_direction_fee_needs_its_rate_or_amount():
    with pytest.raises(ValueError):
        direction_fee(work_subtotal=1_000, kind="rate", rounding="down")
    with pytest.raises(ValueError):
        direction_fee(work_subtotal=1_000, kind="fixed", rounding="down")
    with pytest.raises(ValueError):
        direction_fee(work_subtotal=1_000, kind="percent", rounding="down")


@pytest.mark.parametrize(
    ("amount", "down", "up"),
    [
        (0, 0, 0),
        (99_999, 19_999, 20_000),  # 19,999.8
        (100_000, 20_000, 20_000),  # top of the 20% tier
        (100_001, 20_000, 20_001),  # 1 yen at 10%: 0.1
        (150_000, 25_000, 25_000),
        (200_000, 30_000, 30_000),  # top of the 10% tier
        (200_001, 30_000, 30_001),  # 1 yen at 5%: 0.05
        (250_000, 32_500, 32_500),
        (1_000_000, 70_000, 70_000),
    ],
)
def test_marginal_tiers_charge_each_slice_at_its_own_rate(amount, down, up):
    assert worker_fee(amount, FeePolicy("tiered", tiers=TIERS, rounding="down")) == down
    assert worker_fee(amount, FeePolicy("tiered", tiers=TIERS, rounding="up")) == up


def test_tiers_round_once_on_the_total():
    # 1,004 × 10% = 100.4 and 8 × 5% = 0.4: 100.8 rounds to 101 (per slice: 100).
    tiers = ((1_004, Decimal("0.10")), (None, Decimal("0.05")))
    assert (
        worker_fee(1_012, FeePolicy("tiered", tiers=tiers, rounding="half_up")) == 101
    )


def test_flat_and_no_fee():
    flat = FeePolicy("flat", rate=Decimal("0.10"), rounding="down")
    assert worker_fee(12_345, flat) == 1_234
    assert (
        worker_fee(12_345, FeePolicy("flat", rate=Decimal("0.10"), rounding="half_up"))
        == 1_235
    )
    assert worker_fee(12_345, FeePolicy("none")) == 0


@pytest.mark.parametrize(
    "tiers",
    [
        ((100_000, Decimal("0.20")), (200_000, Decimal("0.10"))),  # no open tier
        (
            (200_000, Decimal("0.20")),
            (100_000, Decimal("0.10")),
            (None, Decimal("0.05")),
        ),
        ((100_000, Decimal("0.20")), (None, Decimal("0.10")), (None, Decimal("0.05"))),
        (),
    ],
)
def test_badly_ordered_tiers_are_refused(tiers):
    with pytest.raises(ValueError):
        FeePolicy("tiered", tiers=tiers)


def test_fee_policy_refuses_float_rates_and_unknown_kinds():
    with pytest.raises(TypeError):
        FeePolicy("flat", rate=0.1)
    with pytest.raises(TypeError):
        FeePolicy("tiered", tiers=((None, 0.05),))
    with pytest.raises(ValueError):
        FeePolicy("percent", rate=Decimal("0.1"))


def test_margin_is_amount_and_share_of_the_client_price():
    assert margin(client_price=278_910, worker_cost=200_000) == (
        78_910,
        Decimal("0.2829"),
    )
    assert margin(client_price=100_000, worker_cost=120_000) == (
        -20_000,
        Decimal("-0.2000"),
    )
    assert margin(client_price=0, worker_cost=5_000) == (-5_000, Decimal("0.0000"))
