"""What the quote (見積書) and order confirmation (注文請書) PDFs show."""

from decimal import Decimal

from enterprise.models import OperatorProfile


def quote_context(quote) -> dict:
    engagement = quote.engagement
    lines = list(quote.lines.all())
    return {
        "quote": quote,
        "engagement": engagement,
        "client": engagement.client,
        "operator": OperatorProfile.get(),
        "lines": lines,
        "milestone_lines": [x for x in lines if x.billing == x.Billing.MILESTONE],
        "monthly_lines": [x for x in lines if x.billing == x.Billing.MONTHLY],
        "tax_rows": [
            {**row, "percent": int(Decimal(row["rate"]) * 100)}
            for row in quote.tax_breakdown
        ],
    }
