"""The billing section of the company page (clients.sections.COMPANY)."""

from .. import rules
from ..selectors.company import company_billing, may_see_company_billing


def company_billing_section(request, client) -> dict:
    """Open balance, this year's sales and the newest invoices, for finance
    and sales; an empty section for anyone else."""
    if not may_see_company_billing(request.user):
        return {"billing": None}
    return {
        "billing": company_billing(client=client),
        "client": client,
        # The invoice pages are finance's: sales sees the figures only.
        "may_open": rules.is_finance(None, request.user),
    }
