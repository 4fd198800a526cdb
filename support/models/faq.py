"""The help centre: FAQ articles written in the admin, one audience each."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    CLIENT = "client", _("Clients")
    WORKER = "worker", _("Workers")
    STAFF = "staff", _("Staff")


class FaqArticle(models.Model):
    """One question and its answer (よくある質問) for one audience.

    Searched by substring in title and body: on PostgreSQL a GIN trigram index
    (migration 'faq_trigram_index') serves the LIKE, on SQLite a scan does.
    """

    Audience = Audience

    audience = models.CharField(_("audience"), max_length=10, choices=Audience)
    title = models.CharField(_("question"), max_length=200)
    body = models.TextField(_("answer"))
    published = models.BooleanField(_("published"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        ordering = ["audience", "position", "pk"]
        verbose_name = _("help article")
        verbose_name_plural = _("help articles")
        constraints = [
            models.UniqueConstraint(
                fields=["audience", "title"], name="support_faq_title_per_audience"
            )
        ]

    def __str__(self) -> str:
        return self.title
