"""A month close whose Celery worker was killed half-way (issue 14): it
shows as stalled (停止中), finance resumes it, and it ends with every client
closed once, gapless invoice numbers and its history intact; replaying a
finished close changes nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from enterprise import runs
from enterprise.models import AuditLog
from invoicing.models import Invoice, MonthCloseRun
from invoicing.services import billing_close

from . import factories as f

CLIENTS = 4


class WorkerKilled(BaseException):
    """What the item in progress sees when its process dies: no handler runs."""


def _killed_after(count: int, work):
    calls = []

    def close_client(**kwargs):
        if len(calls) == count:
            raise WorkerKilled
        calls.append(kwargs["client_id"])
        return work(**kwargs)

    return close_client


@pytest.fixture
def due_clients(operator):
    for n in range(CLIENTS):
        f.completed_engagement(
            f.client(f"株式会社再開{n}"), "記事", [("記事", 1, 10_000 * (n + 1))],
            completed_on=datetime.date(2026, 3, 5),
        )  # fmt: skip


@pytest.fixture
def killed_run(due_clients, finance, monkeypatch):
    """A close started from the screen whose worker died after a first chunk
    of two clients, in the second, ten minutes ago and more (its heartbeat
    is old). A chunk is one transaction: the second left nothing behind."""
    run = MonthCloseRun.objects.create(period="2026-03", started_by=finance)
    runs.run_plan(MonthCloseRun, run.pk, billing_close._close_plan)
    killed = _killed_after(2, billing_close.close_client)
    monkeypatch.setattr(billing_close, "close_client", killed)
    keys = runs.pending_keys(run)
    with pytest.raises(WorkerKilled):
        for chunk in (keys[:2], keys[2:]):
            billing_close.month_close_chunk_run(run_id=run.pk, client_ids=chunk)
    monkeypatch.undo()
    old = timezone.now() - datetime.timedelta(minutes=11)
    MonthCloseRun.objects.filter(pk=run.pk).update(heartbeat_at=old)
    return run


def test_a_killed_close_shows_as_stalled_with_a_resume(client, finance, killed_run):
    client.force_login(finance)
    progress = client.get(
        reverse("invoicing:month_close_progress", args=[killed_run.pk])
    ).json()
    assert (progress["state"], progress["state_label"]) == ("stalled", "停止中")
    assert (progress["done"], progress["total"], progress["issued"]) == (2, 4, 2)
    assert progress["resumable"] and not progress["finished"]
    page = client.get(reverse("invoicing:month_close_run", args=[killed_run.pk]))
    assert "再開" in page.text and "停止中" in page.text
    assert Invoice.objects.count() == 2


def test_a_close_still_beating_is_not_stalled(finance, due_clients):
    run = MonthCloseRun.objects.create(period="2026-03", started_by=finance)
    runs.run_plan(MonthCloseRun, run.pk, billing_close._close_plan)
    run.refresh_from_db()
    assert run.state == "running" and not run.stalled and not run.resumable


def test_resume_closes_the_rest_gapless_with_history_intact(
    client, finance, killed_run, django_capture_on_commit_callbacks
):
    client.force_login(finance)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("invoicing:month_close_resume", args=[killed_run.pk])
        )
    assert response.url == reverse("invoicing:month_close_run", args=[killed_run.pk])

    killed_run.refresh_from_db()
    assert (killed_run.state, killed_run.done, killed_run.total) == ("done", 4, 4)
    assert killed_run.issued == 4
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers == [f"INV-2025-{n:06d}" for n in range(1, CLIENTS + 1)]
    assert Invoice.objects.filter(close_period="2026-03").count() == CLIENTS
    issued = AuditLog.objects.filter(action="invoicing.invoice.issued")
    assert issued.count() == CLIENTS
    resumed = AuditLog.objects.get(action="invoicing.month_close.resumed")
    assert resumed.actor == finance and resumed.data["done"] == 2
    assert sorted(killed_run.items.values_list("result", flat=True)) == numbers


def test_resuming_or_replaying_a_finished_close_changes_nothing(
    client, finance, killed_run, django_capture_on_commit_callbacks
):
    client.force_login(finance)
    url = reverse("invoicing:month_close_resume", args=[killed_run.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    before = (Invoice.objects.count(), AuditLog.objects.count())

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, follow=True)
    billing_close.month_close_run(run_id=killed_run.pk)  # the task delivered twice

    assert "停止していないため、再開するものはありません。" in again.text
    assert (Invoice.objects.count(), AuditLog.objects.count()) == before
    killed_run.refresh_from_db()
    assert (killed_run.state, killed_run.done, killed_run.issued) == ("done", 4, 4)


def test_only_finance_resumes(client, sales, killed_run):
    client.force_login(sales)
    url = reverse("invoicing:month_close_resume", args=[killed_run.pk])
    assert client.post(url).status_code == 403
    killed_run.refresh_from_db()
    assert killed_run.stalled and Invoice.objects.count() == 2
