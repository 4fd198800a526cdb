"""Celery tasks, one module per half: billing (clients) and payouts (workers).

Celery's autodiscovery imports ``invoicing.tasks``; importing the modules here
registers their tasks (names like ``invoicing.tasks.billing.render_invoice_pdf``).
"""

from . import billing, payouts, receipts  # noqa: F401
