"""Every kind of PDF, rendered from the demo's documents and read back as text
(pdftotext) the way a Japanese accountant reads it: the corrected titles and
terms are there, the wrong ones are gone, and no amount prints as ``-¥0``."""

import re
import shutil
import subprocess
from io import StringIO

import pytest
from django.core.management import call_command

from clients.documents import master_agreement_pdf
from clients.models import MasterAgreement
from engagements.documents import quote_context
from engagements.models import Quote
from enterprise.pdf import render_pdf
from invoicing.models import CreditNote, Invoice, PayoutStatement, WorkerOrder
from invoicing.services.billing_documents import credit_note_context, invoice_context
from invoicing.services.payouts.documents import payout_statement_pdf, worker_order_pdf

pytestmark = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)"
)

ISSUER = ["印", "TEL 03-1234-5678", "担当：業務管理部 佐藤", "登録番号：T4010001234567"]


def _text(content: bytes, tmp_path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()
    return re.sub(r"[ \t]+", " ", out)


def _quote_text(template, quote, tmp_path):
    return _text(render_pdf(template, quote_context(quote)), tmp_path)


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())


def test_every_pdf_kind_prints_the_corrected_titles_and_terms(demo, tmp_path):
    accepted = Quote.objects.filter(state="accepted").order_by("pk").first()
    agreement = MasterAgreement.objects.first()
    texts = {
        "quote": _quote_text("pdf/quote.html", accepted, tmp_path),
        "order_confirmation": _quote_text(
            "pdf/order_confirmation.html", accepted, tmp_path
        ),
        "invoice": _text(
            render_pdf(
                "pdf/invoice.html",
                invoice_context(Invoice.objects.exclude(number="").first()),
            ),
            tmp_path,
        ),
        "credit_note": _text(
            render_pdf(
                "pdf/credit_note.html", credit_note_context(CreditNote.objects.first())
            ),
            tmp_path,
        ),
        "worker_order": _text(
            worker_order_pdf(WorkerOrder.objects.exclude(number="").first()),
            tmp_path,
        ),
        "master_agreement": _text(master_agreement_pdf(agreement), tmp_path),
    }
    expected = {
        "quote": ["御見積書", *ISSUER, "納期："],
        "order_confirmation": ["注文請書", "契約金額（税込）", "単価", *ISSUER],
        "invoice": ["請求書", "適格請求書", *ISSUER],
        "credit_note": ["適格返還請求書", *ISSUER],
        "worker_order": ["発注書", "納期", "TEL 03-1234-5678"],
        "master_agreement": ["基本契約書", "損害賠償", "契約不適合"],
    }
    forbidden = {
        "order_confirmation": ["ご請求金額"],
        "credit_note": ["返還請求書番号"],
        "quote": ["ご発注から起算"],
        # The billing contact signs as what they are, not as 代表取締役.
        "master_agreement": [f"代表取締役 {agreement.counter_signatory_name}"],
    }
    for kind, text in texts.items():
        for term in expected[kind]:
            assert term in text, (kind, term)
        for term in forbidden.get(kind, []):
            assert term not in text, (kind, term)
        assert "-¥" not in text, kind
    # The credit note's title is the qualified one, never the bare 返還請求書
    # that reads as a demand for repayment.
    title = next(line for line in texts["credit_note"].splitlines() if line.strip())
    assert title.strip() == "適格返還請求書"
    # The worker order names its work once, and its deadline is in office hours.
    order = WorkerOrder.objects.exclude(number="").first()
    assert texts["worker_order"].count(order.title) == 1
    deadline = re.search(r"納期 \d+年\d+月\d+日 (\d\d):\d\d", texts["worker_order"])
    assert deadline and 9 <= int(deadline.group(1)) <= 18, texts["worker_order"]
    _check_payout_statements(tmp_path)


def _check_payout_statements(tmp_path):
    """仕入明細書 only for a registered worker; the bank's own name; dated
    no later than the payment."""
    statements = list(PayoutStatement.objects.order_by("pk"))
    assert statements
    for statement in statements:
        text = _text(payout_statement_pdf(statement), tmp_path)
        assert "支払通知書" in text
        assert "-¥" not in text
        assert "TEL 03-1234-5678" in text
        assert ("仕入明細書" in text) == bool(statement.worker_registration_number)
        assert not re.search(r"[\uff66-\uff9f]", text), "half-width kana in the PDF"
        assert statement.issue_date <= statement.pay_date


ISSUER_ONLY = """{% extends "pdf/base.html" %}{% block body %}
{% include "pdf/_issuer.html" with name=name address=address %}
{% endblock body %}"""


ISSUER_CONTEXT = {"name": "株式会社モトウケ", "address": "千代田区 モトウケビル5階"}


def _images(content: bytes, tmp_path) -> list[str]:
    path = tmp_path / "issuer.pdf"
    path.write_bytes(content)
    listing = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, check=True, text=True
    ).stdout.splitlines()
    return listing[2:]  # after the two header lines


def test_the_seal_set_in_the_admin_is_printed_in_the_seal_area(db, settings, tmp_path):
    from django.core.files.base import ContentFile
    from PIL import Image

    from enterprise.models import OperatorProfile

    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "issuer.html").write_text(ISSUER_ONLY)
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]

    without = render_pdf("issuer.html", ISSUER_CONTEXT)
    assert "印" in _text(without, tmp_path)
    assert _images(without, tmp_path) == []

    buffer = tmp_path / "seal.png"
    Image.new("RGB", (120, 120), (200, 30, 30)).save(buffer)
    profile = OperatorProfile.get()
    profile.seal_image.save("seal.png", ContentFile(buffer.read_bytes()))
    assert len(_images(render_pdf("issuer.html", ISSUER_CONTEXT), tmp_path)) == 1
