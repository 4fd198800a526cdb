"""The finance screens and the client portal, as the people using them."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from invoicing.models import Invoice, MonthCloseRun
from invoicing.services.billing_close import month_close
from tests.once import once

from . import factories as f


@pytest.fixture
def closed(sample, finance, operator, django_capture_on_commit_callbacks):
    """株式会社サンプル's March invoice (R2: ¥306,801), PDF rendered."""
    f.completed_engagement(
        sample, "記事作成", [("記事作成", 10, 19_800)],
        completed_on=datetime.date(2026, 3, 10), rewards=(150_000,),
    )  # fmt: skip
    f.completed_engagement(
        sample, "ロゴデザイン", [("ロゴデザイン", 1, 55_555)],
        completed_on=datetime.date(2026, 3, 20), rewards=(40_000,),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        month_close(period="2026-03", by=finance, today=datetime.date(2026, 4, 10))
    return sample.invoices.get()


@pytest.fixture
def other_invoice(finance, operator, django_capture_on_commit_callbacks):
    other = f.client("合同会社ほか")
    f.completed_engagement(
        other, "翻訳", [("翻訳", 1, 40_000)], completed_on=datetime.date(2026, 3, 18)
    )
    with django_capture_on_commit_callbacks(execute=True):
        month_close(period="2026-03", by=finance, today=datetime.date(2026, 4, 10))
    return other.invoices.get()


def test_dashboard_shows_this_month_and_the_chart(client, finance, closed):
    client.force_login(finance)
    response = client.get(reverse("invoicing:dashboard"), HTTP_ACCEPT_LANGUAGE="ja")

    page = response.content.decode()
    assert response.status_code == 200
    assert "経理ダッシュボード" in page
    assert "<svg" in page and "2026/03" in page
    assert "¥278,910" in page  # billed excl. tax in March
    assert "¥88,910" in page  # margin: 278,910 − 190,000 of rewards


def test_invoice_list_filters_and_totals(client, finance, closed, other_invoice):
    client.force_login(finance)
    url = reverse("invoicing:invoice_list")

    both = client.get(url).content.decode()
    only = client.get(url, {"client": closed.client_id}).content.decode()

    assert "¥355,201" in both  # 306,801 + 48,400
    assert closed.number in only and other_invoice.number not in only
    assert "¥306,801" in only


def test_invoice_list_query_count_does_not_grow(
    client, finance, closed, other_invoice, django_assert_max_num_queries
):
    client.force_login(finance)
    client.get(reverse("invoicing:invoice_list"))  # warm the session and caches
    with django_assert_max_num_queries(12):
        client.get(reverse("invoicing:invoice_list"))


def test_csv_has_a_bom_and_the_amounts(client, finance, closed):
    client.force_login(finance)
    response = client.get(reverse("invoicing:invoice_list"), {"export": "csv"})

    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][:3] == [closed.number, "2026/03/31", "株式会社サンプル"]
    assert rows[1][5:8] == ["278910", "27891", "306801"]


