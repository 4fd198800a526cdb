"""What a form accepts at entry: normalised, within sensible bounds.

A value is checked where it is typed, not where an export later trips on it
(DESIGN.md "Faults"): a ¥10^26 amount, a payment on 0001-01-01 or a close
for 9999-12 is a field error in the form, never a server error further on.

Every form of the project derives from ``entry.Form`` or ``entry.ModelForm``,
which give each number and date field the bounds below unless the field sets
its own: amounts up to ``MAX_YEN``, dates from 2000 to a few years ahead.
"""

import datetime
import unicodedata
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# The Zengin transfer record's amount is 10 digits; no amount this business
# writes (a quote, an invoice, a reward) comes near it, and it is far inside
# PositiveBigIntegerField and the SQLite/PostgreSQL bigint.
MAX_YEN = 9_999_999_999
EARLIEST = datetime.date(2000, 1, 1)
YEARS_AHEAD = 5
BIGINT_MAX = 2**63 - 1


def nfkc(value: str) -> str:
    """Full-width digits and letters to half-width, one way of writing each."""
    return unicodedata.normalize("NFKC", value or "")


def latest(years_ahead: int = YEARS_AHEAD) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year + years_ahead, day=min(today.day, 28))


@deconstructible
class DateBoundsValidator:
    """From 2000-01-01 (or ``earliest``) to ``years_ahead`` years from today."""

    def __init__(self, earliest=EARLIEST, years_ahead=YEARS_AHEAD):
        self.earliest, self.years_ahead = earliest, years_ahead

    def __call__(self, value):
        day = value.date() if isinstance(value, datetime.datetime) else value
        if day < self.earliest or day > latest(self.years_ahead):
            raise ValidationError(
                _("Enter a date between %(earliest)s and %(latest)s."),
                code="date_bounds",
                params={
                    "earliest": self.earliest.strftime("%Y/%m/%d"),
                    "latest": latest(self.years_ahead).strftime("%Y/%m/%d"),
                },
            )

    def __eq__(self, other):
        return isinstance(other, DateBoundsValidator) and (
            self.earliest,
            self.years_ahead,
        ) == (other.earliest, other.years_ahead)


validate_business_date = DateBoundsValidator()


def validate_period(value: str) -> None:
    """A YYYY-MM period within the same bounds as a date."""
    year, month = (int(part) for part in value.split("-"))
    validate_business_date(datetime.date(year, month, 1))


def posted_id(value) -> int | None:
    """A primary key sent in a post, or None when it cannot be one.

    For views that look a row up by an id from ``request.POST``: a text or
    a number past bigint is "not found" (404), never a ValueError.
    """
    text = nfkc(str(value or "")).strip()
    if not text.isascii() or not text.isdigit() or int(text) > BIGINT_MAX:
        return None
    return int(text)


def posted_ids(values) -> list[int]:
    """The ids among ``values`` (a getlist), dropping what cannot be one."""
    return [pk for pk in (posted_id(value) for value in values) if pk is not None]


def to_decimal(value) -> Decimal:
    """Decimal(value), raising ValueError (which forms report) for text."""
    try:
        return Decimal(nfkc(str(value)).strip())
    except InvalidOperation:
        raise ValueError(value) from None


def _guarded_to_python(to_python):
    """A model choice's lookup that refuses an id past bigint as a bad choice
    (the database driver raises OverflowError, which Django does not catch)."""

    def guarded(value):
        text = value.strip() if isinstance(value, str) else ""
        if text.isdigit() and int(text) > BIGINT_MAX:
            raise ValidationError(
                forms.ModelChoiceField.default_error_messages["invalid_choice"],
                code="invalid_choice",
            )
        return to_python(value)

    return guarded


def _limited(field, kind, within) -> bool:
    return any(
        isinstance(v, kind) and not callable(v.limit_value) and within(v.limit_value)
        for v in field.validators
    )


def bound_field(field) -> None:
    """Give a number or date field the default bounds when it has none as tight.

    (DecimalField and FloatField are IntegerFields to Django.)
    """
    if isinstance(field, forms.IntegerField):
        if not _limited(field, MaxValueValidator, lambda limit: limit <= MAX_YEN):
            field.validators.append(MaxValueValidator(MAX_YEN))
        if not _limited(field, MinValueValidator, lambda limit: limit >= -MAX_YEN):
            field.validators.append(MinValueValidator(-MAX_YEN))
    if isinstance(field, forms.ModelChoiceField) and not isinstance(
        field, forms.ModelMultipleChoiceField
    ):
        field.to_python = _guarded_to_python(field.to_python)
    if isinstance(field, (forms.DateField, forms.DateTimeField)) and not any(
        isinstance(v, DateBoundsValidator) for v in field.validators
    ):
        field.validators.append(validate_business_date)


class BoundedMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            bound_field(field)


class Form(BoundedMixin, forms.Form):
    """A form whose number and date fields refuse what no business means."""


class ModelForm(BoundedMixin, forms.ModelForm):
    """A model form whose number and date fields refuse what no business means."""
