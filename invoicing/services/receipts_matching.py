"""How a bank credit is matched to what a client owes (入金消込), as pure
functions: the payer name compared after normalising, the invoice number
found in the EDI field, and the amount spread over the open invoices.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

# Legal-entity words as banks spell them in full (after the small kana are
# made full size, as the Zengin character set writes them).
_ENTITY_WORDS = (
    "カブシキガイシヤ",
    "ユウゲンガイシヤ",
    "ゴウドウガイシヤ",
    "ゴウシガイシヤ",
    "ゴウメイガイシヤ",
    "株式会社",
    "有限会社",
    "合同会社",
)
# The abbreviations: カ) before the name or (カ after it, for 株式会社; ユ)
# 有限, ド) 合同, and the like (one to three kana in the bracket).
_ENTITY_BEFORE = re.compile(r"^[ァ-ヺ]{1,3}\)")
_ENTITY_AFTER = re.compile(r"\([ァ-ヺ]{1,3}\)?$")
_ENTITY_INSIDE = re.compile(r"\([ァ-ヺ]{1,3}\)")
_SMALL = str.maketrans("ァィゥェォャュョッヮヵヶ", "アイウエオヤユヨツワカケ")
_DROP = re.compile(r"[\s\-‐−ー.．・,、()（）]")
_INVOICE_NUMBER = re.compile(r"([A-Z]{2,5})-?(\d{4})-?(\d{6})")


def payer_key(name: str) -> str:
    """A payer name reduced to what identifies it: ｶ)ｻﾝﾌﾟﾙ, ｻﾝﾌﾟﾙ(ｶ,
    株式会社サンプル and サンプル all give サンプル."""
    text = unicodedata.normalize("NFKC", name or "").upper()
    text = "".join(
        chr(ord(ch) + 0x60) if "\u3041" <= ch <= "\u3096" else ch for ch in text
    )
    text = text.translate(_SMALL).replace(" ", "").replace("\u3000", "")
    for word in _ENTITY_WORDS:
        text = text.replace(word, "")
    text = _ENTITY_INSIDE.sub("", text)
    text = _ENTITY_BEFORE.sub("", text)
    text = _ENTITY_AFTER.sub("", text)
    return _DROP.sub("", text)[:60]


def invoice_number_in(edi: str) -> str:
    """The invoice number (INV-2026-000123) written in the EDI field, or ""."""
    text = unicodedata.normalize("NFKC", edi or "").upper().replace(" ", "")
    found = _INVOICE_NUMBER.search(text)
    return "-".join(found.groups()) if found else ""


@dataclass(frozen=True)
class Share:
    """Part of a credit applied to one invoice: ``paid`` in money and
    ``fee`` the transfer fee deducted (borne by the operator)."""

    invoice_id: int
    paid: int
    fee: int = 0


MAX_COMBINED = 10  # open invoices tried in combination (2**10 subsets)


def allocate(
    amount: int, balances: list[tuple[int, int]], *, tolerance: int, first=None
) -> tuple[list[Share], int]:
    """Spread ``amount`` over open invoices ``[(id, balance), ...]`` (oldest
    first): the shares and what is left over (an overpayment).

    In order: one invoice owed exactly this; one owed at most ``tolerance``
    more (the client deducted the transfer fee); several that add up to it,
    exactly or short by the fee; otherwise oldest first, the last one
    partly. ``first`` (an invoice named in the EDI field or by finance) is
    taken before the others.
    """
    if first is not None:
        balances = sorted(balances, key=lambda row: row[0] != first)
        candidates = balances[:1]
    else:
        candidates = balances
    for invoice_id, balance in candidates:
        if balance == amount:
            return [Share(invoice_id, amount)], 0
    for invoice_id, balance in candidates:
        if 0 < balance - amount <= tolerance:
            return [Share(invoice_id, amount, balance - amount)], 0
    if first is None:
        combined = _combination(amount, balances[:MAX_COMBINED], tolerance)
        if combined:
            return combined, 0
    return _oldest_first(amount, balances, tolerance)


def _combination(amount, balances, tolerance) -> list[Share]:
    for size in range(2, len(balances) + 1):
        for group in itertools.combinations(balances, size):
            short = sum(balance for _id, balance in group) - amount
            if 0 <= short <= tolerance:
                shares = [Share(i, balance) for i, balance in group[:-1]]
                last_id, last_balance = group[-1]
                return [*shares, Share(last_id, last_balance - short, short)]
    return []


def _oldest_first(amount, balances, tolerance) -> tuple[list[Share], int]:
    shares, left = [], amount
    for invoice_id, balance in balances:
        if left <= 0:
            break
        if balance <= left:
            shares.append(Share(invoice_id, balance))
            left -= balance
        elif balance - left <= tolerance:
            shares.append(Share(invoice_id, left, balance - left))
            left = 0
        else:
            shares.append(Share(invoice_id, left))
            left = 0
    return shares, left
