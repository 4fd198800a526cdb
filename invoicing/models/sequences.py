from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentSequence(models.Model):
    """The last number issued for one kind of document in one fiscal year.

    Invoice and credit-note numbers must be gapless and never reused (an
    issued document is kept for 7 years and a gap invites a tax examiner's
    question), so they come from this row, locked and incremented inside the
    transaction that creates the document: invoicing.numbering.allocate_number.
    A database sequence would not do: it skips the numbers of rolled-back
    transactions.
    """

    kind = models.CharField(_("kind"), max_length=32)
    fiscal_year = models.PositiveIntegerField(_("fiscal year"))
    last_number = models.PositiveBigIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("document sequence")
        verbose_name_plural = _("document sequences")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "fiscal_year"],
                name="invoicing_documentsequence_unique_kind_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.fiscal_year}: {self.last_number}"
