"""Benchmark: recommending workers for one subtask among 5,000 workers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motouke_bench \\
        .venv/bin/python bench/bench_recommendation.py [--workers 5000] [--runs 50]

Creates the database if it does not exist, migrates it, empties it, seeds
the workers (skills, levels, per-category figures, incidents, assignment
counters) and prints the median time of ``recommend_workers`` for a writing
subtask and how many queries it made. Target: under 100 ms, one query.
It prints figures; it is not a test. Never point it at a database you keep:
it flushes it.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from importlib import import_module
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/motouke_bench"


def ensure_database(url: str) -> None:
    """CREATE DATABASE when it is missing (PostgreSQL only)."""
    parsed = urlparse(url)
    if not parsed.scheme.startswith("postgres"):
        return
    import psycopg2

    name = parsed.path.lstrip("/")
    conn = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        dbname="postgres",
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    # The test settings: they let flush TRUNCATE the issued-document tables.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def reset() -> None:
    from django.apps import apps
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", "categories", "skills", verbosity=0)
    # flush also emptied the certification levels the data migration made.
    levels = import_module("workers.migrations.0002_default_certification_levels")
    levels.create_levels(apps, None)


def seed(n_workers: int, rng: random.Random) -> None:
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from enterprise.models import Skill, WorkCategory
    from workers.models import (
        Certification,
        CertificationLevel,
        Incident,
        WorkerCategoryStats,
        WorkerProfile,
        WorkerSkill,
    )

    User = get_user_model()
    skills = list(Skill.objects.all())
    article = Skill.objects.get(code="article")
    categories = list(WorkCategory.objects.all())
    writing = WorkCategory.objects.get(code="writing")
    levels = {lv.code: lv for lv in CertificationLevel.objects.all()}
    now = timezone.now()
    today = timezone.localdate()
    batch = 1000
    with transaction.atomic():
        users = User.objects.bulk_create(
            [
                User(username=f"bench{n:05d}", password="!", last_name="ベンチ")
                for n in range(n_workers)
            ],
            batch_size=batch,
        )
        profiles = []
        for n, user in enumerate(users):
            capacity = rng.randint(1, 6)
            away = rng.random() < 0.05
            profiles.append(
                WorkerProfile(
                    user=user,
                    legal_name=f"ベンチ {n}",
                    legal_name_kana="ベンチ",
                    display_name=f"ワーカー{n:05d}",
                    capacity=capacity,
                    active_assignments=rng.randint(0, capacity),
                    availability="away"
                    if away
                    else rng.choice(["available", "available", "busy"]),
                    away_until=today + timedelta(days=rng.randint(-5, 30))
                    if away
                    else None,
                )
            )
        profiles = WorkerProfile.objects.bulk_create(profiles, batch_size=batch)
        worker_skills, certs, stats, incidents = [], [], [], []
        for profile in profiles:
            chosen = set(rng.sample(skills, rng.randint(2, 5)))
            if rng.random() < 0.4:  # a popular skill: many candidates to rank
                chosen.add(article)
            for skill in chosen:
                verified = rng.random() < 0.3
                worker_skills.append(
                    WorkerSkill(
                        profile=profile,
                        skill=skill,
                        self_level=rng.randint(1, 5),
                        verified=verified,
                        verified_at=now if verified else None,
                    )
                )
            for category in rng.sample(categories, rng.randint(1, 3)) + [writing]:
                approved = rng.randint(0, 40)
                rated = rng.randint(0, approved)
                stats.append(
                    WorkerCategoryStats(
                        worker_id=profile.user_id,
                        category=category,
                        approved_count=approved,
                        rated_count=rated,
                        rating_sum=sum(rng.randint(3, 5) for _ in range(rated)),
                    )
                )
            roll = rng.random()
            if roll < 0.2:
                certs.append(
                    Certification(
                        worker_id=profile.user_id,
                        category=writing,
                        level=levels["senior" if roll < 0.04 else "certified"],
                        status="probation" if roll > 0.18 else "active",
                        since=date(2026, 1, 1),
                        probation_until=today + timedelta(days=10)
                        if roll > 0.18
                        else None,
                    )
                )
            if rng.random() < 0.05:
                for _n in range(rng.randint(1, 2)):
                    incidents.append(
                        Incident(
                            worker_id=profile.user_id,
                            kind=rng.choice(["overdue", "quality", "unreachable"]),
                            description="bench",
                            occurred_at=now - timedelta(days=rng.randint(1, 150)),
                        )
                    )
        # Stats rows are unique per (worker, category): keep the first of each.
        unique = {(s.worker_id, s.category_id): s for s in reversed(stats)}
        WorkerSkill.objects.bulk_create(worker_skills, batch_size=batch)
        WorkerCategoryStats.objects.bulk_create(unique.values(), batch_size=batch)
        Certification.objects.bulk_create(certs, batch_size=batch)
        Incident.objects.bulk_create(incidents, batch_size=batch)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def measure(runs: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from enterprise.models import Skill, WorkCategory
    from workers.models import WorkerProfile, WorkerSkill
    from workers.selectors import recommend_workers

    article = Skill.objects.select_related("category").get(code="article")
    writing = WorkCategory.objects.get(code="writing")
    excluded = list(
        WorkerProfile.objects.order_by("pk").values_list("user_id", flat=True)[:3]
    )

    def once():
        return recommend_workers(
            skill=article, category=writing, exclude_user_ids=excluded, limit=20
        )

    for _n in range(3):  # warm caches and the connection
        once()
    timings = []
    for _n in range(runs):
        start = time.perf_counter()
        results = once()
        timings.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        once()
    timings.sort()
    print(f"database:           {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"workers:            {WorkerProfile.objects.count():,}")
    print(f"with the skill:     {WorkerSkill.objects.filter(skill=article).count():,}")
    print(f"runs:               {runs}")
    print(f"median:             {statistics.median(timings):.1f} ms")
    print(f"p95:                {timings[int(len(timings) * 0.95) - 1]:.1f} ms")
    print(f"queries per call:   {len(queries)}")
    top = results[0]
    print(f"top worker:         {top.profile.display_name} score {top.score}")
    for reason in top.reasons:
        print(f"  - {reason}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=20261128)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    ensure_database(url)
    setup_django(url)
    started = time.perf_counter()
    reset()
    seed(args.workers, random.Random(args.seed))
    print(f"seeded in {time.perf_counter() - started:.1f} s")
    measure(args.runs)


if __name__ == "__main__":
    main()
