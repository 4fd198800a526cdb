"""Invoicing reads, one module per half: billing (clients) and payouts (workers)."""
