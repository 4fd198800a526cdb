import pytest

from enterprise.models import OperatorProfile
from tests.engagements import factories as ef

from .factories import make_worker


@pytest.fixture
def operator(db):
    """The operator with the §5.3 sender and 月末締め翌月末払い (前営業日)."""
    profile = OperatorProfile.get()
    profile.zengin_sender_code = "1234567890"
    profile.zengin_sender_name = "ｶ)ﾃｽﾄｸﾗｳﾄﾞ"
    profile.paying_bank_code, profile.paying_bank_name = "0001", "ﾐｽﾞﾎ"
    profile.paying_branch_code, profile.paying_branch_name = "001", "ﾎﾝﾃﾝ"
    profile.paying_account_type, profile.paying_account_number = "1", "1234567"
    profile.payout_closing_day = 0
    profile.payout_month_offset = 1
    profile.payout_pay_day = 0
    profile.payout_holiday_rule = "previous"
    profile.unregistered_worker_tax = "add_tax"
    profile.save()
    return profile


@pytest.fixture
def finance(db):
    return ef.user_with_roles("finance-1", "finance")


@pytest.fixture
def director(db):
    return ef.user_with_roles("director-1", "director")


@pytest.fixture
def yamada(db):
    return make_worker("yamada", legal_name="山田 太郎")


@pytest.fixture
def sato(db):
    from .factories import SATO_BANK

    return make_worker("sato", legal_name="佐藤 花子", bank=SATO_BANK)


@pytest.fixture
def suzuki(db):
    return make_worker(
        "suzuki",
        legal_name="鈴木 一郎",
        bank={
            "bank_code": "0001",
            "branch_code": "789",
            "account_number": "1111111",
            "holder_name": "ｽｽﾞｷ ｲﾁﾛｳ",
        },
    )
