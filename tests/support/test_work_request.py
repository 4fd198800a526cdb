"""A client's request for new work lands in sales' queue as a ticket, the
engagement having gone through the intake's keyword screening, whose hits
sales see (and the client does not)."""

import datetime

from django.urls import reverse

from engagements.models import Engagement, ScreeningKeyword
from enterprise.once import new_token
from support.models import Ticket
from tests.invoicing.billing.factories import category, user_with_roles


def _request(client, purpose):
    return client.post(
        reverse("support:work_request"),
        {
            "title": "新商品のLP制作",
            "category": category().pk,
            "purpose": purpose,
            "deliverables": "LP一式",
            "acceptance_criteria": "デザインカンプと一致",
            "deadline": (datetime.date.today() + datetime.timedelta(days=30)),
            "budget": "500000",
            "once_token": new_token(),
        },
    )


def test_new_work_request_reaches_sales_with_screening_hits(client, contact_a):
    ScreeningKeyword.objects.create(phrase="情報商材", reason="特商法違反のおそれ")
    sales = user_with_roles("sales-9", "sales")
    client.force_login(contact_a)
    response = _request(client, "情報商材の販売ページを作りたい")
    ticket = Ticket.objects.get()
    assert response.url == reverse("support:ticket", args=[ticket.pk])
    assert (ticket.kind, ticket.category.team) == ("work_request", "sales")
    assert ticket.engagement.state == Engagement.State.SCREENING
    assert ticket.intake["budget"] == 500_000

    client_page = client.get(response.url).content.decode()
    assert "特商法違反のおそれ" not in client_page

    client.force_login(sales)
    queue = client.get(reverse("support:queue")).content.decode()
    assert "新商品のLP制作" in queue
    page = client.get(response.url).content.decode()
    assert "情報商材" in page and "特商法違反のおそれ" in page


def test_a_clean_request_goes_to_quoting(client, contact_a):
    client.force_login(contact_a)
    _request(client, "新商品の紹介ページ")
    ticket = Ticket.objects.get()
    assert ticket.engagement.state == Engagement.State.QUOTING
    assert ticket.intake["screening_hits"] == []


def test_only_client_contacts_request_work(client, make_user):
    worker = make_user("w-1", roles=["worker"])
    client.force_login(worker)
    assert client.get(reverse("support:work_request")).status_code == 403
