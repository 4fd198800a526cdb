"""Every change to a client, its contacts, checks and agreements.

Each service takes keyword-only arguments and ``by`` (the acting user), checks
the permission, runs in one transaction with the client row locked, and writes
an audit row (``enterprise.audit.log_action``). Mail and PDFs go to Celery once
the transaction has committed.
"""

import contextlib

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django_fsm import can_proceed
from guardian.shortcuts import assign_perm, remove_perm

from enterprise.accounts.invitations import send_set_password_mail
from enterprise.audit import log_action
from enterprise.fsm import apply_transition
from enterprise.roles import CLIENT

from . import numbers
from .models import (
    CheckResult,
    Client,
    ClientContact,
    MasterAgreement,
    MasterAgreementAcceptance,
    ScreeningCheck,
)

# The fields a person edits on a client (state and checks move by services).
EDITABLE_FIELDS = (
    "legal_name",
    "legal_name_kana",
    "corporate_number",
    "registration_number",
    "postal_code",
    "address",
    "billing_contact_name",
    "billing_contact_email",
    "billing_contact_department",
    "closing_day",
    "payment_month_offset",
    "payment_day",
    "holiday_rule",
    "invoice_detail",
    "direction_fee_kind",
    "direction_fee_rate",
    "direction_fee_amount",
    "tax_rounding",
    "sales_owner",
)
_NORMALISERS = {
    "corporate_number": numbers.clean_corporate_number,
    "registration_number": numbers.clean_registration_number,
    "postal_code": numbers.clean_postal_code,
    "legal_name_kana": numbers.clean_kana,
}


class ClientCannotOrder(ValidationError):
    """The client may not receive a new engagement or quote (not active)."""


def ensure_client_can_order(client: Client) -> None:
    """Raise ClientCannotOrder unless ``client`` is active.

    A suspended client keeps its history and its open work can be finished;
    only new engagements are refused. Callers lock the client row themselves
    when they need the answer to hold until their commit.
    """
    if client.state == Client.State.ACTIVE:
        return
    messages = {
        Client.State.SUSPENDED: _(
            "%(client)s is suspended, so no new engagement can be accepted."
        ),
        Client.State.DECLINED: _(
            "Business with %(client)s was declined, so no new engagement can be "
            "accepted."
        ),
    }
    default = _(
        "%(client)s has not finished screening, so no new engagement can be accepted."
    )
    raise ClientCannotOrder(
        messages.get(client.state, default) % {"client": client.legal_name},
        code=f"client_{client.state}",
    )


def _require(by, perm: str) -> None:
    if by is None or not by.has_perm(perm):
        raise PermissionDenied


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Please give a reason.")})
    return reason


def _lock(client: Client) -> Client:
    return Client.objects.select_for_update().get(pk=client.pk)


