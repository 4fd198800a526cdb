import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from enterprise.roles import ROLES, sync_roles

pytestmark = pytest.mark.django_db


def test_every_role_has_its_group():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)


def test_groups_get_exactly_the_permissions_apps_declare(monkeypatch):
    config = apps.get_app_config("enterprise")
    monkeypatch.setattr(
        config, "role_permissions", {"finance": ["enterprise.view_auditlog"]}
    )
    sync_roles()
    finance = Group.objects.get(name="finance")
    codenames = set(finance.permissions.values_list("codename", flat=True))
    assert "view_auditlog" in codenames

    monkeypatch.setattr(config, "role_permissions", {})
    sync_roles()
    assert not finance.permissions.filter(codename="view_auditlog").exists()


def test_superuser_holds_every_role(make_user):
    assert make_user(is_superuser=True).role_names() == list(ROLES)
    veteran = make_user(roles=["worker", "director"])
    assert veteran.role_names() == ["director", "worker"]
