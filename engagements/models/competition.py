"""Competition format (コンペ形式): many entries, only the adopted one is paid.

A competition is a subtask with ``work_format=competition`` that stays open
while certified workers send entries; its ``reward`` is the prize. Awarding
an entry moves the subtask to approved with the winner as assignee.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from enterprise.money import format_yen


class CompetitionSettings(models.Model):
    """What the call for entries promised, and how the competition ended."""

    subtask = models.OneToOneField(
        "engagements.Subtask",
        on_delete=models.CASCADE,
        related_name="competition",
    )
    participation_reward = models.PositiveBigIntegerField(
        _("participation reward (yen, excl. tax)"),
        default=0,
        help_text=_("Paid to each shortlisted entry that does not win. 0: none."),
    )
    loser_file_days = models.PositiveSmallIntegerField(
        _("days the other entries' files are kept"), default=30
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    invited_count = models.PositiveIntegerField(_("workers invited"), default=0)
    winner = models.OneToOneField(
        "engagements.CompetitionEntry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    awarded_at = models.DateTimeField(_("winner chosen"), null=True, blank=True)
    # The director chose for the client (recorded as such, shown to the client).
    awarded_on_behalf = models.BooleanField(
        _("chosen by the director on the client's behalf"), default=False
    )
    closing_message = models.TextField(_("message to the other entrants"), blank=True)
    files_purge_after = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")

    def __str__(self) -> str:
        return str(self.subtask)

    @property
    def awarded(self) -> bool:
        return self.winner_id is not None


class EntryState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    WON = "won", _("Adopted")
    NOT_SELECTED = "not_selected", _("Not selected")


class CompetitionEntry(models.Model):
    """One worker's proposal; a worker may send several until the deadline."""

    State = EntryState

    subtask = models.ForeignKey(
        "engagements.Subtask", on_delete=models.CASCADE, related_name="entries"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        related_name="competition_entries",
    )
    note = models.TextField(_("note"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    shortlisted = models.BooleanField(_("shortlisted"), default=False)
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=EntryState.choices,
        default=EntryState.SUBMITTED,
    )
    # An earlier entry of another worker with a file of the same SHA-256.
    possible_copy_of = models.ForeignKey(
        "self",
        verbose_name=_("possible copy of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    files_deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("competition entry")
        verbose_name_plural = _("competition entries")
        ordering = ["submitted_at", "id"]
        indexes = [models.Index(fields=["subtask", "worker"])]
        constraints = [
            models.UniqueConstraint(
                fields=["subtask"],
                condition=Q(state="won"),
                name="one_winner_per_competition",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subtask} #{self.pk} ({self.worker})"


def entry_upload_to(instance, filename: str) -> str:
    # Under MEDIA_ROOT, never served directly: a view checks who asks.
    entry = instance.entry
    return f"competitions/{entry.subtask_id}/{entry.pk}/{filename}"


class EntryFile(models.Model):
    entry = models.ForeignKey(
        CompetitionEntry, on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(upload_to=entry_upload_to, blank=True)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    # Kept after the file is deleted, so later copies are still recognised.
    sha256 = models.CharField(max_length=64, db_index=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class ParticipationAward(models.Model):
    """A participation reward owed to a shortlisted entry that did not win.

    A payable item for the payouts: ``amount`` to ``worker``; payouts set
    ``paid_at`` when it is paid.
    """

    entry = models.OneToOneField(
        CompetitionEntry, on_delete=models.PROTECT, related_name="award"
    )
    subtask = models.ForeignKey(
        "engagements.Subtask", on_delete=models.PROTECT, related_name="+"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="participation_awards",
    )
    amount = models.PositiveBigIntegerField(_("amount (yen, excl. tax)"))
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("participation reward")
        verbose_name_plural = _("participation rewards")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.worker} {format_yen(self.amount)}"