def _normalised(fields: dict) -> dict:
    """Canonical forms of what was typed; bad values stay for full_clean to
    report next to their field."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    out = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    for name, clean in _NORMALISERS.items():
        if out.get(name):
            with contextlib.suppress(ValidationError):
                out[name] = clean(out[name])
    return out


@transaction.atomic
def client_create(*, by, **fields) -> Client:
    """Register a company as a lead.

    Inputs are normalised (full-width digits, dashes, kana) before validation.
    Raises PermissionDenied without ``clients.add_client`` and ValidationError
    (by field) for bad or duplicate data, e.g. a 法人番号 already registered.
    """
    _require(by, "clients.add_client")
    fields = _normalised(fields)
    fields.setdefault("sales_owner", by)
    client = Client(**fields)
    # The protected state field cannot be re-assigned by clean_fields.
    client.full_clean(exclude=["state"])
    client.save()
    log_action(
        target=client,
        action="clients.client.created",
        by=by,
        to_state=client.state,
    )
    return client


@transaction.atomic
def client_update(*, client: Client, by, **fields) -> Client:
    """Change a client's details and terms; logs which fields changed.

    New terms apply to what is billed from now on; issued documents keep
    their own copies. Raises PermissionDenied or ValidationError.
    """
    _require(by, "clients.change_client")
    client = _lock(client)
    fields = _normalised(fields)
    changed = {}
    for name, value in fields.items():
        old = getattr(client, name)
        if old != value:
            changed[name] = [str(old or ""), str(value or "")]
            setattr(client, name, value)
    if not changed:
        return client
    # The protected state field cannot be re-assigned by clean_fields.
    client.full_clean(exclude=["state"])
    client.save(update_fields=[*fields, "updated_at"])
    log_action(
        target=client,
        action="clients.client.updated",
        by=by,
        data={"changed": changed},
    )
    return client


def _move(
    client: Client, name: str, *, by, reason: str = "", require_reason=False
) -> Client:
    """Run one onboarding transition on the locked row and log it."""
    _require(by, "clients.onboard_client")
    if require_reason:
        reason = _require_reason(reason)
    with transaction.atomic():
        client = _lock(client)
        method = getattr(client, name)
        if can_proceed(method, check_conditions=False) and not can_proceed(method):
            raise ValidationError(
                _(
                    "Both the antisocial-forces check and the credit check "
                    "must pass first."
                ),
                code="checks",
            )
        apply_transition(
            client,
            name,
            by=by,
            action=f"clients.client.{name}",
            reason=(reason or "").strip(),
            update_fields=("state_changed_at", "updated_at"),
        )
    return client


def client_start_screening(*, client: Client, by, reason: str = "") -> Client:
    """lead → screening. Raises PermissionDenied or ValidationError (state)."""
    return _move(client, "start_screening", by=by, reason=reason)


def client_activate(*, client: Client, by, reason: str = "") -> Client:
    """screening → active; refused unless both checks have passed."""
    return _move(client, "activate", by=by, reason=reason)


def client_decline(*, client: Client, by, reason: str) -> Client:
    """screening → declined, with a reason (kept in the timeline)."""
    return _move(client, "decline", by=by, reason=reason, require_reason=True)


def client_suspend(*, client: Client, by, reason: str) -> Client:
    """active → suspended: no new engagements; open work can be finished."""
    return _move(client, "suspend", by=by, reason=reason, require_reason=True)


def client_reactivate(*, client: Client, by, reason: str) -> Client:
    """suspended → active; the checks must still be passed."""
    return _move(client, "reactivate", by=by, reason=reason, require_reason=True)


TRANSITIONS = {
    "start_screening": client_start_screening,
    "activate": client_activate,
    "decline": client_decline,
    "suspend": client_suspend,
    "reactivate": client_reactivate,
}
REASON_REQUIRED = {"decline", "suspend", "reactivate"}


@transaction.atomic
def client_record_check(
    *, client: Client, kind: str, result: str, note: str = "", by
) -> ScreeningCheck:
    """Record an antisocial-forces (反社) or credit check and its result.

    Allowed while screening and afterwards (checks are repeated); a failed
    check needs a note. Raises PermissionDenied or ValidationError.
    """
    _require(by, "clients.onboard_client")
    client = _lock(client)
    if client.state in (Client.State.LEAD, Client.State.DECLINED):
        raise ValidationError(
            _("This cannot be done while the client is “%(state)s”.")
            % {"state": client.get_state_display()},
            code="state",
        )
    note = (note or "").strip()
    if result == CheckResult.FAILED and not note:
        raise ValidationError({"note": _("Please note why the check failed.")})
    check = ScreeningCheck(
        client=client, kind=kind, result=result, note=note, checked_by=by
    )
    check.full_clean()
    check.save()
    field = f"{kind}_check"
    setattr(client, field, result)
    client.save(update_fields=[field, "updated_at"])
    log_action(
        target=client,
        action="clients.client.check_recorded",
        by=by,
        reason=note,
        data={"kind": kind, "result": result, "check_id": check.pk},
    )
    return check


@transaction.atomic
def client_watchlist(*, client: Client, flag: bool, reason: str, by) -> Client:
    """Put a client on the watchlist (or take it off), with a reason.

    A watchlisted client's new engagements need a compliance approval (the
    engagements app reads ``client.watchlisted``).
    """
    _require(by, "clients.watchlist_client")
    reason = _require_reason(reason)
    client = _lock(client)
    client.watchlisted = bool(flag)
    client.watchlist_reason = reason if flag else ""
    client.save(update_fields=["watchlisted", "watchlist_reason", "updated_at"])
    log_action(
        target=client,
        action="clients.client.watchlisted" if flag else "clients.client.unwatchlisted",
        by=by,
        reason=reason,
    )
    return client


def _refuse_declined(client: Client) -> None:
    if client.state == Client.State.DECLINED:
        raise ValidationError(
            _("This cannot be done while the client is “%(state)s”.")
            % {"state": client.get_state_display()},
            code="state",
        )


@transaction.atomic
def contact_link(
    *, client: Client, user, name: str, email: str, department: str = "", by
) -> ClientContact:
    """Make an existing login a contact of ``client``: the ``client`` role and
    the object permission to see this company (and no other)."""
    _require(by, "clients.add_clientcontact")
    client = _lock(client)
    _refuse_declined(client)
    if ClientContact.objects.filter(user=user).exists():
        raise ValidationError(
            {"email": _("This person is already a contact of a client.")}
        )
    contact = ClientContact(
        user=user,
        client=client,
        name=name.strip(),
        email=email,
        department=(department or "").strip(),
        invited_by=by,
    )
    contact.full_clean()
    contact.save()
    user.groups.add(Group.objects.get(name=CLIENT))
    assign_perm("clients.view_client", user, client)
    log_action(
        target=client,
        action="clients.contact.added",
        by=by,
        data={"contact_id": contact.pk, "email": email},
    )
    return contact


def contact_invite(
    *, client: Client, email: str, name: str, department: str = "", by
) -> ClientContact:
    """Create a portal login for a person at ``client`` and mail them a
    set-password link (valid for PASSWORD_RESET_TIMEOUT, once).

    Raises PermissionDenied, or ValidationError when the address already
    has a login or the client was declined.
    """
    from .tasks import send_contact_invitation

    email = (email or "").strip().lower()
    validate_email(email)
    User = get_user_model()
    with transaction.atomic():
        _require(by, "clients.add_clientcontact")
        if User.objects.filter(username__iexact=email).exists() or (
            User.objects.filter(email__iexact=email).exists()
        ):
            raise ValidationError(
                {"email": _("This e-mail address already has a login.")}
            )
        user = User.objects.create_user(
            username=email, email=email, password=None, last_name=name.strip()
        )
        contact = contact_link(
            client=client,
            user=user,
            name=name,
            email=email,
            department=department,
            by=by,
        )
        send_contact_invitation.delay_on_commit(contact.pk)
    return contact


def contact_send_invitation(*, contact_id: int) -> bool:
    """Mail the contact a link to set their password (called by the task).

    The link is Django's password-reset token: it expires after
    PASSWORD_RESET_TIMEOUT and stops working once a password is set. Does
    nothing (returns False) for a contact who already set one or was closed.
    """
    contact = ClientContact.objects.select_related("user", "client").get(pk=contact_id)
    return send_set_password_mail(
        user=contact.user,
        template="clients/email/invitation.txt",
        context={"contact": contact},
    )


@transaction.atomic
def contact_deactivate(*, contact: ClientContact, reason: str, by) -> ClientContact:
    """Close a contact's login: no sign-in, no permission on the company.

    The contact row stays, so what they accepted keeps its author.
    """
    _require(by, "clients.change_clientcontact")
    reason = _require_reason(reason)
    contact = (
        ClientContact.objects.select_for_update()
        .select_related("user", "client")
        .get(pk=contact.pk)
    )
    user = contact.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    remove_perm("clients.view_client", user, contact.client)
    log_action(
        target=contact.client,
        action="clients.contact.deactivated",
        by=by,
        reason=reason,
        data={"contact_id": contact.pk, "email": contact.email},
    )
    return contact


@transaction.atomic
def master_agreement_create(
    *,
    client: Client,
    signed_on,
    counter_signatory_name: str,
    counter_signatory_title: str,
    operator_signatory_name: str,
    operator_signatory_title: str,
    terms: str,
    by,
) -> MasterAgreement:
    """Record a signed master agreement as the client's next version and
    render its PDF after commit. The parties are copied onto it as signed."""
    from .documents import operator_details
    from .tasks import render_master_agreement

    _require(by, "clients.add_masteragreement")
    client = _lock(client)
    _refuse_declined(client)
    last = client.agreements.aggregate(v=Max("version"))["v"] or 0
    operator = operator_details()
    agreement = MasterAgreement(
        client=client,
        version=last + 1,
        signed_on=signed_on,
        counter_signatory_name=counter_signatory_name.strip(),
        counter_signatory_title=counter_signatory_title.strip(),
        operator_signatory_name=operator_signatory_name.strip(),
        operator_signatory_title=operator_signatory_title.strip(),
        terms=terms.strip(),
        client_name=client.legal_name,
        client_address=f"〒{client.postal_code} {client.address}",
        operator_name=operator["name"],
        operator_address=operator["address"],
        created_by=by,
    )
    agreement.full_clean()
    agreement.save()
    log_action(
        target=client,
        action="clients.agreement.created",
        by=by,
        data={"agreement_id": agreement.pk, "version": agreement.version},
    )
    render_master_agreement.delay_on_commit(agreement.pk)
    return agreement


def master_agreement_store_pdf(*, agreement_id: int) -> str:
    """Render and store an agreement's PDF once; returns its SHA-256.

    Rendering is slow, so it happens before the row is locked; the lock then
    makes sure only the first of two concurrent runs stores its file.
    """
    from enterprise.pdf import store_document

    from .documents import master_agreement_pdf

    agreement = MasterAgreement.objects.select_related("client").get(pk=agreement_id)
    if agreement.is_rendered:
        return agreement.pdf_sha256
    content = master_agreement_pdf(agreement)
    with transaction.atomic():
        agreement = MasterAgreement.objects.select_for_update().get(pk=agreement_id)
        if agreement.is_rendered:
            return agreement.pdf_sha256
        filename = f"master-agreement-{agreement.client_id}-v{agreement.version}.pdf"
        return store_document(agreement, "pdf", filename, content)


@transaction.atomic
def master_agreement_accept(
    *, agreement: MasterAgreement, by, ip_address=None, user_agent: str = ""
) -> MasterAgreementAcceptance:
    """A contact of the agreement's client accepts it in the portal (once;
    again returns the first acceptance). Only a rendered agreement, whose PDF
    the contact can read first, is accepted."""
    import hashlib

    contact = ClientContact.objects.filter(
        user_id=by.pk, client_id=agreement.client_id, user__is_active=True
    ).first()
    if contact is None:
        raise PermissionDenied
    agreement = MasterAgreement.objects.select_for_update().get(pk=agreement.pk)
    if not agreement.is_rendered:
        raise ValidationError(_("The agreement's PDF is still being prepared."))
    acceptance, created = MasterAgreementAcceptance.objects.get_or_create(
        agreement=agreement,
        contact=contact,
        defaults={
            "contact_name": contact.name,
            "terms_sha256": hashlib.sha256(agreement.terms.encode()).hexdigest(),
            "ip_address": ip_address or None,
            "user_agent": (user_agent or "")[:300],
        },
    )
    if created:
        log_action(
            target=agreement.client,
            action="clients.agreement.accepted",
            by=by,
            data={
                "agreement_id": agreement.pk,
                "version": agreement.version,
                "sha256": acceptance.terms_sha256,
            },
        )
    return acceptance
