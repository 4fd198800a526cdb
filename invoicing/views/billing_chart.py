"""The dashboard's bar chart, drawn server-side as inline SVG geometry:
billed amount and margin per month (no JavaScript, prints and reads on phones)."""

from __future__ import annotations

import math

# LEFT leaves room for the value axis (¥ labels right-aligned against it).
WIDTH, HEIGHT, TOP, BOTTOM, LEFT = 720, 220, 10, 30, 64


def _step(span: int) -> int:
    """A round tick step giving about four ticks over ``span`` yen."""
    raw = max(span / 4, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def axis_label(value: int) -> str:
    """¥ on the value axis, in 万 from ten thousand up (as Japanese charts do)."""
    if abs(value) >= 10_000:
        return f"{value / 10_000:,.4g}万"
    return f"¥{value:,}"


def _ticks(bottom: int, top: int, y_of) -> list[dict]:
    step = _step(top - bottom)
    first = math.ceil(bottom / step) * step
    return [
        {
            "y": round(y_of(v), 1),
            "label_y": round(y_of(v) + 4, 1),
            "text": axis_label(v),
        }
        for v in range(first, top + 1, step)
    ]


def bar_chart(rows: list[dict]) -> dict:
    """Two bars a month (billed, margin); a negative margin hangs below zero."""
    if not rows:
        return {"bars": [], "width": WIDTH, "height": HEIGHT}
    top = max([1, *(r["billed"] for r in rows), *(r["margin"] for r in rows)])
    bottom = min([0, *(r["margin"] for r in rows), *(r["billed"] for r in rows)])
    span = top - bottom
    plot = HEIGHT - TOP - BOTTOM
    zero = TOP + plot * top / span
    slot = (WIDTH - LEFT) / len(rows)
    bar = slot * 0.36

    def y_of(value: int) -> float:
        return TOP + plot * (top - value) / span

    bars, labels = [], []
    for n, row in enumerate(rows):
        x = LEFT + n * slot + slot * 0.12
        for k, key in enumerate(("billed", "margin")):
            value = row[key]
            y = min(y_of(value), zero)
            bars.append(
                {
                    "x": round(x + k * bar, 1),
                    "y": round(y, 1),
                    "w": round(bar - 1, 1),
                    "h": round(abs(y_of(value) - zero), 1),
                    "kind": key,
                    "value": value,
                    "month": row["month"],
                }
            )
        labels.append(
            {"x": round(x + bar, 1), "y": HEIGHT - 10, "text": f"{row['month']:%m}"}
        )
    return {
        "bars": bars,
        "labels": labels,
        "ticks": _ticks(bottom, top, y_of),
        "left": LEFT,
        "label_x": LEFT - 6,
        "plot_bottom": HEIGHT - BOTTOM,
        "zero": round(zero, 1),
        "width": WIDTH,
        "height": HEIGHT,
    }
