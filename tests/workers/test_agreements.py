"""Agreements as versioned documents: acceptance by click (version, text
hash, time, IP, browser), its PDF, render_pdf worker_agreement, and a new
version needing acceptance again."""

import hashlib
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.once import once
from workers import onboarding
from workers.documents import publish_default_agreements
from workers.models import AgreementAcceptance, AgreementVersion

from .factories import WorkerProfileFactory

pytestmark = pytest.mark.django_db

UA = "Mozilla/5.0 (テスト)"


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "a.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def accept(client, agreement):
    return client.post(
        reverse("workers:agreement_accept", args=[agreement.pk]),
        once(agree="yes"),
        HTTP_USER_AGENT=UA,
        REMOTE_ADDR="203.0.113.9",
    )


@pytest.fixture
def versions():
    return {a.kind: a for a in publish_default_agreements()}


@pytest.fixture
def worker():
    return WorkerProfileFactory(legal_name="山田 花子").user


def test_the_basic_agreement_transfers_rights_incl_27_28_and_moral_rights(versions):
    text = versions["basic"].text
    assert "著作権法第27条及び第28条" in text
    assert "著作者人格権を行使しない" in text


def test_acceptance_records_version_hash_time_ip_and_browser(
    client, worker, versions, django_capture_on_commit_callbacks, tmp_path
):
    client.force_login(worker)
    page = client.get(reverse("workers:agreements")).content.decode()
    assert "業務委託基本契約書" in page and "第6条（知的財産権の譲渡）" in page
    basic = versions["basic"]
    with django_capture_on_commit_callbacks(execute=True):
        accept(client, basic)
    row = AgreementAcceptance.objects.get(user=worker, agreement=basic)
    assert row.version == 1
    assert row.text_sha256 == hashlib.sha256(basic.text.encode()).hexdigest()
    assert row.ip_address == "203.0.113.9"
    assert row.user_agent == UA
    assert row.accepted_at is not None
    # The PDF was rendered after commit; it shows the accepted text and hash.
    response = client.get(reverse("workers:agreement_pdf", args=[row.pk]))
    assert response.status_code == 200
    text = pdf_text(b"".join(response.streaming_content), tmp_path)
    assert "業務委託基本契約書" in text
    assert "著作者人格権" in text
    assert "山田 花子" in text
    assert row.text_sha256[:20] in text.replace("\n", "")


def test_without_ticking_the_box_nothing_is_accepted(client, worker, versions):
    client.force_login(worker)
    client.post(
        reverse("workers:agreement_accept", args=[versions["basic"].pk]), once()
    )
    assert not AgreementAcceptance.objects.exists()


def test_another_workers_acceptance_pdf_is_404(
    client, worker, versions, django_capture_on_commit_callbacks
):
    client.force_login(worker)
    with django_capture_on_commit_callbacks(execute=True):
        accept(client, versions["basic"])
    row = AgreementAcceptance.objects.get()
    other = WorkerProfileFactory().user
    client.force_login(other)
    response = client.get(reverse("workers:agreement_pdf", args=[row.pk]))
    assert response.status_code == 404


def test_a_new_version_must_be_accepted_again_and_old_acceptances_stay(
    client, worker, versions, django_capture_on_commit_callbacks
):
    client.force_login(worker)
    with django_capture_on_commit_callbacks(execute=True):
        for agreement in versions.values():
            accept(client, agreement)
    assert onboarding.agreements_to_accept(worker) == []
    basic = versions["basic"]
    new_basic = AgreementVersion.objects.create(
        kind="basic", version=2, title=basic.title, text=basic.text + "\n\n附則\n改定"
    )
    assert onboarding.agreements_to_accept(worker) == [new_basic]
    assert onboarding.offer_blockers(worker) == ["契約への同意"]
    with django_capture_on_commit_callbacks(execute=True):
        accept(client, new_basic)
    assert onboarding.agreements_to_accept(worker) == []
    assert list(
        AgreementAcceptance.objects.filter(user=worker, kind="basic")
        .order_by("version")
        .values_list("version", flat=True)
    ) == [1, 2]


def test_render_pdf_lists_and_writes_worker_agreements(
    worker, versions, tmp_path, capsys
):
    from workers.services.onboarding import agreement_accept

    row = agreement_accept(user=worker, agreement=versions["basic"])
    call_command("render_pdf", "worker_agreement", "--list")
    listed = capsys.readouterr().out
    assert f"{row.pk}\t{worker.username}\tbasic\tv1" in listed
    assert row.text_sha256 in listed
    out = tmp_path / "out.pdf"
    call_command("render_pdf", "worker_agreement", str(row.pk), "-o", str(out))
    text = pdf_text(out.read_bytes(), tmp_path)
    assert "著作権法第27条及び第28条" in text.replace("\n", "")
