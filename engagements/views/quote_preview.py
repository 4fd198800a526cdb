"""The quote editor's live figures: the lines as typed, computed by the same
arithmetic as saving (services.quotes.quote_preview), returned as JSON for
static/engagements/quote_editor.js. Nothing is saved; saving recomputes."""

from django.http import JsonResponse
from django.utils.translation import gettext as _

from enterprise.money import format_yen

from ..forms import QuoteLineFormSet
from ..services.quotes import quote_preview
from .sales import LINE_PREFIX, engagement_view


def _percent(rate: str) -> str:
    return f"{round(float(rate) * 100)}%"


@engagement_view(post=True)
def quote_preview_json(request, engagement):
    formset = QuoteLineFormSet(request.POST, prefix=LINE_PREFIX)
    if not formset.is_valid():
        # Half-typed lines are normal while typing: say what is missing, no 500.
        return JsonResponse(
            {"ok": False, "message": _("Complete the lines to see the totals.")}
        )
    lines = formset.lines()
    figures = quote_preview(engagement=engagement, lines=lines)
    kept = iter(figures["line_amounts"])
    # One entry per row on the page, in order (a removed or blank row: "").
    line_amounts = [
        format_yen(next(kept))
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
        else ""
        for form in formset.forms
    ]
    return JsonResponse(
        {
            "ok": True,
            "lines": line_amounts,
            "work_subtotal": format_yen(figures["work_subtotal"]),
            "direction_fee": format_yen(figures["direction_fee"]),
            "taxes": [
                {
                    "label": _("Consumption tax on %(base)s (%(rate)s)")
                    % {"base": format_yen(row["base"]), "rate": _percent(row["rate"])},
                    "tax": format_yen(row["tax"]),
                }
                for row in figures["tax_breakdown"]
            ],
            "total": format_yen(figures["total"]),
        }
    )
