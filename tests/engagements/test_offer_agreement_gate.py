"""An offer cannot be accepted before the agreements in force are; a
suspended worker gets no offer; a self-registered worker must finish
sign-up first."""

import pytest
from django.urls import reverse

from engagements.models import Offer, Subtask
from engagements.services import assignment
from engagements.services._base import EngagementError
from tests.once import once
from workers.documents import publish_default_agreements
from workers.models import AgreementVersion
from workers.services.onboarding import agreement_accept
from workers.services.standing import worker_reinstate, worker_suspend

from . import factories as f
from .worker_fixtures import *  # noqa: F403 (the fixtures)
from .worker_fixtures import new_subtask


@pytest.fixture
def offer(world, planned):
    subtask = new_subtask(planned, world.director, "第一章の記事", reward=19_800)
    return assignment.subtask_offer(
        subtask=subtask, worker=world.alice, by=world.director
    )


def test_an_offer_waits_for_the_agreements_in_force(client, world, offer):
    versions = publish_default_agreements()
    client.force_login(world.alice)
    client.post(
        reverse("engagements:worker_offer_accept", args=[offer.pk]),
        once(next=reverse("engagements:worker_offers")),
    )
    offer.refresh_from_db()
    assert offer.state == Offer.State.PENDING
    assert Subtask.objects.get(pk=offer.subtask_id).state == Subtask.State.OFFERED
    for version in versions:
        agreement_accept(user=world.alice, agreement=version)
    assignment.offer_accept(offer=offer, by=world.alice)
    offer.refresh_from_db()
    assert offer.state == Offer.State.ACCEPTED


def test_a_new_basic_agreement_version_blocks_until_accepted_again(world, offer):
    for version in publish_default_agreements():
        agreement_accept(user=world.alice, agreement=version)
    new = AgreementVersion.objects.create(
        kind="basic",
        version=2,
        title="業務委託基本契約書",
        text="第1条（目的）\n改定版",
    )
    with pytest.raises(EngagementError, match="契約への同意"):
        assignment.offer_accept(offer=offer, by=world.alice)
    agreement_accept(user=world.alice, agreement=new)
    assignment.offer_accept(offer=offer, by=world.alice)


def test_a_suspended_worker_gets_no_offer_until_reinstated(world, planned):
    officer = f.user_with_roles("compliance-1", "compliance")
    profile = world.bob.worker_profile
    worker_suspend(profile=profile, by=officer, reason="本人確認書類の不備")
    subtask = new_subtask(planned, world.director, "第二章の記事")
    with pytest.raises(EngagementError, match="停止"):
        assignment.subtask_offer(subtask=subtask, worker=world.bob, by=world.director)
    worker_reinstate(profile=profile, by=officer, reason="書類を確認済み")
    offer = assignment.subtask_offer(
        subtask=subtask, worker=world.bob, by=world.director
    )
    assert offer.state == Offer.State.PENDING


def test_a_self_registered_worker_without_identity_check_gets_no_offer(world, planned):
    world.bob.self_registered = True
    world.bob.save(update_fields=["self_registered"])
    subtask = new_subtask(planned, world.director, "第二章の記事")
    with pytest.raises(EngagementError, match="本人確認"):
        assignment.subtask_offer(subtask=subtask, worker=world.bob, by=world.director)


def test_the_director_sees_a_suspended_workers_current_work(
    client, world, alice_subtask
):
    officer = f.user_with_roles("compliance-1", "compliance")
    profile = world.alice.worker_profile
    client.force_login(officer)
    suspend_url = reverse("workers:suspend", args=[profile.pk])
    client.post(suspend_url, {"reason": "規約違反の疑い"})
    profile.refresh_from_db()
    assert profile.status == "suspended"
    client.force_login(world.director)
    html = client.get(reverse("workers:detail", args=[profile.pk])).content.decode()
    assert "規約違反の疑い" in html
    assert "第一章の記事" in html
    client.force_login(world.other_director)
    html = client.get(reverse("workers:detail", args=[profile.pk])).content.decode()
    assert "第一章の記事" not in html
    # Only compliance (or staff) suspends: a director finds no such page.
    client.force_login(world.director)
    assert client.get(reverse("workers:reinstate", args=[profile.pk])).status_code in (
        403,
        404,
    )
