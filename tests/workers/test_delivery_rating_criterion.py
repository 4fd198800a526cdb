"""Certification criteria can name a minimum average of the clients' delivery
ratings, reported by support through workers.services.delivery_rating_record."""

from datetime import timedelta

import pytest
from django.utils import timezone

from workers import services
from workers.criteria import evaluate_levels
from workers.models import DeliveryRatingRecord

from .certification_helpers import build_history, only_certified_level, set_criteria


@pytest.fixture
def worker(profile):
    return profile.user


def rate(worker, category, n, rating, at):
    return services.delivery_rating_record(
        worker=worker,
        category=category,
        delivery_ref=f"delivery:{n}",
        rating=rating,
        rated_at=at,
    )


def delivery_result(worker, category, now):
    certified = evaluate_levels(worker=worker, category=category, as_of=now)[-1]
    return next(r for r in certified.results if r.code == "min_avg_delivery_rating")


def test_low_client_ratings_put_a_certified_worker_on_probation(worker, writing):
    only_certified_level()
    set_criteria(min_avg_delivery_rating="4.00")
    now = timezone.now()
    build_history(worker, writing, now=now)
    rate(worker, writing, 1, 5, now - timedelta(days=2))
    cert = services.certification_recompute(worker=worker, category=writing, as_of=now)
    assert cert.status == "active"
    # 5 and 2: the average 3.50 is below 4.00.
    rate(worker, writing, 2, 2, now - timedelta(days=1))
    result = delivery_result(worker, writing, now)
    assert (str(result.value), result.met) == ("3.50", False)
    cert = services.certification_recompute(worker=worker, category=writing, as_of=now)
    assert cert.status == "probation"


def test_no_rating_yet_does_not_meet_a_named_minimum(worker, writing):
    only_certified_level()
    set_criteria(min_avg_delivery_rating="4.00")
    result = delivery_result(worker, writing, timezone.now())
    assert (result.value, result.met) == (None, False)


def test_rating_the_same_delivery_again_replaces_it(worker, writing):
    now = timezone.now()
    rate(worker, writing, 7, 2, now)
    rate(worker, writing, 7, 5, now)
    assert list(DeliveryRatingRecord.objects.values_list("rating", flat=True)) == [5]


def test_rating_outside_one_to_five_is_refused(worker, writing):
    with pytest.raises(ValueError):
        rate(worker, writing, 8, 6, timezone.now())
