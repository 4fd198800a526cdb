"""A client's key sees its own company's objects only; another company's
answers 404, exactly as in the portal pages."""

from .conftest import Api


def test_client_a_sees_none_of_client_b(world, quoted_a, quoted_b, invoices):
    api = Api(world.contact_a)
    listed = api.get("/api/v1/engagements/").json()
    assert [e["title"] for e in listed["results"]] == ["エー社の記事"]
    assert "budget" not in listed["results"][0]  # clients never see budgets
    quotes = api.get("/api/v1/quotes/").json()["results"]
    assert [q["engagement_title"] for q in quotes] == ["エー社の記事"]
    mine = api.get("/api/v1/invoices/").json()["results"]
    assert [i["number"] for i in mine] == [invoices["a"].number]
    for path in (
        f"/api/v1/engagements/{quoted_b.engagement_id}/",
        f"/api/v1/engagements/{quoted_b.engagement_id}/deliveries/",
        f"/api/v1/engagements/{quoted_b.engagement_id}/files/",
        f"/api/v1/quotes/{quoted_b.pk}/",
        f"/api/v1/invoices/{invoices['b'].pk}/",
        f"/api/v1/invoices/{invoices['b'].pk}/pdf/",
    ):
        assert api.get(path).status_code == 404, path
    refused = api.post(f"/api/v1/quotes/{quoted_b.pk}/accept/")
    assert refused.status_code == 404
    quoted_b.refresh_from_db()
    assert quoted_b.state == "sent"


def test_client_cannot_reach_staff_lists(world):
    api = Api(world.contact_a)
    for path in ("/api/v1/clients/", "/api/v1/subtasks/", "/api/v1/exports/journal/"):
        assert api.get(path).status_code == 403, path


def test_finance_sees_every_invoice_and_records_a_payment(world, invoices):
    api = Api(world.finance)
    numbers = {i["number"] for i in api.get("/api/v1/invoices/").json()["results"]}
    assert numbers == {invoices["a"].number, invoices["b"].number}
    answer = api.post(
        f"/api/v1/invoices/{invoices['a'].pk}/payments/",
        {"amount": 110_000, "received_on": "2026-04-30"},
    )
    assert answer.status_code == 201, answer.content
    detail = api.get(f"/api/v1/invoices/{invoices['a'].pk}/").json()
    assert detail["paid_total"] == 110_000
    assert detail["state"] == "paid"


def test_client_accepts_own_quote(world, quoted_a):
    answer = Api(world.contact_a).post(f"/api/v1/quotes/{quoted_a.pk}/accept/")
    assert answer.status_code == 200, answer.content
    assert answer.json()["state"] == "accepted"
    quoted_a.engagement.refresh_from_db()
    assert quoted_a.engagement.state == "contracted"
