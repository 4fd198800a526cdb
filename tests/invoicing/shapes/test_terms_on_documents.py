"""The quote and the order confirmation print the billing shapes and the
cancellation terms (the Japanese text, read back with pdftotext)."""

import subprocess

import pytest

from engagements.documents import quote_context
from engagements.models import QuoteLine
from enterprise.pdf import render_pdf

from .helpers import running_engagement


@pytest.mark.django_db
@pytest.mark.parametrize("template", ["pdf/quote.html", "pdf/order_confirmation.html"])
def test_the_documents_print_milestones_and_cancellation_terms(
    operator, sample, template, tmp_path
):
    engagement, _lines = running_engagement(
        sample, "サイト制作",
        [("着手金", 100_000, QuoteLine.Billing.MILESTONE),
         ("月額保守", 30_000, QuoteLine.Billing.MONTHLY)],
        cancellation_rate="0.5",
    )  # fmt: skip
    quote = engagement.quotes.get()
    target = tmp_path / "doc.pdf"
    target.write_bytes(render_pdf(template, quote_context(quote)))
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, check=True, text=True
    ).stdout.replace("\n", "")
    assert "解約条件" in text and "50%" in text
    assert "着手金（¥100,000、税抜）" in text and "月額 ¥30,000" in text
