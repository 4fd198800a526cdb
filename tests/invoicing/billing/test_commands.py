"""close_month and render_pdf: what finance and operators script."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from invoicing.models import Invoice

from . import factories as f


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def closed(sample, operator, django_capture_on_commit_callbacks):
    f.completed_engagement(
        sample,
        "記事作成",
        [("記事作成", 10, 19_800)],
        completed_on=datetime.date(2026, 3, 10),
    )
    with django_capture_on_commit_callbacks(execute=True):
        output = _run("close_month", "2026-03")
    return output


def test_close_month_prints_what_it_issued_and_is_safe_twice(closed):
    assert closed.splitlines() == [
        "issued INV-2025-000001",
        "2026-03: 1 invoice(s) issued, 1 client(s) due",
    ]
    assert _run("close_month", "2026-03").splitlines() == [
        "2026-03: 0 invoice(s) issued, 0 client(s) due"
    ]
    assert Invoice.objects.count() == 1


def test_close_month_refuses_a_bad_period(db):
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("close_month", "March")


def test_render_pdf_lists_and_writes_the_stored_invoice(closed, tmp_path):
    invoice = Invoice.objects.get()
    assert _run("render_pdf", "invoice", "--list").splitlines() == [
        "INV-2025-000001\t2026-03-31\t株式会社サンプル\t¥239,580"
    ]
    out = tmp_path / "invoice.pdf"

    printed = _run("render_pdf", "invoice", "INV-2025-000001", "-o", str(out))

    assert out.read_bytes() == invoice.pdf.read()
    assert printed.startswith(f"invoice INV-2025-000001.pdf: wrote {out}")
    by_pk = tmp_path / "by-pk.pdf"
    _run("render_pdf", "invoice", str(invoice.pk), "-o", str(by_pk))
    assert by_pk.read_bytes() == out.read_bytes()


def test_render_pdf_renders_a_sent_quote_once(closed, tmp_path):
    from engagements.models import Quote

    quote = Quote.objects.get()
    quote.issued_on = timezone.localdate()
    quote.save(update_fields=["issued_on"])
    first, second = tmp_path / "1.pdf", tmp_path / "2.pdf"

    _run("render_pdf", "quote", quote.number, "-o", str(first))
    _run("render_pdf", "quote", quote.number, "-o", str(second))

    quote.refresh_from_db()
    assert quote.pdf_sha256 and first.read_bytes() == second.read_bytes()
    assert quote.number in _run("render_pdf", "quote", "--list")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("pamphlet", "--list"), "unknown kind"),
        (("invoice", "INV-1999-000001", "-o", "x.pdf"), "no invoice"),
        (("invoice",), "-o FILE"),
    ],
)
def test_render_pdf_explains_bad_input(closed, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("render_pdf", *args)
