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


def corporate_check_digit(base12: str) -> int:
    """The check digit of a 12-digit base: 9 - (Σ P_n × Q_n mod 9).

    P_n is the n-th digit from the right; Q_n is 1 for odd n and 2 for even n.
    """
    total = sum(
        int(digit) * (1 if n % 2 else 2)
        for n, digit in enumerate(reversed(base12), start=1)
    )
    return 9 - total % 9


def check_digit_ok(number: str) -> bool:
    """Whether the 13 digits (with or without the T) satisfy the check digit."""
    digits = number[1:] if number.startswith("T") else number
    if not re.fullmatch(r"\d{13}", digits):
        return False
    return int(digits[0]) == corporate_check_digit(digits[1:])
