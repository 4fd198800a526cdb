"""Documents workers send us (their own invoices), kept as received.

電子帳簿保存法 (japan.md §6.4): electronically received transaction data is
kept as data, unchanged (the file and its SHA-256 are written once; the
model refuses any change or deletion), and found again by date, amount and
counterparty.
"""

from __future__ import annotations

import datetime
import hashlib

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction

from enterprise.audit import log_action
from enterprise.roles import WORKER

from .. import rules
from ..models import ReceivedDocument


@transaction.atomic
def received_document_store(
    *,
    worker,
    by,
    data: bytes,
    filename: str,
    document_date: datetime.date,
    amount: int,
    title: str,
) -> ReceivedDocument:
    """Keep a worker's document: the worker themself or finance uploads it.
    Raises PermissionDenied."""
    if not (by == worker and by.has_role(WORKER)) and not rules.is_finance(None, by):
        raise PermissionDenied
    document = ReceivedDocument(
        worker=worker,
        counterparty=worker.display_name,
        document_date=document_date,
        amount=amount,
        title=title,
        original_name=filename[:200],
        file_sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=by,
    )
    document.file.save(filename, ContentFile(data), save=False)
    document.save()
    log_action(
        target=document,
        action="invoicing.received_document.stored",
        by=by,
        data={"sha256": document.file_sha256, "amount": amount},
    )
    return document
