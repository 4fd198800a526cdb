import factory
from django.contrib.auth import get_user_model


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.jp")
    last_name = "テスト"
    first_name = factory.Sequence(lambda n: f"太郎{n}")
    password = factory.django.Password("pass-word-123")
