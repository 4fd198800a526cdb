"""manage.py seed_scale [--clients N --workers N --engagements N --subtasks N]

An operator's real size for the benchmarks (bench/bench_pages.py): the demo
first, then every app's ``scale.seed`` in INSTALLED_APPS order, each adding
its rows in bulk. Run it on an empty database: it adds, it does not update.
"""

import time
from importlib import import_module

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.module_loading import module_has_submodule

from engagements.models import Engagement

FULL = {"clients": 1000, "workers": 5000, "engagements": 20000, "subtasks": 200000}


class Command(BaseCommand):
    help = "Add an operator's real size of data (after the demo) for benchmarks."

    def add_arguments(self, parser):
        for name, full in FULL.items():
            parser.add_argument(f"--{name}", type=int, default=full)
        parser.add_argument(
            "--scale", type=float, help="a share of the full size (0.1: a tenth)"
        )

    def handle(self, *args, scale, **options):
        sizes = {name: options[name] for name in FULL}
        if scale:
            sizes = {name: max(int(full * scale), 1) for name, full in FULL.items()}
        # About half the engagements are open: one director for 60 keeps each
        # within the roster limit of 50 open (directors.scale).
        sizes["directors"] = max(sizes["engagements"] // 60, 2)
        if Engagement.objects.filter(title__startswith="規模案件").exists():
            raise CommandError("This database already has the scale data.")
        started = time.perf_counter()
        call_command("seed_demo", stdout=self.stdout)
        world: dict = {}
        with transaction.atomic():
            for config in apps.get_app_configs():
                if module_has_submodule(config.module, "scale"):
                    module = import_module(f"{config.name}.scale")
                    module.seed(world, sizes=sizes, stdout=self.stdout)
        if connection.vendor == "postgresql":
            # Fresh statistics: with the planner's estimates from empty tables
            # the first pages measured would be timed on the wrong plans. And a
            # visibility map, as autovacuum keeps on a live database: without
            # it the index-only scans (the roster's counts) read the heap too.
            with connection.cursor() as cursor:
                # (VACUUM cannot run inside a transaction: a caller's atomic
                # block, such as a test's, gets the statistics alone.)
                vacuum = "" if connection.in_atomic_block else "VACUUM "
                cursor.execute(f"{vacuum}ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale data ready in {time.perf_counter() - started:.0f} s: "
                + ", ".join(f"{n} {k}" for k, n in sizes.items())
            )
        )
