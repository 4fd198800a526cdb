"""Form widgets every app's pages share (laid out by templates/_field.html)."""

import datetime
import re

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
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


def _attrs(attrs: dict) -> str:
    """Django's widgets/attrs.html in Python: False left out, True bare."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class PlainSelect(forms.Select):
    """A select written in Python, the same HTML as Django's templates: a
    filter of a thousand clients rendered one template per option took a
    quarter of a second a page."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            parts.extend(
                f'\n  <option value="{escape(option["value"])}"'
                f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}"
                "</option>\n"
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # every part escaped above


class NameChoiceIterator(ModelChoiceIterator):
    """(pk, name) pairs read with values_list: no model instance per option."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", self.field.label_field)


class NameChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose options are each row's ``label_field`` (the
    chosen row is still looked up and validated by the queryset), rendered
    by PlainSelect: for a list of a thousand clients."""

    iterator = NameChoiceIterator
    widget = PlainSelect

    def __init__(self, *args, label_field: str, **kwargs):
        self.label_field = label_field
        super().__init__(*args, **kwargs)
