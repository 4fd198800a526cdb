"""Joining: versioned agreements a worker accepts, and the identity check.

An agreement version's text never changes once someone accepted it (a change
is a new version); each acceptance keeps the version, the SHA-256 of the
exact text accepted, when, from which address and browser, and its PDF.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class AgreementKind(models.TextChoices):
    BASIC = "basic", _("Basic agreement (業務委託基本契約)")
    CONFIDENTIALITY = "confidentiality", _("Confidentiality undertaking (秘密保持)")
    ELECTRONIC_TERMS = (
        "electronic_terms",
        _("Consent to receive terms electronically (電磁的方法による明示)"),
    )


class AgreementVersion(models.Model):
    """One version of an agreement a worker must accept (kept in the admin).

    The current version of a kind is the highest one already in force.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=100)
    text = models.TextField(
        _("text"),
        help_text=_(
            "Articles separated by a blank line; the first line of each is "
            "its heading. Cannot change once a worker has accepted it."
        ),
    )
    in_force_from = models.DateTimeField(_("in force from"), default=timezone.now)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "version"], name="workers_agreement_one_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    @property
    def sha256(self) -> str:
        return text_sha256(self.text)

    def articles(self) -> list[tuple[str, str]]:
        """(heading, body) pairs: a paragraph's first line is its heading."""
        found = []
        for paragraph in self.text.replace("\r\n", "\n").split("\n\n"):
            heading, _sep, body = paragraph.strip().partition("\n")
            if heading:
                found.append((heading, body.strip()))
        return found


class AgreementAcceptance(models.Model):
    """A worker's click on one agreement version, with what they saw."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        related_name="agreement_acceptances",
    )
    agreement = models.ForeignKey(
        AgreementVersion,
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="acceptances",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    text_sha256 = models.CharField(_("SHA-256 of the text"), max_length=64)
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="workers/agreements/%Y/", blank=True)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("agreement acceptance")
        verbose_name_plural = _("agreement acceptances")
        ordering = ["-accepted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agreement"], name="workers_acceptance_once"
            ),
            models.CheckConstraint(
                condition=Q(text_sha256__regex=r"^[0-9a-f]{64}$"),
                name="workers_acceptance_sha256",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind} v{self.version}"


class IdentityCheck(FSMModelMixin, models.Model):
    """本人確認: a document the worker uploaded and compliance's decision.

    The file is private (streamed only to its owner and compliance, each view
    audited) and deleted after the operator's retention period; the row, with
    the decision and its date, stays.
    """

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting review")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    class DocumentKind(models.TextChoices):
        DRIVING_LICENCE = "driving_licence", _("Driving licence")
        MY_NUMBER_CARD = "my_number_card", _("My Number card (front only)")
        PASSPORT = "passport", _("Passport")
        RESIDENCE_CARD = "residence_card", _("Residence card")
        CORPORATE_REGISTER = (
            "corporate_register",
            _("Certificate of registered matters"),
        )

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        related_name="identity_checks",
    )
    document_kind = models.CharField(
        _("document"), max_length=30, choices=DocumentKind.choices
    )
    document = models.FileField(
        _("file"), upload_to="workers/identity/%Y/", blank=True, max_length=200
    )
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    state = FSMField(
        _("state"),
        max_length=20,
        choices=State.choices,
        default=State.SUBMITTED,
        protected=True,
    )
    reason = models.TextField(_("reason"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    document_deleted_at = models.DateTimeField(_("file deleted"), null=True, blank=True)

    class Meta:
        verbose_name = _("identity check")
        verbose_name_plural = _("identity checks")
        ordering = ["-submitted_at", "-id"]
        permissions = [("review_identitycheck", _("Can review identity checks"))]
        indexes = [models.Index(fields=["state", "decided_at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.get_state_display()}"

    @transition(
        field=state,
        source=State.SUBMITTED,
        target=State.APPROVED,
        permission="workers.review_identitycheck",
    )
    def approve(self, decided_by):
        self.decided_at, self.decided_by = timezone.now(), decided_by

    @transition(
        field=state,
        source=State.SUBMITTED,
        target=State.REFUSED,
        permission="workers.review_identitycheck",
    )
    def refuse(self, decided_by):
        self.decided_at, self.decided_by = timezone.now(), decided_by

    def delete(self, *args, **kwargs):
        raise ValidationError(gettext("An identity check is kept; only its file goes."))
