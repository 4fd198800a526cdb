"""Finance sees each change of a worker's bank account beside their payouts,
and a change just before a pay date is flagged (payee-change fraud)."""

import datetime

from django.utils import timezone

from invoicing.selectors.bank_changes import bank_changes_before
from invoicing.services import payouts
from workers import services as worker_services

from .factories import make_line

NEW_ACCOUNT = {
    "bank_code": "0009",
    "branch_code": "001",
    "account_type": 1,
    "account_number": "1112223",
    "holder_name": "ヤマダ タロウ",
}


def _change_bank(worker):
    # yamada's account was ...7654321 (factories.make_worker).
    worker_services.bank_account_save(
        profile=worker.worker_profile, by=worker, **NEW_ACCOUNT
    )


def test_finance_sees_the_change_on_the_statement_with_last_digits_only(
    client, operator, yamada, finance
):
    pay = datetime.date(2026, 4, 30)
    make_line(yamada, amount=30_000, received_on=datetime.date(2026, 3, 5),
              pay_date=pay)  # fmt: skip
    (statement,) = payouts.payout_run(pay_date=pay, by=finance)
    _change_bank(yamada)
    client.force_login(finance)
    page = client.get(f"/invoicing/payout-statements/{statement.pk}/")
    html = page.content.decode()
    assert "口座の変更履歴" in html
    assert "***321 → ***223" in html
    assert "7654321" not in html and "1112223" not in html
    assert yamada.display_name in html  # who changed it (the worker, here)
    # The worker's own page shows no such history.
    client.force_login(yamada)
    mine = client.get(f"/invoicing/payout-statements/{statement.pk}/")
    assert mine.status_code == 200 and "口座の変更履歴" not in mine.content.decode()


def _pay_date_page(client, finance, pay_date):
    client.force_login(finance)
    return client.get(f"/invoicing/payouts/{pay_date.isoformat()}/").content.decode()


def test_a_change_three_days_before_the_pay_date_is_flagged(
    client, operator, yamada, sato, finance
):
    pay = timezone.localdate() + datetime.timedelta(days=3)
    for worker in (yamada, sato):
        make_line(worker, amount=10_000, received_on=timezone.localdate(),
                  pay_date=pay)  # fmt: skip
    _change_bank(yamada)
    html = _pay_date_page(client, finance, pay)
    assert "支払日の直前に口座が変更されています" in html
    assert "***321 → ***223" in html
    flags = bank_changes_before(pay, [yamada.pk, sato.pk])
    assert list(flags) == [yamada.pk]
    assert flags[yamada.pk][0].worker_name == "山田 太郎"


def test_a_change_ten_days_before_the_pay_date_is_not_flagged(
    client, operator, yamada, finance
):
    pay = timezone.localdate() + datetime.timedelta(days=10)
    make_line(yamada, amount=10_000, received_on=timezone.localdate(),
              pay_date=pay)  # fmt: skip
    _change_bank(yamada)
    html = _pay_date_page(client, finance, pay)
    assert "支払日の直前に口座が変更されています" not in html
    assert bank_changes_before(pay, [yamada.pk]) == {}


def test_flags_take_one_query_whatever_the_number_of_workers(
    operator, yamada, sato, suzuki, django_assert_num_queries
):
    pay = timezone.localdate() + datetime.timedelta(days=2)
    for worker in (yamada, sato, suzuki):
        worker_services.bank_account_save(
            profile=worker.worker_profile, by=worker, **NEW_ACCOUNT
        )
    with django_assert_num_queries(1):
        flags = bank_changes_before(pay, [yamada.pk, sato.pk, suzuki.pk])
    assert sorted(flags) == sorted([yamada.pk, sato.pk, suzuki.pk])
