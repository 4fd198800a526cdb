"""Workers: profiles, skills, skill tests, track record, incidents, certification.

The track record (``WorkRecord``, ``ResponseRecord``) is written by the
engagements app through ``workers.services``; this app never imports it.
"""

import unicodedata

from django.conf import settings
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from enterprise.banks import bank_display_name
from enterprise.kana import validate_zengin_name
from enterprise.models import BilingualName, Skill, WorkCategory

from .numbers import validate_registration_format


class WorkerProfile(models.Model):
    """A registered worker: who they are, how much they can take on, whether now."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        CORPORATION = "corporation", _("Corporation")

    class Availability(models.TextChoices):
        AVAILABLE = "available", _("Available")
        BUSY = "busy", _("Busy")
        AWAY = "away", _("Away")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        LEFT = "left", _("Left")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="worker_profile",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.INDIVIDUAL
    )
    legal_name = models.CharField(_("legal name"), max_length=100)
    legal_name_kana = models.CharField(
        _("legal name (kana)"), max_length=100, validators=[validate_zengin_name]
    )
    display_name = models.CharField(_("display name"), max_length=50)
    registration_number = models.CharField(
        _("qualified-invoice registration number"),
        max_length=14,
        blank=True,
        validators=[validate_registration_format],
        help_text=_("T followed by 13 digits, if you are registered."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("The most subtasks you take on at once."),
    )
    # Kept by engagements through services.assignment_count_changed, so the
    # recommendation can rank thousands of workers without counting subtasks.
    active_assignments = models.PositiveIntegerField(
        _("active assignments"), default=0, editable=False
    )
    availability = models.CharField(
        _("availability"),
        max_length=20,
        choices=Availability.choices,
        default=Availability.AVAILABLE,
    )
    away_until = models.DateField(_("away until"), null=True, blank=True)
    postal_code = models.CharField(
        _("postal code"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^\d{3}-\d{4}$", _("Enter it as 100-0005."))],
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    # Suspension (no offers, no claims) and leaving: staff decide, audited.
    status = FSMField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    status_reason = models.TextField(_("reason"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    # Signed up or imported (not screened by staff by hand): every sign-up
    # step (skills, bank account, identity check) before the first offer.
    signup_steps = models.BooleanField(_("completes every sign-up step"), default=False)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("worker profile")
        verbose_name_plural = _("worker profiles")
        ordering = ["display_name", "id"]
        indexes = [
            # The worker search lists a page in this order: read from the
            # index and stopped after the page, not 5,000 rows sorted.
            models.Index(fields=["display_name", "id"], name="workerprofile_name_idx"),
        ]
        permissions = [
            ("suspend_workerprofile", _("Can suspend and reinstate workers")),
            ("import_workerprofile", _("Can import workers from a CSV file")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(availability="away") | Q(away_until__isnull=False),
                name="workers_profile_away_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @transition(field=status, source=Status.ACTIVE, target=Status.SUSPENDED)
    def suspend(self, note: str):
        self.status_reason, self.status_changed_at = note, timezone.now()

    @transition(field=status, source=Status.SUSPENDED, target=Status.ACTIVE)
    def reinstate(self, note: str):
        self.status_reason, self.status_changed_at = note, timezone.now()

    @transition(
        field=status, source=[Status.ACTIVE, Status.SUSPENDED], target=Status.LEFT
    )
    def leave(self, note: str):
        self.status_reason, self.status_changed_at = note, timezone.now()

    @property
    def capacity_left(self) -> int:
        return max(self.capacity - self.active_assignments, 0)

    def availability_on(self, day) -> str:
        """Availability on ``day``: an absence ends once its date has passed."""
        if self.availability == self.Availability.AWAY and self.away_until < day:
            return self.Availability.AVAILABLE
        return self.availability

    @property
    def current_availability(self) -> str:
        return self.availability_on(timezone.localdate())


class BankAccount(models.Model):
    """Where payouts go. Seen only by its owner, finance and administrators."""

    class AccountType(models.IntegerChoices):
        # The 預金種目 codes of the Zengin transfer record (japan.md §5.2).
        ORDINARY = 1, _("Ordinary")
        CURRENT = 2, _("Current")
        SAVINGS = 4, _("Savings")

    profile = models.OneToOneField(
        WorkerProfile,
        verbose_name=_("worker"),
        on_delete=models.CASCADE,
        related_name="bank_account",
    )
    bank_code = models.CharField(_("bank code"), max_length=4)
    bank_name = models.CharField(_("bank name"), max_length=30)
    branch_code = models.CharField(_("branch code"), max_length=3)
    branch_name = models.CharField(_("branch name"), max_length=30)
    account_type = models.PositiveSmallIntegerField(
        _("account type"), choices=AccountType.choices, default=AccountType.ORDINARY
    )
    account_number = models.CharField(_("account number"), max_length=7)
    # Half-width kana in the Zengin set, as the transfer file carries it.
    holder_name = models.CharField(_("account holder (kana)"), max_length=30)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")
        constraints = [
            models.CheckConstraint(
                condition=Q(account_type__in=[1, 2, 4]),
                name="workers_bank_account_type_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_bank_name} {self.branch_name} {self.masked_number}"

    @property
    def display_bank_name(self) -> str:
        """The bank's own name (みずほ銀行), not the Zengin kana (ﾐｽﾞﾎ)."""
        return bank_display_name(self.bank_code, self.bank_name)

    @property
    def display_names(self) -> tuple[str, str]:
        """The bank's and branch's names as people read them (みずほ銀行
        東京営業部); the stored names are the transfer file's half-width kana."""
        from .banks import lookup

        found = lookup(self.bank_code, self.branch_code)
        if found is None:
            return unicodedata.normalize("NFKC", self.bank_name), unicodedata.normalize(
                "NFKC", self.branch_name
            )
        return found.bank_name, found.branch_name

    def clean(self):
        # The same check and normalisation as the worker's own form, so an
        # account saved through the admin is one the Zengin file can pay.
        from .services.profiles import bank_details

        for name, value in bank_details(**self.bank_fields()).items():
            setattr(self, name, value)

    def bank_fields(self) -> dict:
        return {
            "bank_code": self.bank_code,
            "branch_code": self.branch_code,
            "account_type": self.account_type,
            "account_number": self.account_number,
            "holder_name": self.holder_name,
        }

    @property
    def masked_number(self) -> str:
        return "****" + self.account_number[-3:]


