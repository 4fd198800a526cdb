"""Admin registrations, one module per half: billing (clients) and payouts."""

from . import billing  # noqa: F401
