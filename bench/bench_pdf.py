"""An invoice PDF rendered warm, in one process, as a Celery worker does.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motouke_perf_0_1 \\
        .venv/bin/python bench/bench_pdf.py [--runs 15] [--number INV-…]

Reads (never writes) a database holding the demo (``seed_demo`` or
``seed_scale``), renders the invoice with the most lines (or ``--number``)
once to warm up (fonts, templates), then ``--runs`` times, and prints the
median and the fastest, beside a one-line Japanese page rendered the same
way. Target: median ≤ 150 ms. Also prints the median CPU time of a render
(``time.process_time``), which a loaded machine inflates far less than the
wall time: compare that between two versions run back to back. A script
that prints, not a test.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.db.models import Count  # noqa: E402

TARGET_MS = 150


def _timed(render, runs: int) -> tuple[float, float, float, int]:
    """Median and fastest wall time, median CPU time (ms), and the size."""
    size = len(render())  # warm
    times, cpu_times = [], []
    for _n in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        render()
        cpu_times.append((time.process_time() - cpu_started) * 1000)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times), statistics.median(cpu_times), size


def main() -> None:
    from django.template import engines

    from enterprise.pdf import PDF_FONT_FAMILY, render_pdf
    from invoicing.models import Invoice
    from invoicing.services.billing_documents import INVOICE_TEMPLATE, invoice_context

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--number")
    args = parser.parse_args()
    issued = Invoice.objects.exclude(number="")
    if args.number:
        invoice = issued.get(number=args.number)
    else:
        invoice = issued.annotate(n=Count("lines")).order_by("-n", "pk").first()
    context = invoice_context(invoice)
    median, best, cpu, size = _timed(
        lambda: render_pdf(INVOICE_TEMPLATE, context), args.runs
    )
    verdict = "meets" if median <= TARGET_MS else "MISSES"
    print(
        f"invoice {invoice.number} ({len(context['lines'])} lines, {size:,} B): "
        f"median {median:.0f} ms, fastest {best:.0f} ms, CPU median {cpu:.0f} ms"
        f" — {verdict} ≤ {TARGET_MS} ms"
    )
    page = engines["django"].from_string(
        '<html style="font-family: {{ f|safe }}"><p>請求書</p></html>'
    )
    from weasyprint import HTML

    from enterprise.pdf import _font_config

    html = page.render({"f": PDF_FONT_FAMILY})
    median, best, cpu, _size = _timed(
        lambda: HTML(string=html).write_pdf(font_config=_font_config()), args.runs
    )
    print(
        f"one-line Japanese page: median {median:.0f} ms, fastest {best:.0f} ms, "
        f"CPU median {cpu:.0f} ms"
    )


if __name__ == "__main__":
    main()
