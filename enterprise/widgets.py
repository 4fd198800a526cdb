"""Form widgets every app's pages share (laid out by templates/_field.html)."""

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import pgettext

from .calendar import add_months


class RatingSelect(forms.RadioSelect):
    """A 1–5 rating as one segmented row of stars: each choice is a real radio
    inside its label, so it works without script and sits on one line."""

    template_name = "widgets/rating_select.html"


MONTH = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")


class MonthSelect(forms.Select):
    """A month picked from a list instead of typed: the last ``back`` months,
    this one and the next ``ahead``, newest first, each ``YYYY-MM`` labelled
    2026年12月 (December 2026). The field still validates what is posted; a
    valid month outside the list (an older period) is kept as an option."""

    def __init__(self, attrs=None, back: int = 24, ahead: int = 1):
        super().__init__(attrs)
        self.back, self.ahead = back, ahead

    def months(self, today: datetime.date | None = None) -> list[str]:
        today = today or timezone.localdate()
        steps = range(self.ahead, -self.back - 1, -1)
        return [
            "{:04d}-{:02d}".format(*add_months(today.year, today.month, step))
            for step in steps
        ]

    def get_context(self, name, value, attrs):
        months = self.months()
        chosen = value[0] if isinstance(value, list | tuple) and value else value
        if isinstance(chosen, str) and MONTH.match(chosen) and chosen not in months:
            months.append(chosen)
            months.sort(reverse=True)
        self.choices = [(month, month_label(month)) for month in months]
        return super().get_context(name, value, attrs)


def month_label(month: str) -> str:
    """ "2026-12" as 2026年12月 (December 2026 in English)."""
    year, number = (int(part) for part in month.split("-"))
    return date_format(datetime.date(year, number, 1), pgettext("month choice", "F Y"))
