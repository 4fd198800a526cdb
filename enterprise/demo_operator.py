"""The demo operator, 株式会社モトウケ (a made-up company with a well-formed
registration number). ``OperatorProfile.get()`` creates it when the table is
empty; ``seed_demo`` (enterprise/demo.py) resets it to these values.
"""

from decimal import Decimal

DEMO_OPERATOR = {
    "legal_name": "株式会社モトウケ",
    "registration_number": "T4010001234567",
    "postal_code": "100-0005",
    "address": "東京都千代田区丸の内一丁目1番1号 モトウケビル5階",
    "phone": "03-1234-5678",
    "document_contact": "業務管理部 佐藤",
    "invoice_bank_name": "みずほ銀行",
    "invoice_branch_name": "東京営業部",
    "invoice_account_type": "1",
    "invoice_account_number": "1234567",
    "invoice_account_holder": "カ）モトウケ",
    "zengin_sender_code": "1234567890",
    "zengin_sender_name": "ｶ)ﾓﾄｳｹ",
    "paying_bank_code": "0001",
    "paying_bank_name": "ﾐｽﾞﾎ",
    "paying_branch_code": "110",
    "paying_branch_name": "ﾄｳｷﾖｳｴｲｷﾞﾖｳﾌﾞ",
    "paying_account_type": "1",
    "paying_account_number": "1234567",
    "fiscal_year_start_month": 4,
    "default_tax_rounding": "down",
    "invoice_number_prefix": "INV",
    "unregistered_worker_tax": "add_tax",
    "payout_closing_day": 0,
    "payout_month_offset": 1,
    "payout_pay_day": 0,
    "payout_holiday_rule": "previous",
    "director_pay_mode": "review_fee",
    "director_review_fee": 500,
    "director_fee_share": Decimal("0.3000"),
}


def seed_operator(*, stdout) -> None:
    from .models import OperatorProfile

    OperatorProfile.objects.update_or_create(pk=1, defaults=DEMO_OPERATOR)
    stdout.write(f"  operator: {DEMO_OPERATOR['legal_name']}")
