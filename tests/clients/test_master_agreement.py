"""Master agreements: numbered versions, a PDF rendered once after commit,
stored with its SHA-256, in Japanese, never changed afterwards."""

import datetime
import hashlib
import shutil
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from clients import services
from clients.documents import default_terms
from clients.models import MasterAgreement
from clients.tasks import render_master_agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def sign(sales, active_client, django_capture_on_commit_callbacks):
    def run(by=None, execute=True):
        with django_capture_on_commit_callbacks(execute=execute):
            return services.master_agreement_create(
                client=active_client,
                signed_on=datetime.date(2026, 4, 1),
                counter_signatory_name="山本 大輔",
                counter_signatory_title="代表取締役",
                operator_signatory_name="佐藤 健太",
                operator_signatory_title="営業部長",
                terms=default_terms(),
                by=by or sales,
            )

    return run


def pdf_text(path):
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: install poppler-utils")
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_pdf_is_rendered_after_commit_with_its_sha256(sign, active_client):
    agreement = sign()
    agreement.refresh_from_db()
    content = agreement.pdf.read()
    assert content.startswith(b"%PDF")
    assert agreement.pdf_sha256 == hashlib.sha256(content).hexdigest()
    text = pdf_text(agreement.pdf.path).replace(" ", "")
    assert "基本契約書" in text
    assert active_client.legal_name in text
    assert "株式会社モトウケ" in text
    assert "2026年4月1日" in text
    assert "第9条（反社会的勢力の排除）" in text


def test_pdf_embeds_a_japanese_font(sign):
    agreement = sign()
    agreement.refresh_from_db()
    fonts = subprocess.run(
        ["pdffonts", agreement.pdf.path], capture_output=True, text=True, check=True
    ).stdout
    assert any(
        ("CJK" in line or "IPAex" in line) and " yes " in line
        for line in fonts.splitlines()
    ), fonts


def test_nothing_is_rendered_before_commit(sign):
    agreement = sign(execute=False)
    agreement.refresh_from_db()
    assert not agreement.pdf
    assert agreement.pdf_sha256 == ""


def test_rendering_twice_changes_nothing(sign):
    agreement = sign()
    agreement.refresh_from_db()
    first = (agreement.pdf.name, agreement.pdf_sha256)
    render_master_agreement.delay(agreement.pk)
    agreement.refresh_from_db()
    assert (agreement.pdf.name, agreement.pdf_sha256) == first


def test_versions_count_up_and_keep_the_parties_as_signed(sign, sales, active_client):
    first = sign()
    services.client_update(client=active_client, by=sales, legal_name="株式会社新社名")
    second = sign()
    first.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert first.client_name != "株式会社新社名"
    assert second.client_name == "株式会社新社名"


def test_a_rendered_agreement_cannot_be_deleted(sign):
    agreement = sign()
    agreement.refresh_from_db()
    with pytest.raises(ValidationError):
        agreement.delete()
    assert MasterAgreement.objects.filter(pk=agreement.pk).exists()


def test_only_sales_records_agreements(sign, make_user):
    with pytest.raises(PermissionDenied):
        sign(by=make_user(roles=["finance"]))
