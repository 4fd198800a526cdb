"""Background work for clients: invitation mail and agreement PDFs.

Both tasks take ids, re-read the row and are safe to run twice.
"""

from smtplib import SMTPException

from celery import shared_task


@shared_task(autoretry_for=(SMTPException, OSError), retry_backoff=True, max_retries=5)
def send_contact_invitation(contact_id: int) -> bool:
    """Mail a new contact their set-password link (skipped once they set one)."""
    from .services import contact_send_invitation

    return contact_send_invitation(contact_id=contact_id)


@shared_task
def render_master_agreement(agreement_id: int) -> str:
    """Render and store a master agreement's PDF; returns its SHA-256."""
    from .services import master_agreement_store_pdf

    return master_agreement_store_pdf(agreement_id=agreement_id)
