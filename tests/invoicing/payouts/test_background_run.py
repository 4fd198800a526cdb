"""The payout run in the background (issues 14, 15): the page starts it and
returns at once; it pays the workers chunk by chunk, shows its
progress, and a run whose worker was killed resumes where it stopped with
the same statements and yen as the run done in one go."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enterprise import runs
from enterprise.models import AuditLog
from invoicing.models import PayoutLine, PayoutRun, PayoutStatement
from invoicing.services import payouts
from invoicing.services.payouts import background
from invoicing.services.payouts import run as run_module
from tests.once import once

from .factories import make_line, make_worker

PAY = datetime.date(2026, 9, 30)
RECEIVED = datetime.date(2026, 8, 20)


class WorkerKilled(BaseException):
    """What the statement in progress sees when its process dies."""


@pytest.fixture
def three_workers(operator, yamada, sato):
    suzuki = make_worker("suzuki-run", legal_name="鈴木 一郎")
    make_line(yamada, amount=50_000, received_on=RECEIVED, pay_date=PAY)
    make_line(sato, amount=1_500_000, received_on=RECEIVED, pay_date=PAY)
    for amount in (10_000, 20_000):
        make_line(suzuki, amount=amount, received_on=RECEIVED, pay_date=PAY)
    return [yamada, sato, suzuki]


def _figures():
    return sorted(
        PayoutStatement.objects.values_list(
            "worker__username", "subtotal", "consumption_tax", "withholding", "net"
        )
    )


def test_the_page_starts_the_run_and_returns_at_once(
    client, finance, three_workers, django_capture_on_commit_callbacks
):
    client.force_login(finance)
    url = reverse("invoicing:payout_run", args=[PAY.isoformat()])
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        CaptureQueriesContext(connection) as queries,
    ):
        response = client.post(url, once())
    run = PayoutRun.objects.get()
    assert response.url == reverse("invoicing:payout_run_page", args=[run.pk])
    assert len(queries) <= 15  # nothing is paid inside the request
    assert run.state == "queued" and not PayoutStatement.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    progress = client.get(reverse("invoicing:payout_run_progress", args=[run.pk]))
    assert progress.json() | {"state_label": None} == {
        "state": "done", "state_label": None, "total": 3, "done": 3, "issued": 3,
        "percent": 100, "finished": True, "resumable": False, "error": "",
    }  # fmt: skip
    page = client.get(response.url).text
    assert "¥1,525,632" in page  # the statements' net total
    assert all(s.number in page for s in PayoutStatement.objects.all())


def test_background_statements_equal_the_run_in_one_go(
    finance, three_workers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = payouts.payout_run_start(pay_date=PAY, by=finance)
    background_figures = _figures()
    assert PayoutRun.objects.get(pk=run.pk).issued == 3
    # The same lines paid by the synchronous run (the command's) give the
    # same yen: yamada ¥50,000 and sato ¥1,500,000 as in test_pages.
    assert background_figures == [
        ("sato", 1_500_000, 150_000, 204_200, 1_445_800),
        ("suzuki-run", 30_000, 3_000, 3_063, 29_937),
        ("yamada", 50_000, 5_000, 5_105, 49_895),
    ]


def test_a_killed_run_resumes_where_it_stopped(
    client, finance, three_workers, monkeypatch, django_capture_on_commit_callbacks
):
    run = PayoutRun.objects.create(pay_date=PAY, started_by=finance)
    runs.run_plan(PayoutRun, run.pk, lambda r: run_module.workers_due(r.pay_date))
    # Killed while figuring the second statement of the chunk (the chunk is
    # one transaction: nothing of it is kept, its numbers are not used).
    draft, calls = run_module._statement_draft, []

    def killed_after_one(*args, **kwargs):
        if calls:
            raise WorkerKilled
        calls.append(1)
        return draft(*args, **kwargs)

    monkeypatch.setattr(run_module, "_statement_draft", killed_after_one)
    with pytest.raises(WorkerKilled):
        background.payout_run_chunk_run(
            run_id=run.pk, worker_ids=runs.pending_keys(run)
        )
    monkeypatch.undo()
    old = timezone.now() - datetime.timedelta(minutes=30)
    PayoutRun.objects.filter(pk=run.pk).update(heartbeat_at=old)

    client.force_login(finance)
    page = client.get(reverse("invoicing:payout_run_page", args=[run.pk])).text
    assert "停止中" in page and "再開" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("invoicing:payout_run_resume", args=[run.pk]))

    run.refresh_from_db()
    assert (run.state, run.done, run.total, run.issued) == ("done", 3, 3, 3)
    numbers = sorted(PayoutStatement.objects.values_list("number", flat=True))
    assert numbers == ["PS-2026-000001", "PS-2026-000002", "PS-2026-000003"]
    assert not PayoutLine.objects.filter(statement__isnull=True).exists()
    issued = AuditLog.objects.filter(action="invoicing.payout_statement.issued")
    assert issued.count() == 3
    assert AuditLog.objects.filter(action="invoicing.payout_run.resumed").exists()

    replayed = background.payout_run_execute(run_id=run.pk)  # replayed
    assert replayed.issued == 3 and PayoutStatement.objects.count() == 3


def test_pay_date_page_sums_per_worker_in_constant_queries(
    client, finance, operator, django_assert_max_num_queries
):
    def page_queries(workers: int) -> tuple[int, str]:
        for n in range(workers):
            worker = make_worker(f"many-{workers}-{n}", legal_name=f"多数 {n}")
            for amount in (1_000, 2_000, 3_000):
                make_line(worker, amount=amount, received_on=RECEIVED, pay_date=PAY)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("invoicing:payout_date", args=[PAY.isoformat()]))
        return len(queries), page.text

    client.force_login(finance)
    # Warm the per-process caches (content types) before counting.
    client.get(reverse("invoicing:payout_date", args=[PAY.isoformat()]))
    few, _page = page_queries(2)
    many, page = page_queries(60)
    assert many == few and many <= 15
    # One row per worker (a page of 50), with its count and sum, totals of all.
    assert page.count(f"/payouts/{PAY.isoformat()}/workers/") == 50
    assert "¥6,000" in page and "¥372,000" in page  # a worker; all 62
    assert page.count("<form") < 10
    assert "記事作成" not in page  # the lines are on the drill-down


def test_the_drill_down_lists_one_workers_lines(client, finance, three_workers):
    suzuki = three_workers[2]
    client.force_login(finance)
    url = reverse("invoicing:payout_date_worker", args=[PAY.isoformat(), suzuki.pk])
    page = client.get(url).text
    assert page.count("記事作成") == 2 and "¥20,000" in page
    other = reverse("invoicing:payout_date_worker", args=[PAY.isoformat(), 999_999])
    assert client.get(other).status_code == 404
