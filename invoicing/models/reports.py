"""The yearly payment report per worker (支払調書, 「報酬、料金、契約金及び
賞金の支払調書」, japan.md §2.4): issued once per worker and calendar year,
a snapshot with its PDF and SHA-256 like every issued document."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class PaymentReport(models.Model):
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    worker_name = models.CharField(_("payee"), max_length=200)
    worker_kind = models.CharField(_("payee kind"), max_length=20)
    worker_registration_number = models.CharField(
        _("payee registration number"), max_length=14, blank=True
    )
    payer_name = models.CharField(_("payer"), max_length=200)
    payer_address = models.CharField(_("payer address"), max_length=300)
    payer_phone = models.CharField(_("payer phone"), max_length=20, blank=True)
    # The 1号 fees paid in the year (the withholding base, consumption tax
    # left out where it was shown separately) and the tax withheld on them.
    paid = models.PositiveBigIntegerField(_("amount paid"))
    withheld = models.PositiveBigIntegerField(_("tax withheld"))
    statements = models.PositiveIntegerField(_("payments"))
    pdf = models.FileField(_("PDF"), upload_to="payment-reports/%Y/", blank=True)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment report")
        verbose_name_plural = _("payment reports")
        ordering = ["-year", "worker_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "year"], name="payment_report_once_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.worker_name}"

    @property
    def number(self) -> str:
        return f"PR-{self.year}-{self.pk:06d}"

    def delete(self, *args, **kwargs):
        raise ValidationError(gettext("An issued payment report is never deleted."))
