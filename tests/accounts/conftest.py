import re

import pytest
from django.core.cache import cache

PASSWORD = "kumo-no-ue-2026"


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rate limits and used TOTP codes live in the cache (locmem per process).
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def person(make_user):
    """make a login with PASSWORD: person("name", roles=[...])."""

    def make(username="sato", roles=(), **fields):
        user = make_user(username, roles=roles, **fields)
        user.set_password(PASSWORD)
        user.save()
        return user

    return make


def log_in(client, login, password=PASSWORD, follow=True):
    return client.post(
        "/accounts/login/", {"login": login, "password": password}, follow=follow
    )


def link_in(message, path):
    return re.search(rf"https?://\S+{path}\S*", message.body).group(0)
