"""A client contact rates each delivery once in the portal; the rating
reaches the workers' track record; another company's contact gets a 404."""

import pytest
from guardian.shortcuts import assign_perm

from engagements.models import Delivery
from enterprise.models import AuditLog
from support.models import DeliveryRating
from workers.models import DeliveryRatingRecord

from .voice_fixtures import rate
from .voice_world import *  # noqa: F403


def test_contact_rates_a_delivery_and_each_worker_gets_it(client, world, delivery):
    client.force_login(world.contact)
    page = client.get(f"/support/ratings/delivery/{delivery.pk}/").content.decode()
    assert 'type="radio" name="rating"' in page
    response = rate(client, delivery, rating="2", comment="納期は守られたが誤字が多い")
    assert response.status_code == 302
    rating = DeliveryRating.objects.get(delivery=delivery)
    assert (rating.rating, rating.comment, rating.rated_by) == (
        2,
        "納期は守られたが誤字が多い",
        world.contact,
    )
    records = DeliveryRatingRecord.objects.filter(
        delivery_ref=f"delivery:{delivery.pk}"
    )
    assert sorted(r.worker.username for r in records) == ["alice", "bob"]
    assert {r.rating for r in records} == {2}
    assert AuditLog.objects.filter(action="support.delivery.rated").count() == 1
    page = client.get(f"/support/ratings/delivery/{delivery.pk}/").content.decode()
    assert "★★☆☆☆" in page
    assert "納期は守られたが誤字が多い" in page


def test_a_delivery_is_rated_once(client, world, delivery):
    client.force_login(world.contact)
    rate(client, delivery, rating="5")
    response = rate(client, delivery, rating="1")
    assert "この納品はすでに評価済みです。" in response.content.decode()
    assert list(DeliveryRating.objects.values_list("rating", flat=True)) == [5]
    assert set(DeliveryRatingRecord.objects.values_list("rating", flat=True)) == {5}


def test_another_company_contact_gets_404(client, world, delivery):
    client.force_login(world.other_contact)
    assert client.get(f"/support/ratings/delivery/{delivery.pk}/").status_code == 404
    assert rate(client, delivery).status_code == 404
    assert not DeliveryRating.objects.exists()
    page = client.get("/support/ratings/").content.decode()
    assert delivery.engagement.title not in page


def test_workers_cannot_open_the_rating_pages(client, world, delivery):
    client.force_login(world.alice)
    assert client.get("/support/ratings/").status_code == 403
    assert client.get(f"/support/ratings/delivery/{delivery.pk}/").status_code == 403


@pytest.mark.parametrize("bad", ["0", "6", "", "５つ星"])
def test_a_rating_outside_one_to_five_is_a_field_error(client, world, delivery, bad):
    client.force_login(world.contact)
    response = rate(client, delivery, rating=bad)
    assert response.status_code == 200
    assert "1〜5で評価を選んでください。" in response.content.decode()
    assert not DeliveryRating.objects.exists()


def test_portal_home_asks_for_the_rating(client, world, delivery):
    assign_perm("clients.view_client", world.contact, world.client)
    client.force_login(world.contact)
    page = client.get("/clients/portal/").content.decode()
    assert f"/support/ratings/delivery/{delivery.pk}/" in page
    rate(client, delivery)
    page = client.get("/clients/portal/").content.decode()
    assert f"/support/ratings/delivery/{delivery.pk}/" not in page


def test_rating_list_queries_do_not_grow(
    client, world, delivery, django_assert_max_num_queries
):
    client.force_login(world.contact)
    for extra in (0, 5):
        for _n in range(extra):
            Delivery.objects.create(
                engagement=delivery.engagement,
                note="追加納品",
                delivered_by=world.director,
                accept_by=delivery.accept_by,
            )
        with django_assert_max_num_queries(15):
            response = client.get("/support/ratings/")
        assert response.context["page"].paginator.count == 1 + extra
