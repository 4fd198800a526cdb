"""Back-office edits. Details and terms are saved through the services, so the
admin leaves the same audit trail; states, checks, the watchlist, contacts'
logins and agreements change only through the sales screens."""

from django.contrib import admin

from enterprise import entry

from . import services
from .models import (
    Client,
    ClientContact,
    MasterAgreement,
    MasterAgreementAcceptance,
    ScreeningCheck,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ScreeningCheckInline(ReadOnlyInline):
    model = ScreeningCheck
    fields = ["kind", "result", "note", "checked_by", "checked_at"]


class ClientContactInline(ReadOnlyInline):
    model = ClientContact
    fields = ["name", "email", "department", "user"]


class MasterAgreementInline(ReadOnlyInline):
    model = MasterAgreement
    fields = ["version", "signed_on", "counter_signatory_name", "pdf_sha256"]


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    form = entry.ModelForm  # numbers and dates bounded as in the pages
    list_display = [
        "legal_name",
        "corporate_number",
        "state",
        "watchlisted",
        "sales_owner",
        "state_changed_at",
    ]
    list_filter = ["state", "watchlisted", "direction_fee_kind", "tax_rounding"]
    search_fields = ["legal_name", "legal_name_kana", "corporate_number"]
    list_select_related = ["sales_owner"]
    readonly_fields = [
        "state",
        "state_changed_at",
        "antisocial_check",
        "credit_check",
        "watchlisted",
        "watchlist_reason",
        "created_at",
        "updated_at",
    ]
    inlines = [ScreeningCheckInline, ClientContactInline, MasterAgreementInline]

    def save_model(self, request, obj, form, change):
        fields = {
            name: form.cleaned_data[name]
            for name in services.EDITABLE_FIELDS
            if name in form.cleaned_data and (not change or name in form.changed_data)
        }
        if change:
            saved = services.client_update(client=obj, by=request.user, **fields)
        else:
            saved = services.client_create(by=request.user, **fields)
        obj.pk = saved.pk
        obj.refresh_from_db()


@admin.register(ClientContact)
class ClientContactAdmin(admin.ModelAdmin):
    list_display = ["name", "client", "email", "department"]
    search_fields = ["name", "email", "client__legal_name"]
    list_select_related = ["client"]
    readonly_fields = ["user", "client", "invited_by", "created_at"]

    def has_add_permission(self, request):
        return False  # invitations create the login: use the company page


class ViewOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ScreeningCheck)
class ScreeningCheckAdmin(ViewOnlyAdmin):
    list_display = ["client", "kind", "result", "checked_by", "checked_at"]
    list_filter = ["kind", "result"]
    list_select_related = ["client", "checked_by"]


@admin.register(MasterAgreement)
class MasterAgreementAdmin(ViewOnlyAdmin):
    """Signed agreements are records: never edited or deleted here."""

    list_display = ["client_name", "version", "signed_on", "pdf_sha256"]
    search_fields = ["client_name"]


@admin.register(MasterAgreementAcceptance)
class MasterAgreementAcceptanceAdmin(admin.ModelAdmin):
    """Written only by a contact's click in the portal."""

    list_display = ["agreement", "contact_name", "accepted_at", "ip_address"]
    list_select_related = ["agreement"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
