"""The freee and MoneyForward journal files: their headers, tax categories
and the same refusals as the Yayoi file (an unbalanced entry)."""

import datetime

import pytest

from invoicing.journal_formats import (
    MONEYFORWARD_COLUMNS,
    freee_category,
    iter_freee,
    iter_moneyforward,
    moneyforward_category,
)
from invoicing.yayoi import JournalEntry, JournalLine, YayoiError

DAY = datetime.date(2026, 3, 31)


@pytest.mark.parametrize(
    ("yayoi", "moneyforward", "freee"),
    [
        ("課税売上内10%", ("課売上10%", ""), "課税売上10%"),
        ("課対仕入内10%", ("課仕入10%", "適格"), "課対仕入10%"),
        ("課対仕入内10%区80", ("課仕入10%", "80%控除"), "課対仕入（控80）10%"),
        ("課税売上内軽減8%", ("課売上8%(軽)", ""), "課税売上8%（軽）"),
        ("対象外", ("対象外", ""), "対象外"),
    ],
)
def test_tax_categories_are_named_as_each_product_names_them(
    yayoi, moneyforward, freee
):
    assert moneyforward_category(yayoi) == moneyforward
    assert freee_category(yayoi) == freee


def test_moneyforward_has_its_27_columns_and_a_row_per_line():
    entry = JournalEntry(
        DAY,
        [
            JournalLine(debit_account="外注費", debit_amount=55_000, debit_tax=5_000,
                        debit_tax_category="課対仕入内10%", credit_account="未払金",
                        credit_sub="山田太郎", credit_amount=49_895, memo="山田"),
            JournalLine(credit_account="預り金", credit_amount=5_105),
        ],
    )  # fmt: skip
    text = b"".join(iter_moneyforward([entry])).decode("cp932")
    header, first, second, _end = text.split("\r\n")
    assert header.split(",") == MONEYFORWARD_COLUMNS and len(MONEYFORWARD_COLUMNS) == 27
    assert first.split(",")[:12] == [
        "1", "2026/03/31", "外注費", "", "", "", "課仕入10%", "適格", "55000", "5000",
        "未払金", "山田太郎",
    ]  # fmt: skip
    assert second.split(",")[:3] == ["1", "2026/03/31", ""]


@pytest.mark.parametrize("writer", [iter_freee, iter_moneyforward])
def test_an_unbalanced_entry_is_refused(writer):
    entry = JournalEntry(
        DAY,
        [JournalLine(debit_account="外注費", debit_amount=1_000,
                     credit_account="普通預金", credit_amount=999)],
    )  # fmt: skip
    with pytest.raises(YayoiError, match="999"):
        b"".join(writer([entry]))
