"""Admin registrations, one module per half: billing (clients) and payouts."""

from . import billing, payouts, receipts  # noqa: F401
