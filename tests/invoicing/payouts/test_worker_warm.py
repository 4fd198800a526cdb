"""A Celery worker warms the payout run's code once, in its main process
before forking (issue 15): the URL resolver the mails link through and the
bank code list the statements name the bank from. It reads no database
(the connection would be shared with the forked processes)."""

from celery.signals import worker_init

from enterprise import banks
from invoicing.tasks import payouts as payout_tasks


def test_the_worker_warms_the_bank_list_before_forking():
    # No ``db`` fixture: a query here would fail the test.
    banks._banks.cache_clear()
    payout_tasks.warm_payout_run(sender=None)

    assert banks._banks.cache_info().currsize == 1
    receivers = [ref() for _key, ref in worker_init.receivers]
    assert payout_tasks.warm_payout_run in receivers


def test_a_failing_warm_up_does_not_stop_the_worker(monkeypatch, caplog):
    def missing(*args, **kwargs):
        raise LookupError("no such template")

    monkeypatch.setattr("django.template.loader.get_template", missing)
    payout_tasks.warm_payout_run(sender=None)

    assert "warming the payout run failed" in caplog.text
