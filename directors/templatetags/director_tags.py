"""Waiting times and time left, as a director reads them at a glance."""

import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()


def _span(delta: datetime.timedelta) -> str:
    """'2日3時間', '5時間12分', '12分' (never negative)."""
    minutes = max(int(delta.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("%(days)sd %(hours)sh") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)sh %(minutes)smin") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)smin") % {"minutes": minutes}


@register.filter
def waited(moment) -> str:
    """The time since ``moment`` (a submission, a missed due date)."""
    return _span(timezone.now() - moment) if moment else ""


@register.filter
def time_left(moment) -> str:
    """The time until ``moment`` (a due date)."""
    return _span(moment - timezone.now()) if moment else ""


@register.filter
def waited_long(moment, hours: int = 24) -> bool:
    """True once something has waited more than ``hours`` (shown in red)."""
    if not moment:
        return False
    return timezone.now() - moment > datetime.timedelta(hours=int(hours))
