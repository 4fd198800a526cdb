from importlib import import_module

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from enterprise.demo import DEMO_PASSWORD, logins


class Command(BaseCommand):
    help = "Create or update the demo data (safe to run again) and print the logins."

    def handle(self, *args, **options):
        with transaction.atomic():
            call_command("loaddata", "categories", "skills", verbosity=0)
            self.stdout.write("Reference data: work categories and skills")
            for config in apps.get_app_configs():
                if module_has_submodule(config.module, "demo"):
                    self.stdout.write(f"Demo data: {config.label}")
                    import_module(f"{config.name}.demo").seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, roles in logins():
            self.stdout.write(f"  {username:<10} {roles}")
