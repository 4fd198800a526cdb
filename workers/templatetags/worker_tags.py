"""How certification figures read on pages: one place for every template."""

from decimal import Decimal

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from ..criteria import CriterionResult
from ..selectors import worker_name

register = template.Library()


def _number(value) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


@register.filter
def criterion_figure(result: CriterionResult) -> str:
    """The worker's figure: '12 subtasks', '92.50%', '4.80', 'passed'."""
    value, kind = result.value, result.kind
    if kind == "bool":
        return _("Passed") if value else _("Not passed")
    if value is None:
        return _("No data yet")
    if kind == "percent":
        return f"{value}%"
    if kind == "count":
        return _("%(count)s subtask(s)") % {"count": _number(value)}
    if kind == "incidents":
        return _("%(count)s incident(s)") % {"count": _number(value)}
    return str(value)


@register.filter
def criterion_threshold(result: CriterionResult) -> str:
    """What the level asks for: '10 or more', '90.00% or more', 'none in 90 days'."""
    threshold, kind = result.threshold, result.kind
    if kind == "bool":
        return _("Required")
    if kind == "incidents":
        return _("None in the last %(days)s days") % {"days": threshold}
    if kind == "percent":
        return _("%(value)s%% or more") % {"value": threshold}
    if kind == "count":
        return _("%(count)s subtask(s) or more") % {"count": _number(threshold)}
    return _("%(value)s or more") % {"value": _number(threshold)}


@register.filter
def decision_criteria(decision) -> list[CriterionResult]:
    """The stored figures of a CertificationDecision, ready to show."""
    rows = []
    for item in (decision.figures or {}).get("criteria", []):
        value, threshold = item.get("value"), item.get("threshold")
        if isinstance(value, str):
            value = Decimal(value)
        if isinstance(threshold, str):
            threshold = Decimal(threshold)
        rows.append(CriterionResult(item["code"], value, threshold, item["met"]))
    return rows


@register.filter(name="worker_name")
def worker_name_filter(user) -> str:
    """{{ subtask.assignee|worker_name }}: the profile's display name."""
    return worker_name(user)


# --- A worker's row: written in Python, the HTML the partials wrote ----------
# The directors' search draws 50 rows; an include per cell (skills,
# availability) was half the time of the page's table.


@register.simple_tag
def skill_tags(skills) -> str:
    """A worker's skills as tags: label, declared level, ✓ once verified."""
    items = format_html_join(
        "",
        "<li>{} {}{}</li>",
        ((ws.skill.label, ws.self_level, " ✓" if ws.verified else "") for ws in skills),
    )
    return format_html(
        '<ul class="skill-tags">\n  {}\n</ul>\n',
        items or format_html("<li>{}</li>", _("None yet")),
    )


@register.simple_tag
def availability_badge(profile) -> str:
    """Available, busy, or away until a date (an absence ends once past)."""
    availability = profile.current_availability
    if availability == "away":
        label = _("Away until %(date)s") % {
            "date": date_filter(profile.away_until, "SHORT_DATE_FORMAT")
        }
    elif availability == "busy":
        label = _("Busy")
    else:
        label = _("Available")
    return format_html('<span class="state state-{}">{}</span>\n', availability, label)
