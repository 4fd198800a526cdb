"""Webhook payloads: each event's object as the client's API shows it."""

from . import serializers as s


def _quote(quote) -> dict:
    return s.QuoteSerializer(quote).data


def _delivery(delivery) -> dict:
    return s.DeliverySerializer(delivery).data


def _engagement(engagement) -> dict:
    return s.EngagementSerializer(engagement).data


def _invoice(invoice) -> dict:
    return s.InvoiceSerializer(invoice).data


def _payment(payment) -> dict:
    data = s.PaymentSerializer(payment).data
    data["invoice_number"] = payment.invoice.number
    return data


PAYLOADS = {
    "quote.sent": _quote,
    "delivery.ready": _delivery,
    "engagement.accepted": _engagement,
    "invoice.issued": _invoice,
    "payment.received": _payment,
}


def plain(data) -> dict:
    """ReturnDict to plain JSON types (dates as ISO text)."""
    import json

    return json.loads(json.dumps(data, default=str))
