"""電子帳簿保存法 search: issued and received documents by date range,
amount range and counterparty, combined; received files kept unchanged."""

import datetime
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from invoicing.models import DunningStep, FinalDocumentError, ReceivedDocument
from invoicing.services.receivables import dunning_run
from tests.invoicing.billing import factories as f
from tests.once import once

PDF = b"%PDF-1.4\n% a worker's invoice\n%%EOF\n"


def _search(client, **params):
    response = client.get(reverse("invoicing:ebook_search"), params)
    assert response.status_code == 200
    return response


def _numbers(response) -> list[str]:
    return [row["doc_number"] for row in response.context["page"]]


def test_e1_combined_search_finds_exactly_the_matching_invoices(
    client, finance, issue, sample, other_client
):
    inside = issue(sample, 200_000, on=datetime.date(2026, 2, 28))  # 220,000
    issue(sample, 50_000, on=datetime.date(2026, 2, 28))  # too small
    issue(sample, 200_000, on=datetime.date(2026, 4, 30))  # too late
    issue(other_client, 200_000, on=datetime.date(2026, 2, 28))  # someone else
    client.force_login(finance)

    response = _search(
        client, counterparty="株式会社サンプル", date_from="2026-01-01",
        date_to="2026-03-31", amount_min=100_000, amount_max=500_000,
    )  # fmt: skip

    assert _numbers(response) == [inside.number]


def test_received_and_dunning_documents_are_found_too(
    client, finance, issue, sample, make_user, django_capture_on_commit_callbacks
):
    worker = make_user(
        "worker-7", roles=["worker"], last_name="山田", first_name="太郎"
    )
    client.force_login(worker)
    response = client.post(
        reverse("invoicing:my_documents"),
        once(title="3月分請求書", document_date="2026-03-31", amount=55_000,
             file=SimpleUploadedFile("inv.pdf", PDF)),
    )  # fmt: skip
    assert response.status_code == 302
    kept = ReceivedDocument.objects.get()
    assert kept.file_sha256 == hashlib.sha256(PDF).hexdigest()
    assert kept.counterparty == "山田 太郎"

    DunningStep.objects.create(days_after_due=7, title="お支払いのお願い")
    issue(sample, 100_000)
    with django_capture_on_commit_callbacks(execute=True):
        dunning_run(today=datetime.date(2026, 5, 7))

    client.force_login(finance)
    found = _search(client, counterparty="山田")
    assert [row["doc_kind"] for row in found.context["page"]] == ["received"]
    reminders = _search(client, kinds="dunning_letter")
    assert [r["doc_amount"] for r in reminders.context["page"]] == [110_000]
    download = client.get(reverse("invoicing:received_document_file", args=[kept.pk]))
    assert b"".join(download.streaming_content) == PDF


def test_a_received_document_never_changes(db, finance):
    worker = f.user_with_roles("worker-8", "worker")
    from invoicing.services.received_documents import received_document_store

    document = received_document_store(
        worker=worker, by=worker, data=PDF, filename="a.pdf",
        document_date=datetime.date(2026, 3, 31), amount=1_000, title="請求書",
    )  # fmt: skip
    document.amount = 2_000
    with pytest.raises(FinalDocumentError):
        document.save()
    with pytest.raises(FinalDocumentError):
        ReceivedDocument.objects.filter(pk=document.pk).update(amount=2_000)
    with pytest.raises(FinalDocumentError):
        document.delete()


def test_a_worker_sees_only_their_own_documents(client, db):
    owner = f.user_with_roles("worker-a", "worker")
    other = f.user_with_roles("worker-b", "worker")
    from invoicing.services.received_documents import received_document_store

    document = received_document_store(
        worker=owner, by=owner, data=PDF, filename="a.pdf",
        document_date=datetime.date(2026, 3, 31), amount=1_000, title="請求書",
    )  # fmt: skip
    client.force_login(other)
    url = reverse("invoicing:received_document_file", args=[document.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("invoicing:ebook_search")).status_code == 403


def test_a_file_that_is_not_a_pdf_is_refused(client, db):
    worker = f.user_with_roles("worker-c", "worker")
    client.force_login(worker)
    response = client.post(
        reverse("invoicing:my_documents"),
        once(title="x", document_date="2026-03-31", amount=1,
             file=SimpleUploadedFile("inv.pdf", b"hello")),
    )  # fmt: skip
    assert response.status_code == 400
    assert not ReceivedDocument.objects.exists()


@pytest.mark.parametrize("count", [1, 8])
def test_search_query_count_stays_flat(
    client, finance, issue, sample, count, django_assert_max_num_queries
):
    for n in range(count):
        issue(sample, 1_000 + n)
    client.force_login(finance)
    _search(client, amount_min=1)
    with django_assert_max_num_queries(15):
        response = _search(client, amount_min=1)
    assert len(response.context["page"]) == count


def test_demo_settings_are_idempotent(db):
    import io

    from invoicing.demo_receivables import seed

    seed(stdout=io.StringIO())
    seed(stdout=io.StringIO())
    assert list(DunningStep.objects.values_list("days_after_due", flat=True)) == [
        7,
        30,
    ]
