"""The README's example: a key from the command, the company's engagements,
an invoice's PDF; and the docs page serves its scripts from static files."""

import datetime
import io
import re

from django.core.management import call_command
from django.test import Client as HttpClient

from invoicing.services.billing import LineInput, invoice_create, invoice_issue

from ..engagements import factories as f
from .conftest import draft_for


def test_command_key_lists_engagements_and_downloads_an_invoice_pdf(
    world, django_capture_on_commit_callbacks
):
    from enterprise.demo_operator import seed_operator

    seed_operator(stdout=io.StringIO())
    # With its quote sent: a draft is the operator's own and not listed.
    f.sent_quote(draft_for(world, world.client_a, "エー社の記事"), world.sales)
    with django_capture_on_commit_callbacks(execute=True):
        draft = invoice_create(
            client=world.client_a, lines=[LineInput("記事作成", 100_000)],
            by=world.finance, period_start=datetime.date(2026, 3, 1),
            period_end=datetime.date(2026, 3, 31),
        )  # fmt: skip
        invoice = invoice_issue(invoice=draft, by=world.finance)
    out = io.StringIO()
    call_command(
        "api_key", "create", "client-a", "--name", "基幹システム連携",
        "--scope", "write", "--expires", "2099-12-31",
        stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    http = HttpClient(HTTP_AUTHORIZATION=f"Bearer {out.getvalue().strip()}")
    listed = http.get("/api/v1/engagements/").json()
    assert [e["title"] for e in listed["results"]] == ["エー社の記事"]
    pdf = http.get(f"/api/v1/invoices/{invoice.pk}/pdf/")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_docs_page_loads_swagger_from_static_files_without_inline_script(db):
    page = HttpClient().get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all('src="/static/' in attrs for attrs, _ in scripts)
    assert all(body.strip() == "" for _, body in scripts)
    assert "http" not in " ".join(attrs for attrs, _ in scripts)  # no CDN
    for src in re.findall(r'src="([^"]+)"', html):
        assert HttpClient().get(src).status_code == 200, src
    schema = HttpClient().get("/api/schema/?format=json")
    assert schema.status_code == 200
    assert "/api/v1/engagements/" in schema.json()["paths"]
