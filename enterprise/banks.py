"""Banks: their names as people write them and the 全銀協 code list.

One table for the whole project (workers and invoicing import it from here).
The Zengin file needs the half-width kana name (ﾐｽﾞﾎ) and keeps it on the
account; pages and documents show the bank's own name (みずほ銀行). A bank not
in ``BANK_NAMES`` shows its kana (or the code list's name), which is still
right, only harder to read.

Bank and branch codes come from the zengin-code package, which loads every
bank and branch (about 30,000 rows) when imported, taking a third of a second:
it is imported on first use, not at start. The package's version is the date
of its data; update it regularly.
"""

from dataclasses import dataclass
from functools import cache

from .kana import ZenginNameError, to_halfwidth_kana, to_zengin


@dataclass(frozen=True)
class BankBranch:
    bank_code: str
    bank_name: str  # as people write it (BANK_NAMES), else as the package does
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
    return BANK_NAMES.get(bank_code, bank.name) if bank else None


def lookup(bank_code: str, branch_code: str) -> BankBranch | None:
    """The bank and branch of these codes, or None when either does not exist."""
    bank = _banks().get(bank_code)
    branch = bank.branches.get(branch_code) if bank else None
    if branch is None:
        return None
    return BankBranch(
        bank_code=bank.code,
        bank_name=BANK_NAMES.get(bank.code, bank.name),
        bank_kana=_zengin_kana(bank.kana) or to_halfwidth_kana(bank.name),
        branch_code=branch.code,
        branch_name=branch.name,
        branch_kana=_zengin_kana(branch.kana) or to_halfwidth_kana(branch.name),
    )


BANK_NAMES = {
    "0001": "みずほ銀行",
    "0005": "三菱UFJ銀行",
    "0009": "三井住友銀行",
    "0010": "りそな銀行",
    "0017": "埼玉りそな銀行",
    "0033": "PayPay銀行",
    "0034": "セブン銀行",
    "0036": "楽天銀行",
    "0038": "住信SBIネット銀行",
    "0039": "auじぶん銀行",
    "0040": "イオン銀行",
    "0042": "ローソン銀行",
    "0116": "北海道銀行",
    "0117": "青森銀行",
    "0125": "七十七銀行",
    "0130": "常陽銀行",
    "0134": "千葉銀行",
    "0138": "横浜銀行",
    "0149": "静岡銀行",
    "0158": "京都銀行",
    "0177": "福岡銀行",
    "0288": "三菱UFJ信託銀行",
    "0289": "みずほ信託銀行",
    "0294": "三井住友信託銀行",
    "0397": "SBI新生銀行",
    "0398": "あおぞら銀行",
    "9900": "ゆうちょ銀行",
}


def bank_display_name(code: str, kana: str = "") -> str:
    """みずほ銀行 for 0001; the kana name for a bank the table does not know."""
    return BANK_NAMES.get(code, kana)
