"""Bank and branch codes from the zengin-code package (全銀協 code list).

The package loads every bank and branch (about 30,000 rows) when imported,
which takes a third of a second: it is imported on first use, not at start.
The package's version is the date of its data; update it regularly.
"""

from dataclasses import dataclass
from functools import cache

from enterprise.kana import ZenginNameError, to_halfwidth_kana, to_zengin


@dataclass(frozen=True)
class BankBranch:
    bank_code: str
    bank_name: str  # as the package writes it (kanji/full-width)
    bank_kana: str  # half-width kana in the Zengin set, for the transfer file
    branch_code: str
    branch_name: str
    branch_kana: str


@cache
def _banks():
    from zengin_code import Bank

    return Bank.all


def _zengin_kana(kana: str) -> str:
    """The package's full-width kana as half-width Zengin characters.

    A few foreign banks' names contain "．", which bank names may not carry;
    it becomes a space rather than refusing a real bank.
    """
    try:
        return to_zengin(kana, kind="bank")
    except ZenginNameError as exc:
        text = exc.text
        for char in exc.bad:
            text = text.replace(char, " ")
        return " ".join(text.split())


def bank_exists(bank_code: str) -> bool:
    return bank_code in _banks()


def bank_name(bank_code: str) -> str | None:
    bank = _banks().get(bank_code)
    return bank.name if bank else None


def lookup(bank_code: str, branch_code: str) -> BankBranch | None:
    """The bank and branch of these codes, or None when either does not exist."""
    bank = _banks().get(bank_code)
    branch = bank.branches.get(branch_code) if bank else None
    if branch is None:
        return None
    return BankBranch(
        bank_code=bank.code,
        bank_name=bank.name,
        bank_kana=_zengin_kana(bank.kana) or to_halfwidth_kana(bank.name),
        branch_code=branch.code,
        branch_name=branch.name,
        branch_kana=_zengin_kana(branch.kana) or to_halfwidth_kana(branch.name),
    )
