"""Normalising and checking what people type for a company: 法人番号, T numbers,
postal codes and kana.

Pure functions. Input may come with full-width digits and letters, any of the
dashes Japanese input methods produce and stray spaces; every ``clean_*``
function returns the one canonical form stored in the database, or raises
``ValidationError`` with a message for the field.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from enterprise.models import corporate_number_check_digit as enterprise_check_digit

# Dashes NFKC leaves alone (or maps to something other than "-"). The
# katakana long mark ー is among them: people type it for a hyphen in numbers.
_DASHES = dict.fromkeys(
    map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc"), "-"
)

_CORPORATE_NUMBER = re.compile(r"^\d{13}$")
_POSTAL_CODE = re.compile(r"^\d{7}$")
# Katakana, the long mark, the middle dot, ASCII letters and digits, and the
# punctuation company names use (株式会社エー・ビー・シー, エヌ・ティ・ティ&コ).
_KANA = re.compile(r"^[\u30a1-\u30fa\u30fc\u30fb A-Za-z0-9&.,'()\-]+$")


def to_half_width(text: str) -> str:
    """Full-width digits, letters, spaces and dashes to ASCII; trimmed.

    For numbers only: the katakana long mark becomes a hyphen too.
    """
    return unicodedata.normalize("NFKC", text or "").translate(_DASHES).strip()


def _digits_only(text: str) -> str:
    return re.sub(r"[\s-]", "", to_half_width(text))


def corporate_number_check_digit(base: str) -> int:
    """The check digit of a 12-digit 法人番号 base (NTA specification).

    check = 9 - (sum of P_n * Q_n) mod 9, where P_n is the n-th digit from the
    right and Q_n is 1 for odd n and 2 for even n. The formula itself is
    enterprise's (it checks the operator's own number too).
    """
    if not re.fullmatch(r"\d{12}", base):
        raise ValueError("a corporate-number base is 12 digits")
    return enterprise_check_digit(base)


def with_check_digit(base: str) -> str:
    """The full 13-digit 法人番号 for a 12-digit base (check digit first)."""
    return f"{corporate_number_check_digit(base)}{base}"


def clean_corporate_number(value: str) -> str:
    """A 法人番号 as 13 ASCII digits with a correct check digit."""
    number = _digits_only(value)
    if not _CORPORATE_NUMBER.match(number):
        raise ValidationError(
            _("A corporate number has 13 digits."), code="corporate_number_length"
        )
    if int(number[0]) != corporate_number_check_digit(number[1:]):
        raise ValidationError(
            _("This corporate number is not valid (the check digit does not match)."),
            code="corporate_number_check_digit",
        )
    return number


def clean_registration_number(value: str) -> str:
    """A qualified-invoice registration number as ``T`` + 13 digits.

    A company's number is T + its 法人番号, so the same check digit applies.
    Thirteen digits without the T are accepted and get the T.
    """
    number = _digits_only(value).upper()
    if _CORPORATE_NUMBER.match(number):
        number = f"T{number}"
    if not re.fullmatch(r"T\d{13}", number):
        raise ValidationError(
            _("A registration number is T followed by 13 digits."),
            code="registration_number_format",
        )
    if int(number[1]) != corporate_number_check_digit(number[2:]):
        raise ValidationError(
            _(
                "This registration number is not valid "
                "(the check digit does not match)."
            ),
            code="registration_number_check_digit",
        )
    return number


def is_valid_corporate_number(value: str) -> bool:
    try:
        clean_corporate_number(value)
    except ValidationError:
        return False
    return True


def is_valid_registration_number(value: str) -> bool:
    try:
        clean_registration_number(value)
    except ValidationError:
        return False
    return True


def clean_postal_code(value: str) -> str:
    """A postal code as ``123-4567`` (〒, spaces and full-width digits accepted)."""
    digits = _digits_only(value).removeprefix("〒")
    if not _POSTAL_CODE.match(digits):
        raise ValidationError(
            _("Enter the postal code as 7 digits, e.g. 100-0001."),
            code="postal_code",
        )
    return f"{digits[:3]}-{digits[3:]}"


def clean_kana(value: str) -> str:
    """A name's reading in full-width katakana.

    Half-width katakana and hiragana are converted; anything else (kanji)
    is refused.
    """
    text = unicodedata.normalize("NFKC", value or "").strip()
    text = "".join(
        chr(ord(ch) + 0x60) if "\u3041" <= ch <= "\u3096" else ch for ch in text
    )
    text = re.sub(r"\s+", " ", text)
    if not _KANA.match(text):
        raise ValidationError(_("Enter the reading in katakana."), code="kana")
    return text


def search_kana(value: str) -> str:
    """A search term with hiragana and half-width kana turned into katakana."""
    try:
        return clean_kana(value)
    except ValidationError:
        return unicodedata.normalize("NFKC", value or "").strip()
