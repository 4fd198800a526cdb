"""enterprise/entry.py: the bounds every form's numbers and dates get, and
ids typed by hand read safely."""

import datetime

import pytest
from django import forms

from enterprise import entry


class Sample(entry.Form):
    amount = forms.IntegerField(min_value=0)
    capacity = forms.IntegerField(min_value=1, max_value=50)
    day = forms.DateField()
    when = forms.DateTimeField(required=False)


def errors(**data):
    form = Sample(data={"amount": "1", "capacity": "3", "day": "2026-04-01"} | data)
    form.is_valid()
    return form.errors


def test_a_plain_value_passes():
    assert errors() == {}


@pytest.mark.parametrize("amount", ["1" + "0" * 26, "10000000000", "abc"])
def test_amount_past_the_business_range_or_text_is_a_field_error(amount):
    assert list(errors(amount=amount)) == ["amount"]


def test_the_largest_amount_is_accepted_and_a_tighter_limit_kept():
    assert errors(amount=str(entry.MAX_YEN)) == {}
    assert list(errors(capacity="51")) == ["capacity"]


@pytest.mark.parametrize(
    "day", ["0001-01-01", "1999-12-31", "9999-12-31", "2026-02-30"]
)
def test_a_date_outside_the_bounds_is_a_field_error(day):
    assert list(errors(day=day)) == ["day"]


def test_a_datetime_is_bounded_too():
    assert list(errors(when="9999-12-31 10:00")) == ["when"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), ("１２", 12), (" 7 ", 7), ("abc", None), ("-1", None), ("", None),
     (None, None), ("1" + "0" * 26, None), ("١٢", None)],
)  # fmt: skip
def test_posted_id(value, expected):
    assert entry.posted_id(value) == expected


def test_period_bounds():
    entry.validate_period("2026-03")
    with pytest.raises(forms.ValidationError):
        entry.validate_period("9999-12")


def test_latest_is_five_years_ahead():
    assert entry.latest().year == datetime.date.today().year + 5
