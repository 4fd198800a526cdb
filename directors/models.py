"""The director roster: who may supervise engagements, and how many at once.

A director is a user with the director role; the roster adds what the
operator decides about them (staff or veteran worker, active, workload
limit). A veteran worker may supervise only while they hold the senior
certification (workers app); that is checked live by ``directors.services``
rather than stored, so a revoked certification takes effect at once.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DirectorProfile(models.Model):
    class Kind(models.TextChoices):
        STAFF = "staff", _("Staff")
        VETERAN = "veteran", _("Veteran worker")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="director_profile",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    active = models.BooleanField(
        _("active on the roster"),
        default=True,
        help_text=_("Only active directors can be given engagements."),
    )
    max_engagements = models.PositiveSmallIntegerField(
        _("workload limit (engagements)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("The most open engagements this director supervises at once."),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("director profile")
        verbose_name_plural = _("director roster")
        ordering = ["kind", "user__last_name", "user__first_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_engagements__gte=1),
                name="directors_profile_limit_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.user.display_name

    def get_absolute_url(self) -> str:
        return reverse("directors:roster_edit", args=[self.pk])
