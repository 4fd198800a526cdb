"""API keys: made once, shown once, kept only as a SHA-256 digest.

A key reads ``mtk_<prefix>_<secret>``: ``prefix`` (8 characters) is stored in
clear so a person can tell their keys apart and revoke one by it; ``secret``
(32 random bytes) never leaves the response that created it. A random key of
that length needs no slow hash: SHA-256 of the whole key is the lookup.
"""

import datetime
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprise.audit import log_action

from .models import ApiKey

KEY_PREFIX = "mtk"


def key_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _new_raw_key() -> tuple[str, str]:
    prefix = secrets.token_hex(4)
    return prefix, f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"


def may_manage_keys_of(by, user) -> bool:
    """A person makes keys for themselves; staff (superusers) for anyone,
    e.g. a client company's integration user. ``by`` None is an operator at
    the command line (``api_key``)."""
    return by is None or by.pk == user.pk or by.is_superuser


@transaction.atomic
def api_key_create(
    *,
    user,
    by,
    name: str,
    scope: str = ApiKey.Scope.READ,
    expires_on: datetime.date | None = None,
) -> tuple[ApiKey, str]:
    """Make a key for ``user``; returns the row and the raw key (shown once).

    The key stops working at the start of ``expires_on`` (Asia/Tokyo).
    Raises PermissionDenied (someone else's key, not staff) or
    ValidationError (no name, unknown scope, expiry not in the future).
    """
    if not may_manage_keys_of(by, user):
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the key a name."))
    if scope not in ApiKey.Scope.values:
        raise ValidationError(_("Unknown scope."))
    expires_at = None
    if expires_on is not None:
        if expires_on <= timezone.localdate():
            raise ValidationError(_("The expiry date must be in the future."))
        expires_at = timezone.make_aware(
            datetime.datetime.combine(expires_on, datetime.time.min)
        )
    prefix, raw = _new_raw_key()
    key = ApiKey.objects.create(
        user=user,
        name=name[:100],
        prefix=prefix,
        key_hash=key_digest(raw),
        scope=scope,
        expires_at=expires_at,
        created_by=by,
    )
    log_action(
        target=key,
        action="api.key.created",
        by=by,
        data={"name": key.name, "scope": scope, "user": user.username},
    )
    return key, raw


@transaction.atomic
def api_key_revoke(*, key: ApiKey, by) -> ApiKey:
    """Revoke a key at once; revoking twice changes nothing."""
    key = ApiKey.objects.select_for_update().get(pk=key.pk)
    if by is not None and not may_manage_keys_of(by, key.user):
        raise PermissionDenied
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        log_action(target=key, action="api.key.revoked", by=by, data={"name": key.name})
    return key


def key_for_raw(raw: str) -> ApiKey | None:
    """The usable key whose digest matches ``raw``, or None."""
    key = ApiKey.objects.select_related("user").filter(key_hash=key_digest(raw)).first()
    if key is None or not key.is_usable() or not key.user.is_active:
        return None
    return key


def keys_for_user(user):
    return ApiKey.objects.filter(user=user).order_by("-created_at", "-id")
