"""The sign-up steps a self-registered worker is led through, their own data
(個人情報保護法) and the anonymisation of leavers on a schedule."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from enterprise.models import Skill
from tests.once import once
from workers import onboarding
from workers.documents import publish_default_agreements
from workers.models import AgreementAcceptance, BankAccount, WorkerProfile
from workers.models_onboarding import text_sha256
from workers.services.onboarding import agreement_accept, identity_approve
from workers.services.standing import leavers_anonymise, worker_leave

from .factories import BANK_ACCOUNT, WorkerProfileFactory

pytestmark = pytest.mark.django_db

PROFILE = {
    "kind": "individual",
    "legal_name": "西村 優",
    "legal_name_kana": "ニシムラ ユウ",
    "postal_code": "150-0002",
    "address": "東京都渋谷区渋谷2-1-1",
    "display_name": "にしむら",
    "registration_number": "",
    "capacity": "3",
    "availability": "available",
    "away_until": "",
}


def test_a_new_worker_is_led_step_by_step_until_offers_can_come(
    client, make_user, django_capture_on_commit_callbacks
):
    versions = publish_default_agreements()
    user = make_user("newcomer", roles=["worker"], self_registered=True)
    officer = make_user("compliance-1", roles=["compliance"])
    client.force_login(user)
    page = client.get(reverse("workers:dashboard")).content.decode()
    assert "登録手続きを続ける" in page
    steps = client.get(reverse("workers:signup")).content.decode()
    for label in ["プロフィール", "振込口座", "本人確認", "契約への同意"]:
        assert label in steps
    response = client.post(reverse("workers:profile_edit"), PROFILE)
    assert response["Location"] == reverse("workers:signup")
    profile = WorkerProfile.objects.get(user=user)
    assert profile.address == "東京都渋谷区渋谷2-1-1"
    client.post(
        reverse("workers:skills"),
        {"skill": Skill.objects.get(code="article").pk, "self_level": 3},
    )
    client.post(reverse("workers:bank_edit"), BANK_ACCOUNT)
    assert BankAccount.objects.filter(profile=profile).exists()
    client.post(
        reverse("workers:identity"),
        once(
            document_kind="passport",
            document=SimpleUploadedFile("p.pdf", b"%PDF-1.4", "application/pdf"),
        ),
    )
    with django_capture_on_commit_callbacks(execute=True):
        for version in versions:
            agreement_accept(user=user, agreement=version)
    assert onboarding.offer_blockers(user) == ["本人確認"]
    identity_approve(check=user.identity_checks.get(), by=officer)
    assert onboarding.offer_blockers(user) == []
    done = client.get(reverse("workers:signup")).content.decode()
    assert "依頼を受けられます" in done


def test_a_worker_downloads_their_data_as_json(client):
    profile = WorkerProfileFactory(legal_name="山田 花子", address="大阪市北区")
    (basic, *_rest) = publish_default_agreements()
    agreement_accept(user=profile.user, agreement=basic)
    client.force_login(profile.user)
    response = client.get(reverse("workers:my_data") + "?format=json")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["profile"]["legal_name"] == "山田 花子"
    assert data["profile"]["address"] == "大阪市北区"
    assert data["agreements"][0]["text_sha256"] == text_sha256(basic.text)


def test_an_acceptance_without_pdf_gets_it_on_first_view(
    client, django_capture_on_commit_callbacks
):
    profile = WorkerProfileFactory()
    (basic, *_rest) = publish_default_agreements()
    row = AgreementAcceptance.objects.create(
        user=profile.user, agreement=basic, kind="basic", version=1,
        text_sha256=text_sha256(basic.text),
    )  # fmt: skip
    client.force_login(profile.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("workers:agreement_pdf", args=[row.pk]))
    row.refresh_from_db()
    assert len(row.pdf_sha256) == 64
    assert response.status_code in (200, 302)


def test_a_leaver_is_anonymised_after_the_period_keeping_the_agreements(make_user):
    profile = WorkerProfileFactory(legal_name="退会 予定", address="京都市")
    BankAccount.objects.create(
        profile=profile, bank_code="0001", bank_name="みずほ", branch_code="001",
        branch_name="東京営業部", account_number="1234567", holder_name="タイカイ",
    )  # fmt: skip
    (basic, *_rest) = publish_default_agreements()
    agreement_accept(user=profile.user, agreement=basic)
    worker_leave(profile=profile, by=profile.user, reason="廃業のため")
    assert leavers_anonymise() == 0  # not yet: the operator's 30 days
    later = timezone.now() + datetime.timedelta(days=31)
    assert leavers_anonymise(now=later) == 1
    profile.refresh_from_db()
    profile.user.refresh_from_db()
    assert profile.legal_name == "退会済み" and profile.address == ""
    assert not profile.user.is_active and profile.user.email == ""
    assert not BankAccount.objects.filter(profile=profile).exists()
    assert AgreementAcceptance.objects.filter(user=profile.user).count() == 1
    assert leavers_anonymise(now=later) == 0


def test_a_worker_leaves_from_their_data_page(client):
    profile = WorkerProfileFactory()
    client.force_login(profile.user)
    page = client.get(reverse("workers:my_data")).content.decode()
    assert reverse("workers:leave") in page
    client.post(reverse("workers:leave"), {"reason": ""})
    profile.refresh_from_db()
    assert profile.status == WorkerProfile.Status.ACTIVE
    client.post(reverse("workers:leave"), {"reason": "廃業のため"})
    profile.refresh_from_db()
    assert profile.status == WorkerProfile.Status.LEFT
    assert profile.status_reason == "廃業のため"
    assert onboarding.offer_blockers(profile.user) == ["退会"]
