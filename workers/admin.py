from django.contrib import admin

from enterprise import entry

from .models import (
    AgreementAcceptance,
    AgreementVersion,
    BankAccount,
    Certification,
    CertificationCriteria,
    CertificationDecision,
    CertificationLevel,
    IdentityCheck,
    Incident,
    SkillTest,
    SkillTestAttempt,
    SkillTestQuestion,
    WorkerProfile,
    WorkerSkill,
    WorkRecord,
)


class WorkerSkillInline(admin.TabularInline):
    model = WorkerSkill
    extra = 0
    readonly_fields = ["verified", "verified_at"]


@admin.register(WorkerProfile)
class WorkerProfileAdmin(admin.ModelAdmin):
    form = entry.ModelForm  # numbers and dates bounded as in the pages
    list_display = [
        "display_name",
        "user",
        "kind",
        "availability",
        "capacity",
        "active_assignments",
    ]
    list_filter = ["kind", "availability"]
    search_fields = ["display_name", "legal_name", "legal_name_kana", "user__username"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    readonly_fields = ["active_assignments", "created_at", "updated_at"]
    inlines = [WorkerSkillInline]


@admin.register(BankAccount)
class BankAccountAdmin(admin.ModelAdmin):
    # Changes go through the worker portal, which validates against the
    # Zengin code list; the admin only shows what is stored.
    list_display = ["profile", "bank_code", "branch_code", "account_type"]
    list_select_related = ["profile"]
    readonly_fields = [f.name for f in BankAccount._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SkillTestQuestionInline(admin.StackedInline):
    model = SkillTestQuestion
    extra = 1


@admin.register(SkillTest)
class SkillTestAdmin(admin.ModelAdmin):
    list_display = ["title", "skill", "pass_mark", "active"]
    list_filter = ["active", "skill__category"]
    search_fields = ["title"]
    inlines = [SkillTestQuestionInline]


@admin.register(SkillTestAttempt)
class SkillTestAttemptAdmin(admin.ModelAdmin):
    list_display = ["profile", "test", "score", "passed", "taken_at"]
    list_filter = ["passed", "test"]
    list_select_related = ["profile", "test"]
    readonly_fields = [f.name for f in SkillTestAttempt._meta.fields]

    def has_add_permission(self, request):
        return False


class CertificationCriteriaInline(admin.StackedInline):
    model = CertificationCriteria
    extra = 0


@admin.register(CertificationLevel)
class CertificationLevelAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "rank"]
    inlines = [CertificationCriteriaInline]


@admin.register(CertificationCriteria)
class CertificationCriteriaAdmin(admin.ModelAdmin):
    list_display = [
        "level",
        "category",
        "window_days",
        "min_approved",
        "min_completion_rate",
        "min_avg_rating",
    ]
    list_filter = ["level", "category"]
    list_select_related = ["level", "category"]


class CertificationDecisionInline(admin.TabularInline):
    model = CertificationDecision
    extra = 0
    fields = ["decided_at", "kind", "from_level", "to_level", "figures"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):
    # Read-only: levels follow from the criteria through the recompute.
    list_display = ["worker", "category", "level", "status", "since"]
    list_filter = ["status", "level", "category"]
    list_select_related = ["worker", "category", "level"]
    readonly_fields = [f.name for f in Certification._meta.fields]
    inlines = [CertificationDecisionInline]

    def has_add_permission(self, request):
        return False


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    form = entry.ModelForm  # numbers and dates bounded as in the pages
    list_display = ["worker", "kind", "occurred_at", "subtask_ref", "resolved_at"]
    list_filter = ["kind"]
    list_select_related = ["worker"]
    raw_id_fields = ["worker", "recorded_by"]
    readonly_fields = ["created_at"]


@admin.register(WorkRecord)
class WorkRecordAdmin(admin.ModelAdmin):
    list_display = ["worker", "category", "subtask_ref", "outcome", "completed_at"]
    list_filter = ["outcome", "category"]
    list_select_related = ["worker", "category"]
    readonly_fields = [f.name for f in WorkRecord._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(AgreementVersion)
class AgreementVersionAdmin(admin.ModelAdmin):
    """The operator keeps the versions here; a version someone accepted is
    frozen (a change is a new version, which every worker accepts again)."""

    list_display = ["title", "kind", "version", "in_force_from"]
    list_filter = ["kind"]

    def _accepted(self, obj) -> bool:
        return obj is not None and obj.acceptances.exists()

    def get_readonly_fields(self, request, obj=None):
        if self._accepted(obj):
            return ["kind", "version", "title", "text", "in_force_from"]
        return []

    def has_delete_permission(self, request, obj=None):
        return not self._accepted(obj) and super().has_delete_permission(request, obj)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written only by the services (and audited there)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AgreementAcceptance)
class AgreementAcceptanceAdmin(ReadOnlyAdmin):
    list_display = ["user", "kind", "version", "accepted_at", "ip_address"]
    list_filter = ["kind"]
    list_select_related = ["user"]
    search_fields = ["user__username"]


@admin.register(IdentityCheck)
class IdentityCheckAdmin(ReadOnlyAdmin):
    """Read only: decisions go through the compliance pages (audited), and
    the file is reached only through them."""

    list_display = ["user", "document_kind", "state", "submitted_at", "decided_at"]
    list_filter = ["state"]
    list_select_related = ["user"]
    exclude = ["document"]
