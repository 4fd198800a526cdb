import factory

from clients.models import Client
from clients.numbers import with_check_digit
from tests.factories import UserFactory


class ClientFactory(factory.django.DjangoModelFactory):
    """A lead with a valid 法人番号 (and the matching T number)."""

    class Meta:
        model = Client

    legal_name = factory.Sequence(lambda n: f"株式会社テスト{n}")
    legal_name_kana = factory.Sequence(lambda n: f"テスト{n}")
    corporate_number = factory.Sequence(lambda n: with_check_digit(f"{n:012d}"))
    registration_number = factory.LazyAttribute(lambda c: f"T{c.corporate_number}")
    postal_code = "100-0001"
    address = "東京都千代田区千代田1-1"
    billing_contact_name = "経理 花子"
    billing_contact_email = factory.Sequence(lambda n: f"billing{n}@example.jp")
    sales_owner = factory.SubFactory(UserFactory)
