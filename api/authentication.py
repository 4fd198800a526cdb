"""``Authorization: Bearer <key>``: the API's only way in."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from .keys import key_for_raw
from .models import ApiKey


class ApiKeyAuthentication(BaseAuthentication):
    """A usable key authenticates its user; ``request.auth`` is the key.

    A missing header is anonymous (the permission then answers 401); a
    malformed, unknown, revoked or expired key is refused with 401.
    """

    keyword = "Bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Malformed Authorization header."))
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(
                _("Malformed Authorization header.")
            ) from None
        key = key_for_raw(raw)
        if key is None:
            raise exceptions.AuthenticationFailed(
                _("The API key is unknown, revoked or expired.")
            )
        now = timezone.now()
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
        return key.user, key

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "API key"}
