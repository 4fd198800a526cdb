"""The quote editor refuses what cannot be a quote line with a field error:
text for a tax rate, an unknown or huge catalogue id, ¥10^26."""

import datetime

import pytest
from django.utils import timezone

from engagements.models import Quote
from engagements.services import intake

from .test_sales_to_client_walk import _line, _quote_post

IN_TWO_WEEKS = timezone.localdate() + datetime.timedelta(days=14)
HUGE = "1" + "0" * 26


@pytest.fixture
def editor(world, client, engagement):
    intake.engagement_submit_for_quote(engagement=engagement, by=world.sales)
    client.force_login(world.sales)
    return f"/engagements/sales/{engagement.pk}/quote/"


def _save(client, url, **line):
    fields = {"description": "構成案作成", "quantity": "1", "unit": "式"}
    fields.update(line)
    values = (
        fields["description"], fields["quantity"], fields["unit"],
        fields.get("price", "30000"), fields.get("rate", "0.10"),
        fields.get("item", ""),
    )  # fmt: skip
    response = client.post(url, _quote_post(IN_TWO_WEEKS, _line(0, *values)))
    assert response.status_code == 200
    return response.context["formset"].forms[0].errors


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ({"rate": "abc"}, "tax_rate"),
        ({"rate": "0.5"}, "tax_rate"),
        ({"item": HUGE}, "catalogue_item"),
        ({"item": "987654"}, "catalogue_item"),
        ({"item": "abc"}, "catalogue_item"),
        ({"price": HUGE}, "unit_price"),
        ({"price": "abc"}, "unit_price"),
        ({"price": "-1"}, "unit_price"),
        ({"quantity": HUGE}, "quantity"),
        ({"quantity": "abc"}, "quantity"),
    ],
)
def test_editor_refuses_a_bad_line_value_with_a_field_error(
    world, client, editor, line, field
):
    errors = _save(client, editor, **line)
    assert field in errors
    assert not Quote.objects.exists()


def test_editor_refuses_an_amount_past_the_business_range(world, client, editor):
    errors = _save(client, editor, price="10000000000")
    assert "unit_price" in errors
    assert "9999999999" in errors["unit_price"][0]


def test_editor_refuses_a_huge_catalogue_id_when_adding_a_package(
    world, client, editor
):
    post = _quote_post(IN_TWO_WEEKS, _line(0, "構成案作成", "1", "式", "30000"))
    response = client.post(editor, {**post, "action": "add_item", "item": HUGE})
    assert response.status_code == 200
    assert "item" in response.context["catalogue_form"].errors


def test_admin_refuses_a_catalogue_price_past_the_business_range(world, admin_client):
    response = admin_client.post(
        "/admin/engagements/catalogueitem/add/",
        {
            "category": world.category.pk,
            "name": "SEO記事パッケージ",
            "unit": "本",
            "unit_price": "10000000000",
            "active": "on",
        },
    )
    assert response.status_code == 200
    assert "unit_price" in response.context["adminform"].form.errors
