"""The Zengin export holds what it cannot pay: a worker whose bank account
(legacy data, typed before entry was checked) does not fit the file is left
out and their statement held with the reason, shown to finance and audited;
everyone else is in the file. Mending the account releases the hold."""

import datetime

from django.urls import reverse

from enterprise.audit import timeline_for
from invoicing.models import PayoutStatement
from invoicing.services import payouts
from invoicing.zengin import parse_transfer_file
from workers.models import BankAccount

from .factories import make_line, make_worker

PAY = datetime.date(2026, 9, 30)
RECEIVED = datetime.date(2026, 8, 20)


def _two_workers(yamada, finance):
    legacy = make_worker("legacy", legal_name="旧 データ")
    # As a row saved before entry was checked: a letter among full-width
    # digits, kanji and an emoji (7 characters: it fits the column).
    BankAccount.objects.filter(profile__user=legacy).update(
        account_number="１２３４５６Ａ", holder_name="旧データ🍣"
    )
    make_line(yamada, amount=50_000, received_on=RECEIVED, pay_date=PAY)
    make_line(legacy, amount=10_000, received_on=RECEIVED, pay_date=PAY)
    payouts.payout_run(pay_date=PAY, by=finance)
    return legacy


def test_the_file_pays_the_other_worker_and_the_page_lists_the_held_one(
    operator, yamada, finance, client
):
    legacy = _two_workers(yamada, finance)
    client.force_login(finance)

    response = client.get(reverse("invoicing:payout_zengin", args=[PAY.isoformat()]))

    assert response.status_code == 200
    _header, transfers, trailer = parse_transfer_file(response.content, year=2026)
    assert [(t.recipient_name, t.amount) for t in transfers] == [("ﾔﾏﾀﾞ ﾀﾛｳ", 49_895)]
    assert (trailer.count, trailer.total) == (1, 49_895)
    held = PayoutStatement.objects.get(worker=legacy)
    assert "7桁以内" in held.bank_hold_reason
    assert "🍣" in held.bank_hold_reason
    paid = PayoutStatement.objects.get(worker=yamada)
    assert paid.bank_hold_reason == ""
    assert [row.action for row in timeline_for(held)][-1] == (
        "invoicing.payoutstatement.bank_held"
    )

    page = client.get(reverse("invoicing:payout_date", args=[PAY.isoformat()]))
    text = page.content.decode()
    assert "振込ファイルから保留した支払" in text
    assert "振込ファイルから保留: 旧 データ" in text  # the download's message
    held_table = text[text.index('id="bank-held"') :].split("</table>")[0]
    assert held.number in held_table and paid.number not in held_table
    assert "🍣" in held_table


def test_a_mended_account_is_released_and_paid_next_time(operator, yamada, finance):
    legacy = _two_workers(yamada, finance)
    payouts.exports.zengin_file(pay_date=PAY, by=finance)
    BankAccount.objects.filter(profile__user=legacy).update(
        account_number="1234567", holder_name="ｷﾕｳ ﾃﾞ-ﾀ"
    )

    data = payouts.exports.zengin_file(pay_date=PAY, by=finance)

    _header, transfers, _trailer = parse_transfer_file(data, year=2026)
    assert [t.recipient_name for t in transfers] == ["ﾔﾏﾀﾞ ﾀﾛｳ", "ｷﾕｳ ﾃﾞ-ﾀ"]
    held = PayoutStatement.objects.get(worker=legacy)
    assert (held.bank_hold_reason, held.bank_held_at) == ("", None)
    assert [row.action for row in timeline_for(held)][-1] == (
        "invoicing.payoutstatement.bank_released"
    )
