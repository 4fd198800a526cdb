"""The new list pages keep their query count whatever the number of rows."""

import pytest
from django.urls import reverse

from workers.documents import publish_default_agreements
from workers.models import AgreementAcceptance, IdentityCheck
from workers.models_onboarding import text_sha256

from .factories import WorkerProfileFactory

pytestmark = pytest.mark.django_db


def add_checks(count):
    for _n in range(count):
        profile = WorkerProfileFactory()
        IdentityCheck.objects.create(
            user=profile.user, document_kind="passport", original_name="p.pdf"
        )


@pytest.mark.parametrize("rows", [2, 20])
def test_identity_queue_queries_are_constant(
    client, make_user, rows, django_assert_max_num_queries
):
    add_checks(rows)
    client.force_login(make_user("compliance-1", roles=["compliance"]))
    with django_assert_max_num_queries(15):
        page = client.get(reverse("workers:identity_queue"))
    assert page.content.decode().count("workers/identity/") >= rows


@pytest.mark.parametrize("versions", [1, 6])
def test_agreements_page_queries_are_constant(
    client, versions, django_assert_max_num_queries
):
    profile = WorkerProfileFactory()
    for n in range(1, versions + 1):
        for agreement in publish_default_agreements(version=n):
            AgreementAcceptance.objects.get_or_create(
                user=profile.user, agreement=agreement, kind=agreement.kind,
                version=n, text_sha256=text_sha256(agreement.text),
            )  # fmt: skip
    client.force_login(profile.user)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("workers:agreements"))
    assert page.status_code == 200
