"""The Celery app. Settings come from Django's, under the CELERY_ namespace.

Every task's ``delay_on_commit`` goes through the transactional outbox
(``enterprise.outbox``): the task is written as a row in the caller's
transaction and published after commit, so a broker outage delays the work
and never fails the request that asked for it.
"""

import os

from celery import Celery
from celery.contrib.django.task import DjangoTask

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enterprise.settings")


class OutboxTask(DjangoTask):
    def delay_on_commit(self, *args, **kwargs) -> None:
        """Queue this task through the outbox: a row now, sent after commit."""
        from .outbox import enqueue

        enqueue(self.name, args, kwargs)


app = Celery("enterprise", task_cls=OutboxTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
