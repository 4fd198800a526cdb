"""The finance dashboard's receivables part, computed where it is shown, so
the dashboard view does not change for it (one include line)."""

from django import template
from django.utils import timezone

from ..services.receivables import BUCKET_LABELS, BUCKETS, aging_report

register = template.Library()
CHART_WIDTH, BAR_HEIGHT, GAP = 480, 22, 8


@register.simple_tag
def aging_chart() -> dict:
    """Today's aging totals as horizontal bars (an SVG the template draws)."""
    report = aging_report(as_of=timezone.localdate())
    totals = report["totals"]
    largest = max([totals[key] for key, _low, _high in BUCKETS] + [1])
    bars = []
    for n, (key, _low, _high) in enumerate(BUCKETS):
        bars.append(
            {
                "key": key,
                "label": BUCKET_LABELS[key],
                "value": totals[key],
                "y": n * (BAR_HEIGHT + GAP),
                "w": round(totals[key] * (CHART_WIDTH - 160) / largest),
            }
        )
    return {
        "as_of": report["as_of"],
        "bars": bars,
        "total": totals["total_owed"],
        "width": CHART_WIDTH,
        "height": len(bars) * (BAR_HEIGHT + GAP),
        "bar_height": BAR_HEIGHT,
    }
