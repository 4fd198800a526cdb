"""REQUIRE_MFA: staff are sent to enrol a second factor before any page;
after enrolling TOTP a code from the secret logs in, a recovery code works
once; workers are not forced but may enrol."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.cache import cache

from .conftest import log_in

pytestmark = pytest.mark.django_db

ENROL = "/accounts/2fa/"


def totp_code(secret: str, at: float | None = None) -> str:
    """RFC 6238 with allauth's HOTP helper: 30-second steps, six digits."""
    return format_hotp_value(hotp_value(secret, int(at or time.time()) // 30))


@pytest.fixture
def require_mfa(settings):
    settings.REQUIRE_MFA = True


def enrol_totp(client) -> str:
    """Activate an authenticator app as the logged-in person; its secret."""
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    done = client.post(
        "/accounts/2fa/totp/activate/", {"code": totp_code(secret)}, follow=True
    )
    assert done.status_code == 200
    return secret


@pytest.mark.parametrize(
    ("roles", "flags", "landing"),
    [
        (["sales"], {}, "/clients/sales/"),
        (["director"], {}, "/directors/"),
        (["finance"], {}, "/invoicing/"),
        ([], {"is_superuser": True, "is_staff": True}, "/"),
    ],
)
def test_staff_are_sent_to_enrol_then_log_in_with_a_code(
    client, person, require_mfa, roles, flags, landing
):
    user = person("staff1", roles=roles, **flags)
    response = log_in(client, "staff1")
    assert response.redirect_chain[-1][0] == ENROL
    page = response.content.decode()
    assert "多要素認証" in page
    assert client.get(landing).url == ENROL
    secret = enrol_totp(client)
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    assert client.get(landing).status_code == 200
    client.logout()
    cache.clear()  # the enrolment's code may not be used again: a fresh one

    challenge = log_in(client, "staff1")
    assert challenge.redirect_chain[-1][0] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert "_auth_user_id" not in client.session
    assert wrong.status_code == 200
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(landing).status_code == 200


def test_the_enrol_page_shows_the_qr_code_as_a_data_uri(client, person, require_mfa):
    person("staff1", roles=["finance"])
    log_in(client, "staff1")
    page = client.get("/accounts/2fa/totp/activate/").content.decode()
    assert 'src="data:image/svg+xml;base64,' in page
    assert "<script>" not in page


def test_a_recovery_code_works_once(client, person, require_mfa):
    user = person("staff1", roles=["finance"])
    log_in(client, "staff1")
    enrol_totp(client)
    code = RecoveryCodes(
        Authenticator.objects.get(user=user, type="recovery_codes")
    ).get_unused_codes()[0]
    client.logout()

    log_in(client, "staff1")
    client.post("/accounts/2fa/authenticate/", {"code": code})
    assert client.session["_auth_user_id"] == str(user.pk)
    client.logout()

    log_in(client, "staff1")
    again = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert "_auth_user_id" not in client.session
    assert again.status_code == 200


def test_a_worker_is_not_forced(client, person, require_mfa):
    person("w1", roles=["worker"])
    assert log_in(client, "w1").redirect_chain[-1][0] == "/workers/"


def test_a_worker_who_enrols_is_asked_at_login(client, person, require_mfa):
    user = person("w1", roles=["worker"])
    log_in(client, "w1")
    secret = enrol_totp(client)
    client.logout()
    cache.clear()
    assert log_in(client, "w1").redirect_chain[-1][0] == "/accounts/2fa/authenticate/"
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert client.session["_auth_user_id"] == str(user.pk)


def test_off_by_default_in_tests_staff_go_straight_in(client, person):
    person("staff1", roles=["sales"])
    assert log_in(client, "staff1").redirect_chain[-1][0] == "/clients/sales/"


def test_logout_and_static_stay_open_while_enrolment_is_due(
    client, person, require_mfa
):
    person("staff1", roles=["sales"])
    log_in(client, "staff1")
    assert client.get("/static/css/app.css").status_code == 200
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_security_key_page_is_japanese_and_runs_only_static_scripts(client, person):
    person("w1", roles=["worker"])
    log_in(client, "w1")
    page = client.get("/accounts/2fa/webauthn/add/").content.decode()
    assert "セキュリティキーを追加" in page
    assert "キーの名前" in page
    assert "/static/mfa/js/webauthn.js" in page
    # Only external scripts and JSON data blocks (a CSP allows script-src 'self').
    for tag in re.findall(r"<script[^>]*>", page):
        assert "src=" in tag or 'type="application/json"' in tag, tag
