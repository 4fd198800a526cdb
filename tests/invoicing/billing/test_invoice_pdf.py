"""The invoice PDF shows every item of 消費税法57条の4第1項 (japan.md §1.1) in
Japanese with the invoice's amounts, plus the due date and the bank account;
rendering it again returns the stored file."""

import datetime
import re
import shutil
import subprocess
from decimal import Decimal

import pytest

from invoicing.models import Invoice
from invoicing.services.billing import CreditLineInput, credit_note_issue
from invoicing.services.billing_close import month_close
from invoicing.services.billing_documents import invoice_store_pdf
from invoicing.tasks.billing import render_invoice_pdf

from . import factories as f

pytestmark = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)"
)


def _text(path) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()
    return re.sub(r"\s+", " ", out)


def _fonts(path) -> str:
    return subprocess.run(
        ["pdffonts", str(path)], capture_output=True, check=True
    ).stdout.decode()


@pytest.fixture
def invoice(sample, finance, operator, django_capture_on_commit_callbacks):
    f.completed_engagement(
        sample,
        "記事作成",
        [("記事作成", 10, 19_800)],
        completed_on=datetime.date(2026, 3, 10),
    )
    f.completed_engagement(
        sample, "試食会ケータリング", [("軽食", 1, 10_000, Decimal("0.08"))],
        completed_on=datetime.date(2026, 3, 12),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        month_close(period="2026-03", by=finance, today=datetime.date(2026, 4, 10))
    return Invoice.objects.get()


def test_invoice_pdf_shows_every_qualified_invoice_item(invoice):
    # 198,000 + 10,000 (8%) work, fee 10% of 208,000 = 20,800 at 10%.
    assert invoice.tax_breakdown == [
        {"rate": "0.10", "base": 218_800, "tax": 21_880, "total": 240_680},
        {"rate": "0.08", "base": 10_000, "tax": 800, "total": 10_800},
    ]
    assert invoice.pdf_sha256  # rendered by the task after commit
    text = _text(invoice.pdf.path)

    for item in [
        "請求書", "適格請求書",
        "株式会社モトウケ", "登録番号：T4010001234567",  # 1. issuer and number
        "取引期間：2026年3月1日〜2026年3月31日",  # 2. transaction period
        "記事作成", "試食会ケータリング ※", "進行管理費",  # 3. descriptions
        "※は軽減税率対象",  # 3. the reduced-rate legend
        "10%対象（税抜） ¥218,800", "8%対象（税抜） ¥10,000",  # 4. per rate
        "消費税（10%） ¥21,880", "消費税（8%） ¥800",  # 5. tax per rate
        "株式会社サンプル 御中",  # 6. recipient
        "ご請求金額（税込） ¥251,480",
        "請求書番号：INV-2025-000001", "請求日：2026年3月31日",
        "お支払期限：2026年4月30日",
        "みずほ銀行 東京営業部 普通 1234567",
    ]:  # fmt: skip
        assert item in text, item
    # A Japanese font is embedded (without one the text extracts fine but
    # prints as empty boxes).
    assert re.search(r"Noto-?Sans-?CJK|IPAex", _fonts(invoice.pdf.path))


def test_rendering_an_issued_invoice_again_returns_the_stored_file(invoice):
    stored = invoice.pdf.read()
    sha = invoice.pdf_sha256

    assert invoice_store_pdf(invoice_id=invoice.pk) == sha
    assert render_invoice_pdf(invoice.pk) == sha
    invoice.refresh_from_db()
    assert invoice.pdf.read() == stored


def test_credit_note_pdf_shows_the_return_items(
    invoice, finance, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        note = credit_note_issue(
            invoice=invoice, by=finance, reason="記事1本の取り下げ",
            lines=[CreditLineInput("記事作成 1本分", 11_000)],
            issue_date=datetime.date(2026, 4, 15),
        )  # fmt: skip
    note.refresh_from_db()
    text = _text(note.pdf.path)

    for item in [
        "返還請求書", "適格返還請求書", "株式会社モトウケ", "登録番号：T4010001234567",
        "返還日：2026年4月15日", "元の取引期間：2026年3月1日〜2026年3月31日",
        "対象の請求書：INV-2025-000001", "記事作成 1本分",
        "10%対象 返還額（税抜） ¥10,000", "消費税（10%） ¥1,000",
        "返還金額合計（税込） ¥11,000", "番号：CN-2026-000001",
    ]:  # fmt: skip
        assert item in text, item