class WorkerSkill(models.Model):
    """A skill a worker declares, at a self-assessed level; a passed test verifies."""

    profile = models.ForeignKey(
        WorkerProfile,
        verbose_name=_("worker"),
        on_delete=models.CASCADE,
        related_name="skills",
    )
    skill = models.ForeignKey(
        Skill, verbose_name=_("skill"), on_delete=models.PROTECT, related_name="+"
    )
    self_level = models.PositiveSmallIntegerField(
        _("level"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (beginner) to 5 (expert), by your own assessment."),
    )
    verified = models.BooleanField(_("verified by a test"), default=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("worker skill")
        verbose_name_plural = _("worker skills")
        ordering = ["skill__sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "skill"], name="workers_skill_once_per_worker"
            ),
            models.CheckConstraint(
                condition=Q(self_level__gte=1, self_level__lte=5),
                name="workers_skill_level_1_to_5",
            ),
        ]
        indexes = [models.Index(fields=["skill", "self_level"])]

    def __str__(self) -> str:
        return f"{self.profile} {self.skill} {self.self_level}"


class SkillTest(models.Model):
    """A multiple-choice test of one skill; a score at or above the mark passes."""

    skill = models.ForeignKey(
        Skill,
        verbose_name=_("skill"),
        on_delete=models.PROTECT,
        related_name="skill_tests",
    )
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    retake_after_days = models.PositiveSmallIntegerField(
        _("retake after (days)"),
        default=7,
        help_text=_("How long a worker waits after failing before trying again."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("skill test")
        verbose_name_plural = _("skill tests")
        ordering = ["skill__sort_order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_mark__gte=1, pass_mark__lte=100),
                name="workers_test_pass_mark_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SkillTestQuestion(models.Model):
    test = models.ForeignKey(
        SkillTest,
        verbose_name=_("skill test"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("question"))
    choices = models.JSONField(_("choices"), help_text=_("A list of answers."))
    correct_index = models.PositiveSmallIntegerField(
        _("correct answer"), help_text=_("Position of the right answer, from 0.")
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text[:50]

    def clean(self):
        from django.core.exceptions import ValidationError

        if not isinstance(self.choices, list) or len(self.choices) < 2:
            raise ValidationError({"choices": _("Give at least two answers.")})
        if not all(isinstance(c, str) and c.strip() for c in self.choices):
            raise ValidationError({"choices": _("Every answer must be text.")})
        if self.correct_index is not None and self.correct_index >= len(self.choices):
            raise ValidationError(
                {"correct_index": _("There is no answer at this position.")}
            )


class SkillTestAttempt(models.Model):
    profile = models.ForeignKey(
        WorkerProfile,
        verbose_name=_("worker"),
        on_delete=models.CASCADE,
        related_name="test_attempts",
    )
    test = models.ForeignKey(
        SkillTest,
        verbose_name=_("skill test"),
        on_delete=models.PROTECT,
        related_name="attempts",
    )
    answers = models.JSONField(_("answers"), default=list)
    score = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("passed"))
    taken_at = models.DateTimeField(_("taken at"), default=timezone.now)

    class Meta:
        verbose_name = _("test attempt")
        verbose_name_plural = _("test attempts")
        ordering = ["-taken_at", "-id"]

    def __str__(self) -> str:
        return f"{self.profile} {self.test} {self.score}%"


class WorkRecord(models.Model):
    """The outcome of one subtask for one worker, as engagements reported it."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        OVERDUE = "overdue", _("Overdue")
        ABANDONED = "abandoned", _("Abandoned by the worker")
        # Cancelled by the client or the operator: not the worker's doing, so
        # it counts neither for nor against the completion rate.
        CANCELLED = "cancelled", _("Cancelled")

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        related_name="work_records",
    )
    category = models.ForeignKey(
        WorkCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    subtask_ref = models.CharField(_("subtask"), max_length=64)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    revisions = models.PositiveSmallIntegerField(_("revision requests"), default=0)
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    completed_at = models.DateTimeField(_("decided"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        verbose_name = _("work record")
        verbose_name_plural = _("work records")
        ordering = ["-completed_at", "-id"]
        constraints = [
            # One row per worker and subtask: reporting again updates it, so
            # a retried task or a re-review cannot count twice.
            models.UniqueConstraint(
                fields=["worker", "subtask_ref"], name="workers_record_once"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="workers_record_rating_1_to_5",
            ),
        ]
        indexes = [models.Index(fields=["worker", "category", "completed_at"])]

    def __str__(self) -> str:
        return f"{self.worker} {self.subtask_ref} {self.outcome}"


class ResponseRecord(models.Model):
    """A message put to a worker and when they answered (None: not yet)."""

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        related_name="response_records",
    )
    message_ref = models.CharField(_("message"), max_length=64, blank=True)
    asked_at = models.DateTimeField(_("asked at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("response record")
        verbose_name_plural = _("response records")
        ordering = ["-asked_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "message_ref"],
                condition=~Q(message_ref=""),
                name="workers_response_once_per_message",
            ),
        ]
        indexes = [models.Index(fields=["worker", "asked_at"])]

    def __str__(self) -> str:
        return f"{self.worker} {self.asked_at:%Y-%m-%d %H:%M}"


class WorkerCategoryStats(models.Model):
    """All-time figures of one worker in one category, rebuilt from WorkRecord.

    Denormalised so the recommendation joins one row per worker instead of
    aggregating thousands of records for every subtask it ranks.
    """

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="category_stats",
    )
    category = models.ForeignKey(
        WorkCategory, on_delete=models.CASCADE, related_name="+"
    )
    approved_count = models.PositiveIntegerField(default=0)
    rated_count = models.PositiveIntegerField(default=0)
    rating_sum = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("category figures")
        verbose_name_plural = _("category figures")
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "category"], name="workers_stats_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} {self.category}"


class Incident(models.Model):
    """Trouble with a worker, and how it was settled (mediation notes)."""

    class Kind(models.TextChoices):
        OVERDUE = "overdue", _("Overdue")
        UNREACHABLE = "unreachable", _("Unreachable")
        QUALITY = "quality", _("Quality")
        CONDUCT = "conduct", _("Conduct")

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    subtask_ref = models.CharField(_("subtask"), max_length=64, blank=True)
    engagement_ref = models.CharField(_("engagement"), max_length=64, blank=True)
    description = models.TextField(_("what happened"))
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now)
    resolution = models.TextField(_("resolution notes"), blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["worker", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.worker} {self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"

    @property
    def resolved(self) -> bool:
        return self.resolved_at is not None


class CertificationLevel(BilingualName):
    """認定 levels, e.g. certified and senior; a higher rank is a higher level."""

    rank = models.PositiveSmallIntegerField(_("rank"), unique=True)

    class Meta(BilingualName.Meta):
        verbose_name = _("certification level")
        verbose_name_plural = _("certification levels")
        ordering = ["rank"]


class CertificationCriteria(models.Model):
    """What a level asks for, as data the operator edits.

    A row without category is the default for every category; a row with one
    replaces the default there. An empty threshold is not checked. Rates are
    percentages (90.00 = 90%).
    """

    level = models.ForeignKey(
        CertificationLevel,
        verbose_name=_("level"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    category = models.ForeignKey(
        WorkCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: the default for every category."),
    )
    window_days = models.PositiveSmallIntegerField(
        _("window (days)"),
        default=180,
        validators=[MinValueValidator(1)],
        help_text=_("The figures count the work decided in this many days."),
    )
    min_approved = models.PositiveIntegerField(
        _("approved subtasks at least"), null=True, blank=True
    )
    min_completion_rate = models.DecimalField(
        _("completion rate at least (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    min_first_pass_rate = models.DecimalField(
        _("approved without revision at least (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    min_avg_rating = models.DecimalField(
        _("average rating at least"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    min_avg_delivery_rating = models.DecimalField(
        _("average client rating of deliveries at least"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("The clients' 1-5 ratings of the deliveries the work was in."),
    )
    min_response_rate_24h = models.DecimalField(
        _("messages answered within 24 hours at least (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    no_overdue_incident_days = models.PositiveSmallIntegerField(
        _("no overdue incident in the last (days)"), null=True, blank=True, default=90
    )
    no_conduct_incident_days = models.PositiveSmallIntegerField(
        _("no conduct incident in the last (days)"),
        null=True,
        blank=True,
        default=365,
        help_text=_("Failing this revokes the level at once, without probation."),
    )
    requires_passed_skill_test = models.BooleanField(
        _("requires a passed skill test in the category"), default=False
    )
    requires_identity_check = models.BooleanField(
        _("requires an approved identity check"), default=False
    )
    probation_days = models.PositiveSmallIntegerField(
        _("probation (days)"),
        default=30,
        help_text=_("How long a worker below the criteria keeps the level."),
    )

    class Meta:
        verbose_name = _("certification criteria")
        verbose_name_plural = _("certification criteria")
        ordering = ["level__rank", "category__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "category"], name="workers_criteria_per_category"
            ),
            models.UniqueConstraint(
                fields=["level"],
                condition=Q(category__isnull=True),
                name="workers_criteria_one_default",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level} / {self.category or _('all categories')}"


class Certification(models.Model):
    """A worker's level in a category, recomputed from the track record.

    The status is computed by ``services.certification_recompute`` alone
    (there is no human transition), and each change leaves a
    ``CertificationDecision`` with the figures behind it.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Certified")
        PROBATION = "probation", _("On probation")
        REVOKED = "revoked", _("Revoked")

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        on_delete=models.CASCADE,
        related_name="certifications",
    )
    category = models.ForeignKey(
        WorkCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.ForeignKey(
        CertificationLevel,
        verbose_name=_("level"),
        on_delete=models.PROTECT,
        related_name="certifications",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    since = models.DateField(_("since"))
    probation_until = models.DateField(_("probation until"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["category__sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "category"], name="workers_cert_once_per_category"
            ),
            models.CheckConstraint(
                condition=~Q(status="probation") | Q(probation_until__isnull=False),
                name="workers_cert_probation_has_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} {self.category} {self.level} ({self.status})"

    @property
    def holds(self) -> bool:
        return self.status != self.Status.REVOKED


class CertificationDecision(models.Model):
    """One grant, probation, restoration, demotion or revocation, with its reason.

    ``figures`` holds the measured values against each threshold of the level
    that decided it, so a director sees exactly why.
    """

    class Kind(models.TextChoices):
        GRANTED = "granted", _("Granted")
        PROMOTED = "promoted", _("Promoted")
        PROBATION = "probation", _("Put on probation")
        RESTORED = "restored", _("Restored")
        DEMOTED = "demoted", _("Demoted")
        REVOKED = "revoked", _("Revoked")

    certification = models.ForeignKey(
        Certification,
        verbose_name=_("certification"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    kind = models.CharField(_("decision"), max_length=20, choices=Kind.choices)
    from_level = models.ForeignKey(
        CertificationLevel,
        verbose_name=_("from level"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_level = models.ForeignKey(
        CertificationLevel,
        verbose_name=_("to level"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"))
    figures = models.JSONField(_("figures"), default=dict)

    class Meta:
        verbose_name = _("certification decision")
        verbose_name_plural = _("certification decisions")
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.certification} {self.kind} {self.decided_at:%Y-%m-%d}"


# Joining (agreements, identity check) lives in its own module.
from .models_onboarding import (  # noqa: E402, F401
    AgreementAcceptance,
    AgreementKind,
    AgreementVersion,
    IdentityCheck,
)
from .models_ratings import DeliveryRatingRecord  # noqa: E402, F401
