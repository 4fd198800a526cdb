"""seed_demo gives the help centre Japanese articles for each audience and a
few delivery ratings, and a second run changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from support.models import DeliveryRating, FaqArticle
from workers.models import DeliveryRatingRecord


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=StringIO())


def test_demo_help_centre_and_ratings_are_seeded_once(seeded, client):
    audiences = set(FaqArticle.objects.values_list("audience", flat=True))
    assert audiences == {"client", "worker", "staff"}
    ratings = list(DeliveryRating.objects.values_list("pk", "rating"))
    records = DeliveryRatingRecord.objects.count()
    assert ratings
    assert records >= len(ratings)
    call_command("seed_demo", stdout=StringIO())
    assert list(DeliveryRating.objects.values_list("pk", "rating")) == ratings
    assert DeliveryRatingRecord.objects.count() == records
    assert FaqArticle.objects.count() == 10
    worker = DeliveryRatingRecord.objects.select_related("worker").first().worker
    client.force_login(worker)
    page = client.get("/support/help/worker/", {"q": "支払通知書"}).content.decode()
    assert "支払通知書の金額に異議があるとき" in page
