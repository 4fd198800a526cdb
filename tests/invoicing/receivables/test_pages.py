"""The receivables screens as finance uses them: upload a statement and
follow its import, match a waiting credit by hand (the payer is then
known), the aging report on screen and as CSV, and the dashboard chart."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from invoicing.models import BankCredit, BankStatement, PayerName
from invoicing.services.bank_statements import statement_create, statement_import_now
from tests.invoicing.billing import factories as f
from tests.once import once

from . import zengin_notice as z


def _upload(client, data: bytes, name="notice.txt"):
    return client.post(
        reverse("invoicing:bank"),
        once(file=SimpleUploadedFile(name, data), layout=""),
    )


def _import(data: bytes):
    statement = statement_create(data=data, filename="n.txt", by=None)
    return statement_import_now(statement=statement)


def test_finance_uploads_a_notice_and_the_import_matches_it(
    client, finance, issue, sample, django_capture_on_commit_callbacks
):
    invoice = issue(sample, 100_000)
    client.force_login(finance)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, z.notice(z.credit(7, 110_000, "ｶ)ｻﾝﾌﾟﾙ")))

    statement = BankStatement.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("invoicing:bank_statement", args=[statement.pk])
    assert (statement.state, statement.total, statement.issued) == ("done", 1, 1)
    invoice.refresh_from_db()
    assert invoice.state == "paid"
    page = client.get(response.url).content.decode()
    assert "ｶ)ｻﾝﾌﾟﾙ" in page and "¥110,000" in page
    assert 'aria-label="パンくずリスト"' in page  # 経理 › 入金明細 › the file
    progress = client.get(
        reverse("invoicing:bank_statement_progress", args=[statement.pk])
    ).json()
    assert (progress["state"], progress["issued"]) == ("done", 1)


def test_a_malformed_upload_fails_the_import_with_its_line(
    client, finance, issue, sample, django_capture_on_commit_callbacks
):
    issue(sample, 100_000)
    client.force_login(finance)
    broken = z.notice(z.credit(1, 110_000, "ｶ)ｻﾝﾌﾟﾙ")).replace(b"\r\n9", b"\r\n7")
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, broken)

    statement = BankStatement.objects.get()
    assert statement.state == "failed"
    assert "4" in statement.error
    assert not BankCredit.objects.exists()
    page = client.get(reverse("invoicing:bank_statement", args=[statement.pk]))
    assert statement.error in page.content.decode()


def test_finance_matches_a_waiting_credit_and_the_payer_is_remembered(
    client, finance, issue, sample
):
    first, second = issue(sample, 10_000), issue(sample, 20_000)
    _import(z.notice(z.credit(1, 11_000, "ﾔﾏﾀﾞ ﾀﾛｳ")))
    credit = BankCredit.objects.get()
    client.force_login(finance)
    queue = client.get(reverse("invoicing:bank_unmatched")).content.decode()
    assert "ﾔﾏﾀﾞ ﾀﾛｳ" in queue

    response = client.post(
        reverse("invoicing:credit_match", args=[credit.pk]),
        once(client=sample.pk, invoice_number="", remember="on"),
    )

    assert response.status_code == 302
    credit.refresh_from_db()
    first.refresh_from_db()
    assert (credit.state, credit.client, first.state) == ("matched", sample, "paid")
    assert PayerName.objects.get().client == sample
    # The next transfer from the same payer is matched on import.
    _import(z.notice(z.credit(2, 22_000, "ﾔﾏﾀﾞ ﾀﾛｳ", day="080531")))
    second.refresh_from_db()
    assert second.state == "paid"


def test_matching_to_another_clients_invoice_is_refused(
    client, finance, issue, sample, other_client
):
    theirs = issue(other_client, 10_000)
    issue(sample, 10_000)
    _import(z.notice(z.credit(1, 11_000, "ﾀﾞﾚｶ")))
    credit = BankCredit.objects.get()
    client.force_login(finance)
    response = client.post(
        reverse("invoicing:credit_match", args=[credit.pk]),
        once(client=sample.pk, invoice_number=theirs.number),
    )
    assert response.status_code == 400
    assert "請求書" in response.content.decode()
    credit.refresh_from_db()
    assert credit.state == "unmatched"


def test_only_finance_sees_the_bank_pages(client, db, issue, sample):
    issue(sample, 10_000)
    _import(z.notice(z.credit(1, 11_000, "ﾀﾞﾚｶ")))
    credit = BankCredit.objects.get()
    sales = f.user_with_roles("sales-9", "sales")
    client.force_login(sales)
    for url in (
        reverse("invoicing:bank"),
        reverse("invoicing:bank_unmatched"),
        reverse("invoicing:credit_match", args=[credit.pk]),
        reverse("invoicing:aging"),
    ):
        assert client.get(url).status_code == 403


def test_a_missing_credit_is_404(client, finance):
    client.force_login(finance)
    response = client.get(reverse("invoicing:credit_match", args=[999]))
    assert response.status_code == 404


def test_aging_page_and_csv(client, finance, issue, sample):
    issue(sample, 10_000, on=datetime.date(2026, 1, 31))  # due 2026-02-27
    client.force_login(finance)
    page = client.get(reverse("invoicing:aging"), {"as_of": "2026-03-31"})
    text = page.content.decode()
    assert "株式会社サンプル" in text and "¥11,000" in text
    csv_response = client.get(
        reverse("invoicing:aging"), {"as_of": "2026-03-31", "export": "csv"}
    )
    body = b"".join(
        csv_response.streaming_content
        if csv_response.streaming
        else [csv_response.content]
    )
    rows = body.decode("utf-8-sig").splitlines()
    assert rows[1].split(",")[0] == "株式会社サンプル"
    assert rows[1].split(",")[3] == "11000"  # 31–60 days past due


def test_dashboard_shows_the_aging_chart(client, finance, issue, sample):
    issue(sample, 10_000)
    client.force_login(finance)
    text = client.get(reverse("invoicing:dashboard")).content.decode()
    assert reverse("invoicing:aging") in text
    assert "¥11,000" in text


@pytest.mark.parametrize("count", [1, 6])
def test_list_pages_query_count_stays_flat(
    client, finance, issue, count, django_assert_max_num_queries
):
    for n in range(count):
        company = f.client(f"株式会社テスト{n}", legal_name_kana=f"テスト{n}")
        issue(company, 10_000 + n)
        _import(z.notice(z.credit(100 + n, 5 + n, "ﾀﾞﾚｶ")))
    client.force_login(finance)
    statement = BankStatement.objects.first()
    for url in (
        reverse("invoicing:bank"),
        reverse("invoicing:bank_unmatched"),
        reverse("invoicing:aging"),
        reverse("invoicing:bank_statement", args=[statement.pk]),
    ):
        client.get(url)
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200


def test_an_overpayment_is_listed_with_what_was_not_applied(
    client, finance, issue, sample
):
    invoice = issue(sample, 10_000)  # 11,000
    _import(z.notice(z.credit(1, 15_000, "ｶ)ｻﾝﾌﾟﾙ")))
    invoice.refresh_from_db()
    assert invoice.state == "paid"
    client.force_login(finance)
    page = client.get(reverse("invoicing:bank_unmatched")).content.decode()
    assert "¥4,000" in page and "株式会社サンプル" in page


def test_the_invoice_shows_the_fee_we_bore(client, finance, issue, sample):
    invoice = issue(sample, 10_000)  # 11,000
    _import(z.notice(z.credit(1, 10_560, "ｶ)ｻﾝﾌﾟﾙ")))
    client.force_login(finance)
    url = reverse("invoicing:invoice_detail", args=[invoice.pk])
    page = client.get(url).content.decode()
    assert "¥440" in page and "当社負担の振込手数料" in page


def test_finance_sets_the_dunning_steps(client, finance, issue, sample):
    client.force_login(finance)
    url = reverse("invoicing:dunning_steps")
    assert client.post(url, once(days_after_due=14, title="お願い")).status_code == 302
    again = client.post(url, once(days_after_due=14, title="二重"))
    assert again.status_code == 400
    from invoicing.models import DunningStep
    from invoicing.services.receivables import dunning_run

    step = DunningStep.objects.get()
    issue(sample, 10_000)  # due 2026-04-30
    dunning_run(today=datetime.date(2026, 5, 14))
    client.post(reverse("invoicing:dunning_step_delete", args=[step.pk]))
    assert DunningStep.objects.filter(pk=step.pk).exists()  # a letter used it
    assert client.get(url).status_code == 200
