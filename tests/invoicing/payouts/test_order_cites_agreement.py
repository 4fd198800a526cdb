"""Each worker order (発注書) names the basic agreement version the worker
accepted and says where the rights in the deliverable go (issue #16)."""

import re
import subprocess

import pytest

from invoicing.models import WorkerOrder
from workers.documents import publish_default_agreements
from workers.services.onboarding import agreement_accept

from .factories import assigned_subtask

pytestmark = pytest.mark.django_db


def _pdf_text(order) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", order.pdf.path, "-"], capture_output=True, check=True
    ).stdout.decode()
    return re.sub(r"\s+", "", out)


def test_the_order_names_the_accepted_basic_agreement_version(
    operator, director, yamada, django_capture_on_commit_callbacks
):
    for version in publish_default_agreements():
        agreement_accept(user=yamada, agreement=version)
    with django_capture_on_commit_callbacks(execute=True):
        subtask = assigned_subtask(director=director, worker=yamada)
    text = _pdf_text(WorkerOrder.objects.get(subtask=subtask))
    assert "業務委託基本契約（第1版）" in text
    assert "著作権法第27条及び第28条" in text
    assert "委託者に移転" in text
    assert "著作者人格権を行使しません" in text