def test_excel_export_has_numbers_and_dates(client, finance, closed):
    client.force_login(finance)
    response = client.get(reverse("invoicing:invoice_list"), {"export": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    row = [cell.value for cell in sheet[2]]
    assert row[0] == closed.number
    assert row[1] == datetime.datetime(2026, 3, 31)
    assert row[7] == 306_801


def test_finance_records_a_partial_payment_then_the_rest(client, finance, closed):
    client.force_login(finance)
    url = reverse("invoicing:payment_create", args=[closed.pk])

    client.post(url, once(received_on="2026-04-20", amount=100_000, discount=0))
    closed.refresh_from_db()
    assert (closed.state, closed.balance) == ("issued", 206_801)
    response = client.post(
        url,
        once(received_on="2026-04-30", amount=206_801, discount=0),
        follow=True,
    )
    closed.refresh_from_db()
    assert (closed.state, closed.balance) == ("paid", 0)
    assert "入金を記録しました。" in response.content.decode()


def test_a_payment_above_the_balance_is_refused_next_to_the_form(
    client, finance, closed
):
    client.force_login(finance)
    response = client.post(
        reverse("invoicing:payment_create", args=[closed.pk]),
        once(received_on="2026-04-20", amount=400_000, discount=0),
    )

    assert response.status_code == 400
    assert "¥306,801" in response.content.decode()
    assert not closed.payments.exists()


def test_finance_issues_a_credit_note_from_the_invoice(client, finance, closed):
    client.force_login(finance)
    response = client.post(
        reverse("invoicing:credit_note_create", args=[closed.pk]),
        once(issue_date="2026-04-15", description="ロゴ修正分の値引き",
             amount=11_000, tax_rate="0.10", reason="ロゴの色指定誤り"),
        follow=True,
    )  # fmt: skip

    note = closed.credit_notes.get()
    assert (note.number, note.total, note.tax) == ("CN-2026-000001", 11_000, 1_000)
    assert "CN-2026-000001" in response.content.decode()


def test_mark_sent_notifies_the_billing_contact(
    client, finance, closed, mailoutbox, django_capture_on_commit_callbacks
):
    contact = f.contact_for(closed.client, "contact-a")
    client.force_login(finance)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("invoicing:invoice_send", args=[closed.pk]), once()
        )

    assert response.status_code == 302
    closed.refresh_from_db()
    assert closed.state == "sent"
    (mail,) = mailoutbox
    assert sorted(mail.to) == sorted(["billing@sample.example.jp", contact.email])
    assert mail.subject == f"【元請】請求書のご送付：{closed.number}"
    assert "税込¥306,801" in mail.body and "2026年4月30日" in mail.body


def test_month_close_page_runs_with_progress(
    client, finance, sample, operator, django_capture_on_commit_callbacks
):
    f.completed_engagement(
        sample, "記事", [("記事", 1, 10_000)], completed_on=datetime.date(2026, 3, 3)
    )
    client.force_login(finance)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("invoicing:month_close"), once(period="2026-03"))

    run = MonthCloseRun.objects.get()
    assert response.url == reverse("invoicing:month_close_run", args=[run.pk])
    progress = client.get(reverse("invoicing:month_close_progress", args=[run.pk]))
    assert progress.json() | {"state_label": None} == {
        "state": "done", "state_label": None, "total": 1, "done": 1, "issued": 1,
        "percent": 100, "finished": True, "resumable": False, "error": "",
    }  # fmt: skip
    assert Invoice.objects.get().close_period == "2026-03"


def test_document_search_combines_date_amount_and_client(
    client, finance, closed, other_invoice
):
    client.force_login(finance)
    url = reverse("invoicing:document_search")
    # E1: client AND issue date in Q1 AND amount 100,000 to 500,000.
    page = client.get(url, {
        "client": closed.client_id, "date_from": "2026-01-01", "date_to": "2026-03-31",
        "amount_min": 100_000, "amount_max": 500_000,
    }).content.decode()  # fmt: skip
    assert closed.number in page and other_invoice.number not in page

    cheap = client.get(url, {"amount_max": 100_000}).content.decode()
    assert other_invoice.number in cheap and closed.number not in cheap


def test_journal_download(client, finance, closed):
    client.force_login(finance)
    response = client.get(reverse("invoicing:journal_export"), {"period": "2026-03"})

    assert (
        response["Content-Disposition"] == 'attachment; filename="journal-2026-03.csv"'
    )
    # Streamed from a spooled file, not held in memory.
    assert response.streaming
    assert "株式会社サンプル".encode("cp932") in b"".join(response.streaming_content)


@pytest.mark.parametrize(
    "name",
    ["dashboard", "invoice_list", "month_close", "document_search", "journal_export"],
)
def test_finance_pages_are_for_finance_only(client, sales, name):
    client.force_login(sales)
    assert client.get(reverse(f"invoicing:{name}")).status_code == 403


def test_sales_cannot_close_a_month_or_credit(client, sales, closed):
    client.force_login(sales)
    assert (
        client.post(
            reverse("invoicing:month_close"), once(period="2026-03")
        ).status_code
        == 403
    )
    url = reverse("invoicing:credit_note_create", args=[closed.pk])
    assert client.post(url, once(amount=1000)).status_code == 403
    assert not MonthCloseRun.objects.exists()


def test_superuser_may_close(
    client, sample, operator, django_capture_on_commit_callbacks
):
    admin = f.UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("invoicing:month_close"), once(period="2026-03"))
    assert response.status_code == 302


