"""One-time form tokens on finance's forms: a second post of the same form
(double click, back button, retry) shows the first result and creates
nothing; a post without its token is refused; a refused form can be sent
again; concurrent posts of one token create one document (PostgreSQL)."""

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from enterprise.models import IdempotencyKey
from invoicing.models import CreditNote, Payment
from invoicing.services.billing_close import month_close
from tests.once import once

from . import factories as f

CREDIT = {
    "issue_date": "2026-04-15", "description": "ロゴ修正分の値引き",
    "amount": 11_000, "tax_rate": "0.10", "reason": "ロゴの色指定誤り",
}  # fmt: skip
ALREADY = "このフォームは送信済みです。最初の送信の結果を表示しています。"


def _issued_invoice(sample, finance):
    f.completed_engagement(
        sample, "記事作成", [("記事作成", 10, 19_800)],
        completed_on=datetime.date(2026, 3, 10),
    )  # fmt: skip
    month_close(period="2026-03", by=finance, today=datetime.date(2026, 4, 10))
    return sample.invoices.get()


@pytest.fixture
def invoice(sample, finance, operator):
    return _issued_invoice(sample, finance)


def test_a_credit_note_posted_twice_with_one_token_is_issued_once(
    client, finance, invoice
):
    client.force_login(finance)
    url = reverse("invoicing:credit_note_create", args=[invoice.pk])
    data = once(CREDIT)

    first = client.post(url, data)
    again = client.post(url, data, follow=True)

    assert CreditNote.objects.count() == 1
    assert first.url == reverse("invoicing:invoice_detail", args=[invoice.pk])
    assert again.redirect_chain == [(first.url, 302)]
    page = again.content.decode()
    assert ALREADY in page and "CN-2026-000001" in page
    assert IdempotencyKey.objects.get().result_url == first.url


def test_a_double_posted_payment_is_recorded_once(client, finance, invoice):
    client.force_login(finance)
    url = reverse("invoicing:payment_create", args=[invoice.pk])
    data = once(received_on="2026-04-20", amount=100_000, discount=0)

    client.post(url, data)
    client.post(url, data)

    assert list(Payment.objects.values_list("amount", flat=True)) == [100_000]
    invoice.refresh_from_db()
    assert invoice.balance == invoice.total - 100_000


def test_a_post_without_its_token_is_refused_and_creates_nothing(
    client, finance, invoice
):
    client.force_login(finance)

    response = client.post(
        reverse("invoicing:credit_note_create", args=[invoice.pk]), CREDIT
    )

    assert response.status_code == 400
    assert "このフォームはページから一度だけ送信できます。" in response.content.decode()
    assert not CreditNote.objects.exists()


def test_the_invoice_page_gives_each_form_a_fresh_token(client, finance, invoice):
    client.force_login(finance)
    url = reverse("invoicing:invoice_detail", args=[invoice.pk])

    first = client.get(url).content.decode()
    second = client.get(url).content.decode()

    # Send to the client, record a payment, issue a credit note.
    assert first.count('name="once_token"') == 3
    token = first.split('name="once_token" value="')[1].split('"')[0]
    assert len(token) == 32 and token not in second


def test_a_refused_form_releases_its_token(client, finance, invoice):
    client.force_login(finance)
    url = reverse("invoicing:payment_create", args=[invoice.pk])
    token = once()

    refused = client.post(url, {**token, "received_on": "2026-04-20",
                                "amount": 9_999_999, "discount": 0})  # fmt: skip
    corrected = client.post(
        url, {**token, "received_on": "2026-04-20", "amount": 1_000, "discount": 0}
    )

    assert (refused.status_code, corrected.status_code) == (400, 302)
    assert list(Payment.objects.values_list("amount", flat=True)) == [1_000]


def test_another_persons_token_is_refused(client, finance, invoice, make_user):
    client.force_login(finance)
    url = reverse("invoicing:payment_create", args=[invoice.pk])
    data = once(received_on="2026-04-20", amount=1_000, discount=0)
    client.post(url, data)
    colleague = make_user("finance-2", roles=["finance"])
    client.force_login(colleague)

    response = client.post(url, data)

    assert response.status_code == 400
    assert Payment.objects.count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent writers: PostgreSQL (SQLite serialises writes)",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_of_one_token_issue_one_credit_note(sample, finance, operator):
    invoice = _issued_invoice(sample, finance)
    url = reverse("invoicing:credit_note_create", args=[invoice.pk])
    data = once(CREDIT)
    posts = 8
    start = threading.Barrier(posts)
    statuses, errors = [], []

    def post() -> None:
        try:
            browser = Client()
            browser.force_login(finance)
            start.wait()
            statuses.append(browser.post(url, data).status_code)
        except Exception as error:  # reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert statuses == [302] * posts
    assert CreditNote.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1
