from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, using="default", **kwargs):
    from .roles import sync_roles

    sync_roles(using=using)


class EnterpriseConfig(AppConfig):
    name = "enterprise"
    verbose_name = _("Motouke")
    role_permissions: dict[str, list[str]] = {}
    navigation: dict[str, list] = {}

    def ready(self):
        # Groups get the permissions every app declares, once all apps migrated.
        post_migrate.connect(_sync_roles, dispatch_uid="enterprise.sync_roles")
