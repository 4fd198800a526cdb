"""Invoicing forms, one module per half: billing (clients) and payouts (workers)."""