def test_contact_sees_only_their_companys_invoices(client, closed, other_invoice):
    contact = f.contact_for(closed.client, "contact-a")
    client.force_login(contact)

    page = client.get(reverse("invoicing:portal_invoices")).content.decode()
    assert closed.number in page and other_invoice.number not in page
    own = client.get(reverse("invoicing:invoice_pdf", args=[closed.pk]))
    assert own.status_code == 200 and own["Content-Type"] == "application/pdf"
    assert b"".join(own.streaming_content) == closed.pdf.read()
    assert (
        client.get(
            reverse("invoicing:invoice_pdf", args=[other_invoice.pk])
        ).status_code
        == 404
    )


def test_contact_cannot_open_finance_pages(client, closed):
    contact = f.contact_for(closed.client, "contact-a")
    client.force_login(contact)
    assert (
        client.get(reverse("invoicing:invoice_detail", args=[closed.pk])).status_code
        == 403
    )


def test_list_queries_do_not_grow_with_the_rows(
    client, finance, closed, operator, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(finance)
    url = reverse("invoicing:invoice_list")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(4):
        company = f.client(f"株式会社追加{n}")
        f.completed_engagement(
            company,
            "記事",
            [("記事", 1, 10_000)],
            completed_on=datetime.date(2026, 3, 2),
        )
    month_close(period="2026-03", by=finance, today=datetime.date(2026, 4, 10))
    assert Invoice.objects.count() == 5
    with django_assert_num_queries(len(one)):
        client.get(url)


def test_finance_issues_a_draft_from_its_page(client, finance, sample, operator):
    from invoicing.services.billing import LineInput, invoice_create

    draft = invoice_create(
        client=sample, lines=[LineInput("スポット対応", 30_000)], by=finance,
        period_start=datetime.date(2026, 4, 1), period_end=datetime.date(2026, 4, 30),
    )  # fmt: skip
    client.force_login(finance)
    page = client.get(reverse("invoicing:invoice_detail", args=[draft.pk]))
    assert "請求書を発行する" in page.content.decode()

    client.post(reverse("invoicing:invoice_issue", args=[draft.pk]), once())

    draft.refresh_from_db()
    assert (draft.state, draft.total) == ("issued", 33_000)
    assert draft.number.startswith("INV-")


def test_admin_shows_invoices_read_only(client, closed):
    admin = f.UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    listing = client.get("/admin/invoicing/invoice/")
    detail = client.get(f"/admin/invoicing/invoice/{closed.pk}/change/")

    assert listing.status_code == detail.status_code == 200
    assert closed.number in listing.content.decode()
    assert (
        client.post(f"/admin/invoicing/invoice/{closed.pk}/delete/").status_code == 403
    )


@pytest.mark.parametrize("fmt", ["freee", "moneyforward"])
def test_journal_download_in_the_other_formats_has_their_header(
    client, finance, closed, fmt
):
    client.force_login(finance)
    response = client.get(
        reverse("invoicing:journal_export"), {"period": "2026-03", "fmt": fmt}
    )

    assert response["Content-Disposition"] == (
        f'attachment; filename="journal-2026-03-{fmt}.csv"'
    )
    text = b"".join(response.streaming_content).decode("cp932")
    assert text.split("\r\n")[0].split(",")[0] == {"freee": "日付"}.get(fmt, "取引No")
    assert "株式会社サンプル" in text


def test_dashboard_lists_closed_months_and_hides_empty_ones(client, finance, closed):
    client.force_login(finance)
    page = client.get(
        reverse("invoicing:dashboard"), HTTP_ACCEPT_LANGUAGE="ja"
    ).content.decode()
    # The close was run through the service, not the screen: it still shows.
    closes = page[page.index("最近の月次締め") :]
    assert "2026-03" in closes and "まだ締めた月はありません" not in closes
    # Months with nothing billed are not twelve rows of ¥0.
    assert "<td>2026/02</td>" not in page
    # The chart has a value axis in 万 and the month's pay-outs a card.
    assert "万</text>" in page
    assert "今月これから支払うワーカー報酬" in page
    # The card row holds amounts only; the count to close is a sentence.
    assert "締め待ち" in page
