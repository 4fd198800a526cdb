from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def submission_upload_to(instance, filename: str) -> str:
    # Under MEDIA_ROOT, which the web server never serves: downloads go
    # through a view that checks who is asking.
    submission = instance.submission
    return f"submissions/{submission.subtask_id}/v{submission.version}/{filename}"


class Submission(models.Model):
    """One version of a worker's deliverable for a subtask; every version is kept."""

    subtask = models.ForeignKey(
        "engagements.Subtask", on_delete=models.CASCADE, related_name="submissions"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submissions"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    note = models.TextField(_("note"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        ordering = ["subtask", "-version"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["subtask", "version"], name="submission_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subtask} v{self.version}"


class SubmissionFile(models.Model):
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(upload_to=submission_upload_to)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class ReviewDecision(models.TextChoices):
    APPROVED = "approved", pgettext_lazy("review decision", "Approved")
    REVISION_REQUESTED = "revision_requested", _("Revision requested")
    REJECTED = "rejected", pgettext_lazy("review decision", "Rejected")


class RejectReason(models.TextChoices):
    OFF_SPEC = "off_spec", _("Does not meet the specification")
    QUALITY = "quality", _("Quality below the acceptance criteria")
    PLAGIARISM = "plagiarism", _("Copied or infringing work")
    INCOMPLETE = "incomplete", _("Incomplete deliverable")
    OTHER = "other", _("Other")


class Review(models.Model):
    """The director's decision on one submission."""

    Decision = ReviewDecision
    RejectReason = RejectReason

    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, related_name="review"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )
    decision = models.CharField(_("decision"), max_length=20, choices=ReviewDecision)
    rating = models.PositiveSmallIntegerField(_("rating (1-5)"), null=True, blank=True)
    checklist = models.JSONField(_("checklist"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    reason_code = models.CharField(
        _("reason code"), max_length=20, choices=RejectReason, blank=True
    )
    reviewed_at = models.DateTimeField(_("reviewed"), auto_now_add=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True)
                | models.Q(rating__gte=1, rating__lte=5),
                name="review_rating_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission}: {self.decision}"


class ChecklistItem(models.Model):
    """A point the director checks when reviewing work of a category."""

    category = models.ForeignKey(
        "enterprise.WorkCategory", on_delete=models.CASCADE, related_name="+"
    )
    text = models.CharField(_("check"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["category", "position", "id"]
        verbose_name = _("review checklist item")
        verbose_name_plural = _("review checklist")

    def __str__(self) -> str:
        return self.text


class Message(models.Model):
    """The question-and-answer thread of a subtask (worker ↔ director)."""

    subtask = models.ForeignKey(
        "engagements.Subtask", on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("message"))
    is_question = models.BooleanField(_("question"), default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return self.body[:40]


class DeliveryDecision(models.TextChoices):
    PENDING = "pending", _("Waiting for the client")
    ACCEPTED = "accepted", _("Accepted")
    AUTO_ACCEPTED = "auto_accepted", _("Accepted automatically")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")


class Delivery(models.Model):
    """The operator's delivery of an engagement to the client (納品) and 検収."""

    Decision = DeliveryDecision

    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="deliveries"
    )
    note = models.TextField(_("delivery note"))
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    delivered_at = models.DateTimeField(auto_now_add=True)
    accept_by = models.DateField(_("accepted automatically on"))
    decision = models.CharField(
        max_length=20, choices=DeliveryDecision, default=DeliveryDecision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    change_request = models.TextField(_("requested changes"), blank=True)

    class Meta:
        ordering = ["-delivered_at"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.engagement} {self.delivered_at:%Y-%m-%d}"
