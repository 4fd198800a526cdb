"""E-mail notifications: rendered in Japanese now, sent by Celery after commit."""

from django.template.loader import render_to_string
from django.utils import translation

from .tasks import send_mail_task


def notify(users, template: str, context: dict) -> None:
    """Mail ``users`` the message ``<template>.txt`` (first line is the subject).

    Call inside the transaction that made the change: nothing is sent if it
    rolls back, and the mail goes out once it has committed.
    """
    recipients = sorted({u.email for u in users if u is not None and u.email})
    if not recipients:
        return
    with translation.override("ja"):
        text = render_to_string(f"{template}.txt", context).strip()
    subject, _sep, body = text.partition("\n")
    send_mail_task.delay_on_commit(recipients, subject.strip(), body.strip())
