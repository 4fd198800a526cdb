import datetime
import io

import pytest

from enterprise.demo_operator import seed_operator

from . import factories as f


@pytest.fixture
def operator(db):
    """The demo operator (株式会社モトウケ, T4010001234567, April fiscal year)."""
    seed_operator(stdout=io.StringIO())


@pytest.fixture
def finance(db):
    return f.user_with_roles("finance-1", "finance")


@pytest.fixture
def sales(db):
    return f.user_with_roles("sales-1", "sales")


@pytest.fixture
def sample(db):
    """株式会社サンプル: 月末締め翌月末払い, previous business day, 10% fee, floor."""
    return f.client()


@pytest.fixture
def march_2026():
    return datetime.date(2026, 3, 31)
