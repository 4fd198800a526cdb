"""Every page of every role's menu, and the heavy detail pages, at an
operator's real size on PostgreSQL.

    .venv/bin/python bench/bench_pages.py [--scales 0.1,1] [--runs 7]
        [--db postgres://postgres@127.0.0.1:5432/motouke_perf]

For each scale it uses the database ``<db>_<scale>`` (``motouke_perf_0_1``,
``motouke_perf_1``), creating, migrating and filling it with
``manage.py seed_scale --scale S`` the first time (kept afterwards: delete
the database to seed again). Each page is fetched through the test client
(every middleware, a logged-in session), once to warm up, then ``--runs``
times; beside it, in the same run, a bare view of 50 rows of the same table
behind the same middleware and login. It prints per page the median ms,
the queries, and the ratio to the bare view, flags what misses a target
(15 queries, 100 ms, 10x bare) and finally whether any page's query count
grew between the scales. A script that prints, not a test.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/motouke_perf"
TARGETS = {"queries": 15, "ms": 100, "ratio": 10}
# The table a page lists, for its bare view; else the role's.
TABLES = {
    "clients:sales_dashboard": "clients.Client",
    "clients:list": "clients.Client",
    "engagements:list": "engagements.Engagement",
    "directors:roster": "directors.DirectorProfile",
    "directors:review_queue": "engagements.Subtask",
    "engagements:worker_offers": "engagements.Offer",
    "engagements:worker_ratings": "engagements.Review",
    "workers:certification": "workers.WorkRecord",
    "workers:search": "workers.WorkerProfile",
    "workers:recommend": "workers.WorkerProfile",
    "workers:skills": "workers.WorkerSkill",
    "workers:tests": "workers.SkillTest",
    "workers:profile_edit": "workers.WorkerProfile",
    "invoicing:my_orders": "invoicing.WorkerOrder",
    "invoicing:my_statements": "invoicing.PayoutStatement",
    "invoicing:my_pay_dates": "invoicing.PayoutLine",
    "invoicing:payouts": "invoicing.PayoutStatement",
    "invoicing:month_close": "invoicing.Invoice",
}
ROLE_TABLES = {
    "sales": "engagements.Engagement",
    "director": "engagements.Engagement",
    "worker": "engagements.Subtask",
    "finance": "invoicing.Invoice",
    "client": "engagements.Engagement",
}


# --- the parent: one child process per scale --------------------------------


def _db_url(base: str, scale: float) -> str:
    return f"{base}_" + f"{scale:g}".replace(".", "_")  # motouke_perf_0_1, _1


def _ensure_database(url: str) -> bool:
    """CREATE DATABASE when missing; True when it was created."""
    import psycopg2

    base, name = url.rsplit("/", 1)
    conn = psycopg2.connect(f"{base}/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cur.fetchone():
            conn.close()
            return False
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    return True


def _env(url: str) -> dict:
    return os.environ | {
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "LOG_LEVEL": "WARNING",
    }


def _prepare(url: str, scale: float) -> None:
    if not _ensure_database(url):
        return
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=_env(url), check=True)
    started = time.perf_counter()
    subprocess.run(
        [*manage, "seed_scale", "--scale", str(scale)], env=_env(url), check=True
    )
    print(f"seeded scale {scale} in {time.perf_counter() - started:.0f} s")


def _report(scale: float, rows: list[dict]) -> None:
    print(f"\n== scale {scale} ==")
    print(f"{'role':<9}{'page':<44}{'ms':>8}{'queries':>9}{'bare ms':>9}{'×bare':>7}")
    for r in rows:
        if r.get("status", 200) != 200:
            print(
                f"{r['role']:<9}{r['page'][:43]:<44}  answered {r['status']}, not timed"
            )
            continue
        misses = [
            name
            for name, value in (
                ("queries", r["queries"]),
                ("ms", r["ms"]),
                ("ratio", r["ratio"]),
            )
            if value > TARGETS[name]
        ]
        print(
            f"{r['role']:<9}{r['page'][:43]:<44}{r['ms']:>8.1f}{r['queries']:>9}"
            f"{r['bare_ms']:>9.1f}{r['ratio']:>7.1f}"
            + (f"  MISSES {', '.join(misses)}" if misses else "")
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", default="0.1,1")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", default=DEFAULT_DB)
    parser.add_argument(
        "--skip-runs-lane", action="store_true", help="leave out the pay-date pages"
    )
    parser.add_argument(
        "--only",
        default="",
        help="time only the pages whose label contains one of these "
        "comma-separated words (e.g. directors:,board); their bare views too",
    )
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.runs)))
        return
    results = {}
    for scale in (float(s) for s in args.scales.split(",")):
        url = _db_url(args.db, scale)
        _prepare(url, scale)
        out = subprocess.run(
            [sys.executable, __file__, "--measure", url, "--runs", str(args.runs)],
            env=_env(url)
            | {
                "BENCH_SKIP_RUNS_LANE": "1" if args.skip_runs_lane else "",
                "BENCH_ONLY": args.only,
            },
            check=True,
            stdout=subprocess.PIPE,  # the child's errors reach the terminal
            text=True,
        ).stdout
        results[scale] = json.loads(out.strip().splitlines()[-1])
        _report(scale, results[scale])
    _compare(results)


def _compare(results: dict) -> None:
    if len(results) < 2:
        return
    scales = sorted(results)
    # Keyed by role too: two roles open the same page with other rows.
    counts = [
        {(r["role"], r["page"]): r["queries"] for r in results[s]} for s in scales
    ]
    pairs = [
        (key, counts[0][key], counts[-1][key]) for key in counts[0] if key in counts[-1]
    ]
    grew = [f"{r} {p}: {a} -> {b}" for (r, p), a, b in pairs if b > a]
    fell = [f"{r} {p}: {a} -> {b}" for (r, p), a, b in pairs if b < a]
    print(f"\nQuery counts from scale {scales[0]} to {scales[-1]}: ", end="")
    print("grew on no page." if not grew else "grew on " + "; ".join(grew))
    if fell:
        # Fewer at the larger size: that persona sees other content there.
        print("Fewer on " + "; ".join(fell))


# --- the child: measures one database ---------------------------------------


def _bare_urlconf():
    """The project's URLs plus /__bare__/<app.Model>/: 50 rows of a table,
    rendered by a template, behind the same middleware and login."""
    from django.apps import apps
    from django.contrib.auth.decorators import login_required
    from django.http import HttpResponse
    from django.template import engines
    from django.urls import include, path

    template = engines["django"].from_string(
        "<table>{% for row in rows %}<tr><td>{{ row.pk }}</td></tr>{% endfor %}</table>"
    )

    @login_required
    def bare(request, label):
        rows = apps.get_model(label).objects.order_by("-pk")[:50]
        return HttpResponse(template.render({"rows": rows}, request))

    module = types.ModuleType("bench_bare_urls")
    module.urlpatterns = [
        path("__bare__/<str:label>/", bare),
        path("", include(os.environ.get("ROOT_URLCONF", "enterprise.urls"))),
    ]
    sys.modules["bench_bare_urls"] = module
    return "bench_bare_urls"


def _personas() -> dict:
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Q

    from engagements.models import Offer

    User = get_user_model()
    busiest = (
        User.objects.filter(username__startswith="scale-worker")
        .annotate(n=Count("offers", filter=Q(offers__state=Offer.State.PENDING)))
        .order_by("-n", "pk")
        .first()
    )
    return {
        "sales": User.objects.get(username="sales"),
        "director": User.objects.get(username="director"),
        "worker": busiest,
        "finance": User.objects.get(username="finance"),
        "client": User.objects.get(username="scale-client00001"),
    }


def _pages(personas) -> list[tuple[str, str, str, str]]:
    """(role, label, url, table) of every menu page and the heavy ones."""
    from django.db.models import Count
    from django.urls import NoReverseMatch, reverse

    from engagements.models import Engagement
    from enterprise.roles import DASHBOARDS, navigation_for
    from invoicing.models import PayoutLine, PayoutStatement

    pages = []
    for role in personas:
        for name in [DASHBOARDS[role]] + [n for n, *_rest in navigation_for(role)]:
            try:
                url = reverse(name)
            except NoReverseMatch:
                continue
            pages.append((role, name, url, TABLES.get(name, ROLE_TABLES[role])))
    board = Engagement.objects.annotate(n=Count("subtasks")).order_by("-n").first()
    pages.append(
        ("director", f"board of {board.n} subtasks",
         reverse("directors:engagement", args=[board.pk]), "engagements.Subtask")
    )  # fmt: skip
    paid = (
        PayoutStatement.objects.values("pay_date").annotate(n=Count("pk"))
        .order_by("-n").first()
    )  # fmt: skip
    open_lines = (
        PayoutLine.objects.filter(statement__isnull=True).values("pay_date")
        .annotate(n=Count("pk")).order_by("-n").first()
    )  # fmt: skip
    for row, what, table in (
        (paid, "statements", "invoicing.PayoutStatement"),
        (open_lines, "open lines", "invoicing.PayoutLine"),
    ):
        if row and not os.environ.get("BENCH_SKIP_RUNS_LANE"):
            day = row["pay_date"].isoformat()
            pages.append(
                ("finance", f"pay date with {row['n']} {what} (runs lane)",
                 reverse("invoicing:payout_date", args=[day]), table)
            )  # fmt: skip
    pages.append(
        ("worker", "engagements:worker_subtasks?show=all",
         reverse("engagements:worker_subtasks") + "?show=all", "engagements.Subtask")
    )  # fmt: skip
    return pages


def _time(client, url: str, runs: int, beside: str = "") -> tuple:
    """(median ms, queries, status, median ms of ``beside``): a page that
    does not answer 200 to this persona (a contact without the company's
    permission) is not timed. With ``beside`` (the bare view) each request
    of the page is followed by one of it, so both medians are taken over
    the same seconds: this machine's speed drifts by a third within a
    minute, and a bare view timed once per table before its pages gave
    ratios that moved by as much."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm: templates, caches, the plan cache
    while response.status_code in (301, 302):  # a menu entry that redirects
        url = response.url  # (the help centre, to the reader's audience)
        response = client.get(url)
    if response.status_code != 200:
        return 0.0, 0, response.status_code, 0.0
    if beside:
        client.get(beside)  # warm
    # Each request clears the query log (request_started): start from empty.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    queries = len(ctx)  # now: the log is read lazily and later requests clear it
    times, bare_times = [], []
    for _n in range(runs):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        if beside:
            started = time.perf_counter()
            client.get(beside)
            bare_times.append((time.perf_counter() - started) * 1000)
    bare = statistics.median(bare_times) if bare_times else 0.0
    return statistics.median(times), queries, 200, bare


def measure(runs: int) -> list[dict]:
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.urls import clear_url_caches, set_urlconf

    settings.ROOT_URLCONF = _bare_urlconf()
    clear_url_caches()
    set_urlconf(None)
    personas = _personas()
    clients, rows = {}, []
    for role, user in personas.items():
        clients[role] = Client()
        clients[role].force_login(user)
    only = [word for word in os.environ.get("BENCH_ONLY", "").split(",") if word]
    for role, label, url, table in _pages(personas):
        if only and not any(word in label for word in only):
            continue
        client = clients[role]
        bare_url = f"/__bare__/{table}/"
        ms, queries, status, bare_ms = _time(client, url, runs, beside=bare_url)
        rows.append(
            {"role": role, "page": label, "ms": ms, "queries": queries,
             "bare_ms": bare_ms, "ratio": ms / bare_ms if bare_ms else 0.0,
             "status": status}
        )  # fmt: skip
    return rows


if __name__ == "__main__":
    main()
