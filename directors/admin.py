from django.contrib import admin
from django.core.exceptions import ValidationError

from enterprise import entry

from . import services
from .models import DirectorProfile


class DirectorProfileAdminForm(entry.ModelForm):
    class Meta:
        model = DirectorProfile
        fields = ["user", "kind", "active", "max_engagements", "note"]

    def clean(self):
        data = super().clean()
        if not self.errors:
            fields = ["user", *services.ROSTER_FIELDS]
            candidate = DirectorProfile(**{f: data.get(f) for f in fields})
            try:
                services.roster_check(candidate)
            except ValidationError as exc:
                raise ValidationError(exc.messages) from exc
        return data


@admin.register(DirectorProfile)
class DirectorProfileAdmin(admin.ModelAdmin):
    """The roster in the admin. Saves go through ``services.roster_save``, so
    the same rules (a veteran worker holds the senior certification) apply and
    the change is in the audit log."""

    form = DirectorProfileAdminForm
    list_display = ["user", "kind", "active", "max_engagements", "updated_at"]
    list_filter = ["kind", "active"]
    search_fields = ["user__username", "user__last_name", "user__first_name", "note"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        saved = services.roster_save(
            user=obj.user,
            by=request.user,
            kind=obj.kind,
            active=obj.active,
            max_engagements=obj.max_engagements,
            note=obj.note,
        )
        obj.pk = saved.pk
