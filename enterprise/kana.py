"""Names in the Zengin character set (全銀協 JIS X 0201 subset, japan.md §5.1).

Bank transfer files carry names as half-width katakana, digits, A-Z, space
and a few symbols. People type names in hiragana, full-width katakana or
full-width letters; ``to_zengin`` converts what can be converted and
``ZenginNameError`` names what cannot.
"""

import jaconv

# Small kana are not allowed: written full size (ｷｬﾉﾝ -> ｷﾔﾉﾝ).
_SMALL_TO_FULL = str.maketrans("ｧｨｩｪｫｬｭｮｯ", "ｱｲｳｴｵﾔﾕﾖﾂ")
_KANA = {chr(c) for c in range(0xFF71, 0xFF9E)} | {"ﾞ", "ﾟ"}  # ｱ..ﾝ, ﾞ ﾟ
_BASE = _KANA | set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ ")
ALLOWED = {
    "person": _BASE | set("().-"),  # recipient and sender names
    "bank": _BASE | {"-"},  # bank and branch names
}


class ZenginNameError(ValueError):
    def __init__(self, text: str, bad: list[str]):
        self.text, self.bad = text, bad
        super().__init__(
            f"characters not allowed in a bank transfer name: {''.join(bad)}"
        )


def to_halfwidth_kana(text: str, *, long_vowel: str = "-") -> str:
    """Hiragana and full-width characters to half-width, upper case, normalised.

    The long-vowel mark ｰ is not accepted by most banks; it becomes
    ``long_vowel`` ("-" by default, configurable per bank).
    """
    text = jaconv.hira2kata(text.strip())
    text = jaconv.z2h(text, kana=True, ascii=True, digit=True)
    text = text.upper().translate(_SMALL_TO_FULL).replace("ｰ", long_vowel)
    return " ".join(text.split())  # one space between words


def to_zengin(text: str, *, kind: str = "person", long_vowel: str = "-") -> str:
    """Convert and check a name; raises ZenginNameError listing bad characters."""
    converted = to_halfwidth_kana(text, long_vowel=long_vowel)
    bad = sorted({ch for ch in converted if ch not in ALLOWED[kind]})
    if bad:
        raise ZenginNameError(converted, bad)
    return converted


def zengin_bytes(text: str) -> int:
    """Length in the file's encoding (cp932: every allowed character is 1 byte)."""
    return len(text.encode("cp932"))


def validate_zengin_name(value: str) -> None:
    """A validator for kana fields: only what a bank transfer can carry.

    Kanji, emoji and symbols are refused at entry, naming the characters,
    so a payout file never meets them later.
    """
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    try:
        to_zengin(value or "")
    except ZenginNameError as exc:
        raise ValidationError(
            _(
                "These characters cannot be used in a bank transfer: %(chars)s. "
                "Enter the name in kana."
            ),
            code="zengin_name",
            params={"chars": " ".join(exc.bad)},
        ) from None
