"""The client's voice: a contact's rating of each delivery (納品の評価)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DeliveryRating(models.Model):
    """One client contact's 1-5 rating of one delivery, and a comment.

    One per delivery (the company's answer, whichever contact gives it). The
    rating also reaches the track record of every worker whose approved work
    the delivery held (workers.services.delivery_rating_record).
    """

    delivery = models.OneToOneField(
        "engagements.Delivery",
        verbose_name=_("delivery"),
        on_delete=models.PROTECT,
        related_name="client_rating",
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rated by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    rated_at = models.DateTimeField(_("rated"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-rated_at", "-id"]
        verbose_name = _("delivery rating")
        verbose_name_plural = _("delivery ratings")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5),
                name="support_delivery_rating_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.delivery}: {self.rating}"
