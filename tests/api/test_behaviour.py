"""What a client's developer expects: idempotent POSTs, rate limits,
problem details in Japanese (or English), +09:00 datetimes, pagination."""

import pytest
from django.core.cache import cache

from engagements.models import Engagement, ScreeningKeyword

from .conftest import Api, order


@pytest.fixture(autouse=True)
def _clear_throttle():
    cache.clear()


def _request(**fields):
    data = {**order(**fields), "category": "writing"}
    data["deadline"] = data["deadline"].isoformat()
    return data


def test_a_repeated_post_with_the_same_key_creates_one(world):
    api = Api(world.contact_a)
    first = api.post("/api/v1/engagements/", _request(), **{"Idempotency-Key": "k-1"})
    again = api.post("/api/v1/engagements/", _request(), **{"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert world.client_a.engagements.count() == 1
    other = api.post(
        "/api/v1/engagements/", _request(title="別の依頼"), **{"Idempotency-Key": "k-1"}
    )
    assert other.status_code == 422
    assert other.json()["status"] == 422
    assert world.client_a.engagements.count() == 1


def test_a_work_request_goes_through_screening(world):
    ScreeningKeyword.objects.create(phrase="転売", reason="不正転売の疑い")
    api = Api(world.contact_a)
    clean = api.post("/api/v1/engagements/", _request()).json()
    held = api.post(
        "/api/v1/engagements/", _request(purpose="チケット転売の告知")
    ).json()
    assert clean["state"] == "quoting"
    assert held["state"] == "screening"
    engagement = Engagement.objects.get(pk=clean["id"])
    assert engagement.client == world.client_a
    assert engagement.sales_owner == world.sales


def test_throttling_answers_429_with_retry_after(world, settings):
    settings.API_RATE_LIMIT = "3/min"
    api = Api(world.contact_a)
    codes = [api.get("/api/v1/engagements/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = api.get("/api/v1/engagements/")
    assert int(limited["Retry-After"]) > 0
    assert limited.json()["title"] == "リクエストが多すぎます。"
    assert limited.json()["detail"].endswith("秒後にもう一度お試しください。")
    other_key = Api(world.contact_a)
    assert other_key.get("/api/v1/engagements/").status_code == 200


def test_problem_details_in_japanese_and_english(world):
    api = Api(world.contact_a)
    missing = api.get("/api/v1/engagements/999999/")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"
    body = missing.json()
    assert set(body) == {"type", "title", "status", "detail", "instance"}
    assert body["title"] == "見つかりません。"
    assert body["status"] == 404
    assert body["instance"] == "/api/v1/engagements/999999/"
    english = api.get("/api/v1/engagements/999999/", **{"Accept-Language": "en-US"})
    assert english.json()["title"] == "Not found."
    invalid = api.post("/api/v1/engagements/", {"title": ""})
    assert invalid.status_code == 400
    assert invalid.json()["title"] == "リクエストの内容が正しくありません。"
    assert invalid.json()["errors"]["budget"] == ["このフィールドは必須です。"]
    english = api.post("/api/v1/engagements/", {}, **{"Accept-Language": "en"})
    assert english.json()["errors"]["budget"] == ["This field is required."]
    assert english.json()["title"] == "The request is not valid."
    bad_date = api.get("/api/v1/engagements/?date_from=2026-13-01")
    assert bad_date.status_code == 400
    assert "date_from" in bad_date.json()["errors"]


def test_datetimes_carry_the_tokyo_offset_and_amounts_are_yen(world, quoted_a):
    api = Api(world.contact_a)
    quote = api.get(f"/api/v1/quotes/{quoted_a.pk}/").json()
    assert quote["sent_at"].endswith("+09:00")
    assert quote["total"] == quoted_a.total and isinstance(quote["total"], int)
    engagement = api.get(f"/api/v1/engagements/{quoted_a.engagement_id}/").json()
    assert engagement["created_at"].endswith("+09:00")


def test_lists_paginate_with_a_next_link_and_filter(world):
    api = Api(world.contact_a)
    for n in range(3):
        api.post("/api/v1/engagements/", _request(title=f"依頼{n}"))
    page = api.get("/api/v1/engagements/?page_size=2").json()
    assert page["count"] == 3 and len(page["results"]) == 2
    assert "page=2" in page["next"]
    assert api.get("/api/v1/engagements/?state=draft").json()["count"] == 0
    assert api.get("/api/v1/engagements/?state=quoting").json()["count"] == 3
