import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone

from enterprise.templatetags.motouke import jdate, yen, yen_deducted


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (1234, "¥1,234"),
        (0, "¥0"),
        (-0, "¥0"),
        (306801, "¥306,801"),
        (-880, "△¥880"),
        (-1225, "△¥1,225"),
        ("-4851", "△¥4,851"),
        (None, ""),
    ],
)
def test_yen_shows_amounts_with_separators_and_negatives_with_a_triangle(amount, shown):
    assert yen(amount) == shown


@pytest.mark.parametrize(
    ("amount", "shown"),
    [(1225, "△¥1,225"), (0, "¥0"), (None, "")],
)
def test_a_deducted_amount_shows_a_triangle_but_zero_stays_plain(amount, shown):
    assert yen_deducted(amount) == shown


def test_the_statement_figures_never_show_minus_zero():
    html = Template(
        "{% load motouke %}{{ fee|yen_deducted }} {{ withholding|yen_deducted }}"
    ).render(Context({"fee": 0, "withholding": 4851}))
    assert html == "¥0 △¥4,851"
    assert "-¥" not in html


def test_documents_show_dates_in_japanese():
    assert jdate(datetime.date(2026, 11, 28)) == "2026年11月28日"


def test_screens_show_dates_as_year_month_day_in_tokyo_time(settings):
    # 2026-11-27 20:30 UTC is already the 28th in Tokyo.
    moment = datetime.datetime(2026, 11, 27, 20, 30, tzinfo=datetime.UTC)
    with timezone.override("Asia/Tokyo"):
        shown = Template("{{ at|date:'SHORT_DATETIME_FORMAT' }}").render(
            Context({"at": moment})
        )
    assert shown == "2026/11/28 05:30"
    assert settings.TIME_ZONE == "Asia/Tokyo"
