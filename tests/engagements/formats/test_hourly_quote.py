"""Hourly work quoted by the hour: sales marks a quote line as billed by the
approved hours, and the director's hourly terms take the client rate from
that line of the accepted quote; a typed client rate is refused."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from engagements.models import HourlyTerms, Quote, QuoteLine
from engagements.services import hourly, intake
from engagements.services._base import EngagementError

from .conftest import make_subtask

REFUSED = (
    "時間単価でクライアントに請求できるのは、承認済み見積の時間単価の明細だけです。"
    "その明細を選ぶか、クライアント単価を空にしてください。"
)


def _url(name, *args):
    return reverse(f"engagements:{name}", args=args)


def _line(i, description, quantity, unit, price, hourly_line=False):
    p = f"lines-{i}-"
    data = {
        p + "description": description,
        p + "quantity": quantity,
        p + "unit": unit,
        p + "unit_price": price,
        p + "tax_rate": "0.10",
        p + "catalogue_item": "",
    }
    if hourly_line:
        data[p + "billed_hourly"] = "on"
    return data


def test_sales_quotes_a_line_by_the_hour_and_the_total_is_the_estimate(
    client, world, engagement
):
    intake.engagement_submit_for_quote(engagement=engagement, by=world.sales)
    client.force_login(world.sales)
    editor = client.get(_url("quote_editor", engagement.pk)).content.decode()
    assert "承認時間で請求（時間単価）" in editor
    data = {
        "action": "save",
        "valid_until": (timezone.localdate() + datetime.timedelta(14)).isoformat(),
        "notes": "",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "2",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "100",
        **_line(0, "記事作成", "10", "本", "19800"),
        **_line(1, "運用代行", "40", "時間", "4980", hourly_line=True),
    }
    response = client.post(_url("quote_editor", engagement.pk), data)
    assert response.status_code == 302

    quote = Quote.objects.get(engagement=engagement)
    assert [(x.description, x.billed_hourly) for x in quote.lines.all()] == [
        ("記事作成", False),
        ("運用代行", True),
    ]
    # 198,000 + 40 h × ¥4,980 = 397,200; 10% fee 39,720; 10% tax 43,692.
    assert (quote.work_subtotal, quote.direction_fee, quote.tax, quote.total) == (
        397_200,
        39_720,
        43_692,
        480_612,
    )
    editor = client.get(_url("quote_editor", engagement.pk)).content.decode()
    boxes = re.findall(r'name="lines-\d-billed_hourly".*?>', editor)
    assert ["checked" in box for box in boxes] == [False, True]


def test_the_client_sees_which_line_is_billed_by_the_hour(
    client, world, hourly_planning
):
    quote = hourly_planning.quotes.get(state=Quote.State.ACCEPTED)
    client.force_login(world.contact)
    page = client.get(_url("client_quote", quote.pk)).content.decode()
    assert page.count("時間単価・承認時間に応じて請求（見込み）") == 1


def test_the_client_rate_is_the_unit_price_of_the_quote_line(world, hourly_planning):
    subtask = make_subtask(hourly_planning, world.director, "project", title="運用")
    line = QuoteLine.objects.get(description="運用代行")

    terms = hourly.hourly_terms_set(
        subtask=subtask, by=world.director, hourly_rate=2_000,
        weekly_cap_hours=Decimal("10"), client_quote_line=line,
    )  # fmt: skip

    assert (terms.client_quote_line, terms.client_hourly_rate) == (line, 2_999)


def test_a_client_rate_without_an_hourly_line_is_refused(world, hourly_planning):
    subtask = make_subtask(hourly_planning, world.director, "project", title="運用")
    fixed = QuoteLine.objects.get(description="記事作成")
    line = QuoteLine.objects.get(description="運用代行")

    def terms(**client_side):
        return hourly.hourly_terms_set(
            subtask=subtask, by=world.director, hourly_rate=2_000,
            weekly_cap_hours=Decimal("10"), **client_side,
        )  # fmt: skip

    with pytest.raises(EngagementError) as typed:
        terms(client_hourly_rate=3_000)
    assert typed.value.messages == [REFUSED]
    with pytest.raises(EngagementError) as not_hourly:
        terms(client_quote_line=fixed)
    assert not_hourly.value.messages == [
        "この案件の承認済み見積から、時間単価の明細を選んでください。"
    ]
    with pytest.raises(EngagementError):
        terms(client_quote_line=line, client_hourly_rate=3_000)
    assert not HourlyTerms.objects.exists()


def test_a_line_of_another_engagement_is_refused(world, hourly_planning, planning):
    subtask = make_subtask(planning, world.director, "project", title="運用")
    line = QuoteLine.objects.get(description="運用代行")
    with pytest.raises(EngagementError):
        hourly.hourly_terms_set(
            subtask=subtask, by=world.director, hourly_rate=2_000,
            weekly_cap_hours=Decimal("10"), client_quote_line=line,
        )  # fmt: skip


def test_the_director_chooses_the_hourly_line_on_the_terms_page(
    client, world, hourly_planning
):
    subtask = make_subtask(hourly_planning, world.director, "project", title="運用")
    line = QuoteLine.objects.get(description="運用代行")
    client.force_login(world.director)
    page = client.get(_url("hourly_terms", subtask.pk)).content.decode()
    assert "運用代行 ¥2,999/時間" in page
    assert "記事作成 ¥19,800" not in page

    response = client.post(
        _url("hourly_terms", subtask.pk),
        {
            "hourly_rate": "2000",
            "weekly_cap_hours": "10",
            "client_quote_line": str(line.pk),
            "approval_days": "3",
        },
    )

    assert response.status_code == 302
    terms = HourlyTerms.objects.get(subtask=subtask)
    assert (terms.client_quote_line, terms.client_hourly_rate) == (line, 2_999)


def test_without_an_hourly_line_the_quoted_price_stands(
    client, world, planning, hourly_planning
):
    subtask = make_subtask(planning, world.director, "project", title="運用")
    other = QuoteLine.objects.get(description="運用代行")  # another engagement's
    client.force_login(world.director)
    page = client.get(_url("hourly_terms", subtask.pk)).content.decode()
    assert "承認済み見積に時間単価の明細がないため" in page

    client.post(
        _url("hourly_terms", subtask.pk),
        {
            "hourly_rate": "2000",
            "weekly_cap_hours": "10",
            "client_quote_line": str(other.pk),
            "client_hourly_rate": "4980",
            "approval_days": "3",
        },
    )

    terms = HourlyTerms.objects.get(subtask=subtask)
    assert (terms.client_quote_line, terms.client_hourly_rate) == (None, None)
