"""api_key create USERNAME --name NAME [--scope read|write] [--expires YYYY-MM-DD]
api_key list [USERNAME]
api_key revoke ID|PREFIX"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from api import keys
from api.models import ApiKey


class Command(BaseCommand):
    help = "Create, list or revoke API keys. A new key is printed once."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="make a key for USERNAME")
        create.add_argument("username")
        create.add_argument("--name", required=True)
        create.add_argument("--scope", choices=ApiKey.Scope.values, default="read")
        create.add_argument("--expires", help="YYYY-MM-DD: the key stops that day")
        listing = sub.add_parser("list", help="list keys (of USERNAME)")
        listing.add_argument("username", nargs="?")
        revoke = sub.add_parser("revoke", help="revoke a key by id or prefix")
        revoke.add_argument("key")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _create(self, *, username, name, scope, expires, **_):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        expires_on = None
        if expires:
            try:
                expires_on = datetime.date.fromisoformat(expires)
            except ValueError:
                raise CommandError("--expires must be YYYY-MM-DD.") from None
        try:
            key, raw = keys.api_key_create(
                user=user, by=None, name=name, scope=scope, expires_on=expires_on
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stderr.write(
            f"Created key {key.pk} ({key.prefix}, {scope}) for {username}; "
            "it is shown once:"
        )
        self.stdout.write(raw)

    def _list(self, *, username=None, **_):
        rows = ApiKey.objects.select_related("user").order_by("id")
        if username:
            rows = rows.filter(user__username=username)
        for key in rows:
            state = (
                "revoked"
                if key.revoked_at
                else ("active" if key.is_usable() else "expired")
            )
            expires = (
                timezone.localtime(key.expires_at).date().isoformat()
                if key.expires_at
                else "-"
            )
            self.stdout.write(
                f"{key.pk}\t{key.prefix}\t{key.user.username}\t{key.scope}\t"
                f"{state}\t{expires}\t{key.name}"
            )

    def _revoke(self, *, key, **_):
        match = Q(prefix=key)
        if key.isdigit():
            match |= Q(pk=int(key))
        found = list(ApiKey.objects.filter(match)[:2])
        if len(found) != 1:
            raise CommandError(f"No single key {key!r}.")
        keys.api_key_revoke(key=found[0], by=None)
        self.stdout.write(f"Revoked key {found[0].pk} ({found[0].prefix}).")
