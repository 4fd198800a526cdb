"""Rows that keep a request safe at the edge: the outbox of follow-up work and
the one-time tokens of forms that create a document or move money.

Imported by ``enterprise.models`` so the app registers them.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """One Celery task to send, written in the transaction of the change that
    asked for it (``task.delay_on_commit``). The on-commit hook and the
    ``send_outbox`` beat task publish it; ``sent_at`` is set only after the
    broker took it, so a broker outage delays the work and loses none.
    The row's id is the Celery task id."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task_name = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox")
        ordering = ["created_at"]
        indexes = [
            # The sweep reads the pending rows, oldest first.
            models.Index(
                fields=["created_at"],
                condition=Q(sent_at__isnull=True),
                name="outbox_pending_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_name} {self.args}"


class IdempotencyKey(models.Model):
    """A used one-time form token: the unique token makes a second post of the
    same form (double click, back button, retry) find the first result
    instead of doing the work again."""

    token = models.CharField(_("token"), max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    path = models.CharField(_("form address"), max_length=300)
    result_url = models.CharField(_("result"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("one-time form token")
        verbose_name_plural = _("one-time form tokens")
        constraints = [
            models.UniqueConstraint(fields=["token"], name="idempotency_token_unique")
        ]

    def __str__(self) -> str:
        return self.token
