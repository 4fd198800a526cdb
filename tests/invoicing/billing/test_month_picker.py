"""A month is picked from a list, never typed: the month close and the journal
export offer the last two years and the next month as 2026年12月, the default
chosen; a hostile value posted anyway is a form error, not a 500."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from enterprise.calendar import add_months
from enterprise.widgets import MonthSelect
from invoicing.forms.billing import PeriodForm, last_month

OPTION = re.compile(r'<option value="(\d{4}-\d{2})"( selected)?>([^<]*)</option>')


def _options(html):
    return [
        (value, bool(chosen), label) for value, chosen, label in OPTION.findall(html)
    ]


def test_the_widget_lists_recent_months_newest_first_in_japanese():
    today = timezone.localdate()
    months = MonthSelect().months()
    assert len(months) == 26
    assert months[0] == "{:04d}-{:02d}".format(*add_months(today.year, today.month, 1))
    assert months[1] == today.strftime("%Y-%m")
    assert months == sorted(months, reverse=True)
    html = str(PeriodForm(initial={"period": last_month()})["period"])
    assert html.startswith("<select")
    options = _options(html)
    assert [value for value, _chosen, _label in options] == months
    assert [value for value, chosen, _label in options if chosen] == [last_month()]
    year, month = (int(part) for part in months[1].split("-"))
    assert (months[1], False, f"{year}年{month}月") in options


@pytest.mark.parametrize("bad", ["2026-13", "<script>alert(1)</script>", "2026-3", ""])
def test_a_month_not_in_the_calendar_is_refused(bad):
    form = PeriodForm({"period": bad})
    assert not form.is_valid()
    assert "period" in form.errors


def test_an_older_month_chosen_stays_shown_and_is_accepted():
    form = PeriodForm({"period": "2020-04"})
    assert form.is_valid()
    assert ("2020-04", True, "2020年4月") in _options(str(form["period"]))


def test_the_month_close_page_offers_the_list(client, finance):
    client.force_login(finance)
    page = client.get(reverse("invoicing:month_close")).content.decode()
    assert '<select name="period"' in page
    assert (last_month(), True) in [(v, c) for v, c, _label in _options(page)]


@pytest.mark.parametrize("bad", ["2026-13", "<script>"])
def test_a_hostile_month_in_the_journal_export_is_a_form_error(client, finance, bad):
    client.force_login(finance)
    response = client.get(reverse("invoicing:journal_export"), {"period": bad})
    assert response.status_code == 400  # the form again, with its error
    page = response.content.decode()
    assert "YYYY-MM" in page  # the field's error, in Japanese
    assert "<script>" not in page
