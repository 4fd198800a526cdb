"""Clients' ratings of deliveries, as support reported them to the record."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from enterprise.models import WorkCategory


class DeliveryRatingRecord(models.Model):
    """A client's 1-5 rating of a delivery the worker's approved work was in.

    Kept apart from the director's review rating (WorkRecord.rating): the
    certification criteria can name either, and reviewer calibration compares
    the two.
    """

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        related_name="delivery_ratings",
    )
    category = models.ForeignKey(
        WorkCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    delivery_ref = models.CharField(_("delivery"), max_length=64)
    rating = models.PositiveSmallIntegerField(
        _("client rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rated_at = models.DateTimeField(_("rated"))

    class Meta:
        verbose_name = _("delivery rating record")
        verbose_name_plural = _("delivery rating records")
        ordering = ["-rated_at", "-id"]
        constraints = [
            # One row per worker and delivery: reporting again updates it.
            models.UniqueConstraint(
                fields=["worker", "delivery_ref"], name="workers_delivery_rating_once"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5),
                name="workers_delivery_rating_1_to_5",
            ),
        ]
        indexes = [models.Index(fields=["worker", "category", "rated_at"])]

    def __str__(self) -> str:
        return f"{self.worker} {self.delivery_ref} {self.rating}"
