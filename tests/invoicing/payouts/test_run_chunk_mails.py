"""A chunk of the payout run mails each worker their statement's number,
although the mails are rendered before the numbers are taken (issue 15:
rendering them under the number lock kept the other chunks waiting)."""

import datetime

from enterprise import runs
from enterprise.models import OutboxMessage
from invoicing.models import PayoutRun, PayoutStatement
from invoicing.services.payouts import background
from invoicing.services.payouts import run as run_module

from .factories import make_line, make_worker

PAY = datetime.date(2026, 9, 30)
RECEIVED = datetime.date(2026, 8, 20)


def _run_chunk(finance, count: int) -> list:
    workers = []
    for n in range(count):
        worker = make_worker(f"mail-{n}", legal_name=f"通知 {n}号")
        make_line(worker, amount=10_000 + n, received_on=RECEIVED, pay_date=PAY)
        workers.append(worker)
    run = PayoutRun.objects.create(pay_date=PAY, started_by=finance)
    ids = [worker.pk for worker in workers]
    runs.run_plan(PayoutRun, run.pk, lambda _run: ids)
    background.payout_run_chunk_run(run_id=run.pk, worker_ids=ids)
    return workers


def test_each_mail_quotes_its_own_statements_number(operator, finance):
    workers = _run_chunk(finance, 3)

    numbers = {s.worker.email: s.number for s in PayoutStatement.objects.all()}
    mails = OutboxMessage.objects.filter(task_name__endswith="send_mail_task")
    assert sorted((m.args[0][0], m.args[1]) for m in mails) == sorted(
        (w.email, f"【元請】支払通知書 {numbers[w.email]}") for w in workers
    )
    assert numbers == {
        w.email: f"PS-2026-00000{n}" for n, w in enumerate(workers, start=1)
    }
    assert not any("PS-TMP" in str(m.args) for m in mails)


def test_the_mails_are_rendered_before_the_numbers_are_taken(
    operator, finance, monkeypatch
):
    events = []
    notify, allocate = run_module._notify_issued, run_module.allocate_numbers

    def notified(statement):
        events.append("mail")
        notify(statement)

    def allocated(**kwargs):
        events.append("numbers")
        return allocate(**kwargs)

    monkeypatch.setattr(run_module, "_notify_issued", notified)
    monkeypatch.setattr(run_module, "allocate_numbers", allocated)
    _run_chunk(finance, 3)

    assert events == ["mail", "mail", "mail", "numbers"]
