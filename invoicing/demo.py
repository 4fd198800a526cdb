"""Demo data of invoicing (seed_demo runs it after the engagements demo)."""


def seed(*, stdout) -> None:
    from .billing_demo import seed as seed_billing

    seed_billing(stdout=stdout)
    from .demo_orders import align_orders_with_work

    align_orders_with_work(stdout=stdout)
    from .demo_payouts import seed as seed_payouts

    seed_payouts(stdout=stdout)
    from .demo_receivables import seed as seed_receivables

    seed_receivables(stdout=stdout)
