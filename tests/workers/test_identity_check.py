"""本人確認: the uploaded file is seen only by its worker and compliance (each
view audited), compliance approves or refuses with a reason, and the
retention run deletes the file but keeps the fact and date of the check."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from enterprise.accounts.models import SignupPolicy
from enterprise.models import AuditLog
from tests.once import once
from workers.models import IdentityCheck
from workers.services.onboarding import identity_documents_purge

from .factories import WorkerProfileFactory

pytestmark = pytest.mark.django_db


def scan(name="licence.png", body=b"\x89PNG\r\n\x1a\nfake"):
    return SimpleUploadedFile(name, body, content_type="image/png")


@pytest.fixture
def worker():
    return WorkerProfileFactory(legal_name="鈴木 一郎").user


@pytest.fixture
def officer(make_user):
    return make_user("compliance-1", roles=["compliance"])


@pytest.fixture
def check(client, worker):
    client.force_login(worker)
    response = client.post(
        reverse("workers:identity"),
        once(document_kind="driving_licence", document=scan()),
    )
    assert response.status_code == 302
    client.logout()
    return IdentityCheck.objects.get(user=worker)


def test_the_file_is_404_to_everyone_but_the_worker_and_compliance(
    client, worker, officer, check, make_user
):
    url = reverse("workers:identity_file", args=[check.pk])
    client.force_login(worker)
    assert b"".join(client.get(url).streaming_content).startswith(b"\x89PNG")
    client.force_login(officer)
    assert client.get(url).status_code == 200
    for username, roles in [
        ("other-worker", ["worker"]),
        ("director-1", ["director"]),
        ("finance-1", ["finance"]),
    ]:
        someone = make_user(username, roles=roles)
        WorkerProfileFactory(user=someone) if roles == ["worker"] else None
        client.force_login(someone)
        assert client.get(url).status_code in (403, 404), username
        if roles == ["worker"]:
            assert client.get(url).status_code == 404
    viewed = AuditLog.objects.filter(action="workers.identity.viewed")
    assert viewed.count() == 2
    assert {row.actor_id for row in viewed} == {worker.pk, officer.pk}


def test_compliance_refuses_with_a_reason_then_approves_a_new_upload(
    client, worker, officer, check
):
    client.force_login(officer)
    review = reverse("workers:identity_review", args=[check.pk])
    page = client.post(review, {"decision": "refuse", "reason": ""})
    assert "理由を入力してください" in page.content.decode()
    client.post(review, {"decision": "refuse", "reason": "有効期限が切れています"})
    check.refresh_from_db()
    assert check.state == IdentityCheck.State.REFUSED
    assert check.reason == "有効期限が切れています"
    client.force_login(worker)
    assert (
        "有効期限が切れています"
        in client.get(reverse("workers:identity")).content.decode()
    )
    client.post(
        reverse("workers:identity"), once(document_kind="passport", document=scan())
    )
    second = IdentityCheck.objects.get(user=worker, state="submitted")
    client.force_login(officer)
    client.post(
        reverse("workers:identity_review", args=[second.pk]), {"decision": "approve"}
    )
    second.refresh_from_db()
    assert second.state == IdentityCheck.State.APPROVED
    assert second.decided_by == officer


def test_a_worker_cannot_review_their_own_or_see_the_queue(client, worker, check):
    client.force_login(worker)
    assert client.get(reverse("workers:identity_queue")).status_code == 403
    response = client.post(
        reverse("workers:identity_review", args=[check.pk]), {"decision": "approve"}
    )
    assert response.status_code == 403
    check.refresh_from_db()
    assert check.state == IdentityCheck.State.SUBMITTED


def test_a_file_that_is_not_an_image_or_pdf_is_refused(client, worker):
    client.force_login(worker)
    page = client.post(
        reverse("workers:identity"),
        once(document_kind="passport", document=scan("evil.html", b"<script>")),
    )
    assert page.status_code == 200
    assert "JPEG、PNG、PDF" in page.content.decode()
    assert not IdentityCheck.objects.exists()


def test_the_retention_run_deletes_the_file_and_keeps_the_fact(
    client, worker, officer, check
):
    client.force_login(officer)
    client.post(
        reverse("workers:identity_review", args=[check.pk]), {"decision": "approve"}
    )
    check.refresh_from_db()
    path = check.document.path
    policy = SignupPolicy.get()
    policy.identity_retention_days = 30
    policy.save()
    assert identity_documents_purge(now=timezone.now()) == 0
    later = timezone.now() + datetime.timedelta(days=31)
    assert identity_documents_purge(now=later) == 1
    check.refresh_from_db()
    assert not check.document
    assert check.document_deleted_at == later
    assert check.state == IdentityCheck.State.APPROVED
    assert check.decided_at is not None
    import os

    assert not os.path.exists(path)
    url = reverse("workers:identity_file", args=[check.pk])
    assert client.get(url).status_code == 404
    client.force_login(worker)
    assert client.get(url).status_code == 404
    assert identity_documents_purge(now=later) == 0


def test_criteria_can_require_an_approved_identity_check(
    client, worker, officer, check, writing
):
    from workers.criteria import evaluate_levels
    from workers.models import CertificationCriteria, CertificationLevel

    CertificationCriteria.objects.all().delete()
    CertificationCriteria.objects.create(
        level=CertificationLevel.objects.get(code="certified"),
        category=None,
        requires_identity_check=True,
    )
    (before,) = evaluate_levels(worker=worker, category=writing, as_of=timezone.now())
    assert not before.met
    assert [r.code for r in before.missing] == ["requires_identity_check"]
    client.force_login(officer)
    client.post(
        reverse("workers:identity_review", args=[check.pk]), {"decision": "approve"}
    )
    (after,) = evaluate_levels(worker=worker, category=writing, as_of=timezone.now())
    assert after.met
