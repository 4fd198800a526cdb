from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import ROLES


class User(AbstractUser):
    """A person who logs in: staff, a worker or a client's contact.

    Roles are Django groups (see ``enterprise.roles``); one person may hold
    several, e.g. a veteran worker who also directs.
    """

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        full = f"{self.last_name} {self.first_name}".strip()
        return full or self.username

    def role_names(self) -> list[str]:
        """The roles this person holds, in the order of ``ROLES``."""
        if not self.is_authenticated:
            return []
        if self.is_superuser:
            return list(ROLES)
        cached = getattr(self, "_role_names", None)
        if cached is None:
            held = set(self.groups.values_list("name", flat=True))
            cached = self._role_names = [role for role in ROLES if role in held]
        return cached

    def has_role(self, role: str) -> bool:
        return role in self.role_names()


class AuditLog(models.Model):
    """Who did what to which object, when: every state change writes one row.

    ``action`` is a dotted, stable name such as ``clients.client.activated``.
    """

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    from_state = models.CharField(_("from"), max_length=40, blank=True)
    to_state = models.CharField(_("to"), max_length=40, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_id}"


class BilingualName(models.Model):
    """Reference data named in Japanese first, with an English name for the switch."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "ja").startswith("en") else self.name


class WorkCategory(BilingualName):
    """The eight kinds of work of the industry report (図表2 主な業務内容)."""

    examples = models.CharField(_("examples"), max_length=200, blank=True)

    class Meta(BilingualName.Meta):
        verbose_name = _("work category")
        verbose_name_plural = _("work categories")


class Skill(BilingualName):
    """A skill workers declare and subtasks require, within one category."""

    category = models.ForeignKey(
        WorkCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="skills",
    )

    class Meta(BilingualName.Meta):
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
