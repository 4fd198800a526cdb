"""Keys: hashed, scoped, revocable, expiring; every call audited; the
management command prints a key once."""

import datetime
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client as HttpClient
from django.utils import timezone

from api import keys
from api.models import ApiKey
from enterprise.models import AuditLog

from .conftest import Api, order


def test_a_read_key_cannot_post(world):
    api = Api(world.contact_a, scope="read")
    answer = api.post("/api/v1/engagements/", {**order(), "category": "writing"})
    assert answer.status_code == 403
    assert answer["Content-Type"] == "application/problem+json"
    assert not world.client_a.engagements.exists()


def test_revoked_and_expired_keys_get_401(world):
    api = Api(world.contact_a)
    assert api.get("/api/v1/engagements/").status_code == 200
    keys.api_key_revoke(key=api.key, by=world.contact_a)
    assert api.get("/api/v1/engagements/").status_code == 401
    expired = Api(world.contact_a)
    ApiKey.objects.filter(pk=expired.key.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    answer = expired.get("/api/v1/engagements/")
    assert answer.status_code == 401
    assert answer["WWW-Authenticate"].startswith("Bearer")
    anonymous = HttpClient().get("/api/v1/engagements/")
    assert anonymous.status_code == 401


def test_only_the_digest_is_stored_and_calls_are_audited(world):
    api = Api(world.contact_a)
    stored = ApiKey.objects.get(pk=api.key.pk)
    assert api.raw not in (stored.key_hash, stored.prefix)
    assert stored.key_hash == keys.key_digest(api.raw)
    api.get("/api/v1/engagements/?state=draft")
    row = AuditLog.objects.filter(action="api.call").latest("id")
    assert row.actor == world.contact_a
    assert row.data == {
        "key": "client-a-write",
        "method": "GET",
        "path": "/api/v1/engagements/?state=draft",
        "status": 200,
    }
    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_command_creates_lists_and_revokes(world):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "api_key", "create", "client-a", "--name", "基幹システム",
        "--scope", "write", "--expires", "2099-01-01", stdout=out, stderr=err,
    )  # fmt: skip
    raw = out.getvalue().strip()
    assert raw.startswith("mtk_") and "\n" not in raw
    key = keys.key_for_raw(raw)
    assert key.user == world.contact_a and key.scope == "write"
    listing = io.StringIO()
    call_command("api_key", "list", stdout=listing)
    assert f"{key.prefix}\tclient-a\twrite\tactive\t2099-01-01\t基幹システム" in (
        listing.getvalue()
    )
    call_command("api_key", "revoke", key.prefix, stdout=io.StringIO())
    assert keys.key_for_raw(raw) is None
    with pytest.raises(CommandError):
        call_command("api_key", "create", "nobody", "--name", "x")


def test_key_page_shows_the_key_once(world):
    browser = HttpClient()
    browser.force_login(world.contact_a)
    page = browser.post(
        "/api/keys/", {"name": "会計連携", "scope": "read", "expires_on": ""}
    )
    assert page.status_code == 200
    key = ApiKey.objects.get(user=world.contact_a)
    text = page.content.decode()
    assert "一度しか表示されません" in text
    shown = re.search(rf"mtk_{key.prefix}_[A-Za-z0-9_-]{{40,}}", text).group(0)
    assert keys.key_for_raw(shown) == key
    again = browser.get("/api/keys/").content.decode()
    assert shown not in again
    assert f"mtk_{key.prefix}_…" in again
