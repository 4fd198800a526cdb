"""Qualified-invoice registration numbers (登録番号, japan.md §1.2).

``T`` + 13 digits. For a corporation the 13 digits are its 法人番号, whose
first digit is a check digit over the other twelve. Individuals get a newly
assigned number for which no check-digit scheme is published, so a failing
check digit is only a warning for them.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from enterprise.models import corporate_number_check_digit

_FORMAT = re.compile(r"^T\d{13}$")


def normalise_registration_number(value: str) -> str:
    """Full-width to half-width, upper-case T, spaces and hyphens removed."""
    text = unicodedata.normalize("NFKC", value or "").upper()
    return re.sub(r"[\s\-]", "", text)


def validate_registration_format(value: str) -> None:
    if value and not _FORMAT.match(value):
        raise ValidationError(
            _("Enter T followed by 13 digits."), code="registration_format"
        )


def check_digit_ok(number: str) -> bool:
    """Whether the 13 digits (with or without the T) satisfy the check digit."""
    digits = number[1:] if number.startswith("T") else number
    if not re.fullmatch(r"\d{13}", digits):
        return False
    return int(digits[0]) == corporate_number_check_digit(digits[1:])
