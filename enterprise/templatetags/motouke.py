"""Template filters for the ways money, dates and states are shown everywhere."""

import datetime
import functools

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils import formats
from django.utils.hashable import make_hashable
from django.utils.html import format_html
from django.utils.translation import get_language

from enterprise.money import format_yen

register = template.Library()


@register.filter
def yen(amount) -> str:
    """An amount as the pages print it (see ``format_yen``)."""
    return format_yen(amount)


@register.filter
def yen_deducted(amount) -> str:
    """An amount taken off a total (a fee, withholding): 1225 -> '△¥1,225'.

    Zero is '¥0', never '△¥0' or '-¥0'."""
    if amount is None or amount == "":
        return ""
    return format_yen(-int(amount))


@register.filter
def jdate(value) -> str:
    """A date as documents print it: 2026年11月28日."""
    if not value:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter(expects_localtime=True)
def short_date(value) -> str:
    """``value|date:"SHORT_DATE_FORMAT"`` (2026/12/07 in Japanese), for
    lists: formatted once per day and language, not once per row (the
    ``date`` filter parses the format anew each time, about 15 µs)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()  # already the local time (expects_localtime)
    return _short_date(value, get_language())


@functools.lru_cache(maxsize=512)
def _short_date(day: datetime.date, language: str | None) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


@functools.cache
def _choice_labels(model: type, field: str) -> dict | None:
    """{value: label} of a model field's choices, built once per field (the
    labels stay lazy, so each page shows them in its own language); None
    when ``field`` is not a field with choices."""
    try:
        choices = model._meta.get_field(field).flatchoices
    except (FieldDoesNotExist, AttributeError):
        return None
    return dict(make_hashable(choices)) if choices else None


@register.simple_tag
def state_label(obj, field: str = "state"):
    """The coloured label of an object's state, the same on every page.

    The text is ``get_<field>_display``'s; the raw value is the CSS class, so
    one stylesheet rule colours a state everywhere. For a model field the
    labels are read from a dict made once (``get_<field>_display`` rebuilds it
    on every call: a list of 50 rows spent a few ms there).
    """
    value = getattr(obj, field)
    labels = _choice_labels(type(obj), field) if isinstance(obj, Model) else None
    if labels is not None:
        text = labels.get(make_hashable(value), value)
    else:
        text = getattr(obj, f"get_{field}_display")()
    return format_html('<span class="state state-{}">{}</span>', value, text)


@register.simple_tag
def payment_terms() -> str:
    """The operator's payout calendar in words (毎月末日締切、翌月末日支払…),
    for pages whose published reward stands as the worker's written terms."""
    from enterprise.calendar import payment_terms_text
    from enterprise.models import OperatorProfile

    return payment_terms_text(OperatorProfile.get())
