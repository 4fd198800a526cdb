"""The audit trail in templates: action labels and the link to the viewer."""

from urllib.parse import urlencode

from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from enterprise.audit import action_label
from enterprise.roles import COMPLIANCE, FINANCE

register = template.Library()


@register.filter
def audit_label(action: str) -> str:
    """The action's label if an app declares one, else its key."""
    return action_label(action)


def may_read_audit_log(user) -> bool:
    return bool(user and (user.has_role(COMPLIANCE) or user.has_role(FINANCE)))


@register.simple_tag(takes_context=True)
def audit_viewer_url(context, timeline) -> str:
    """The audit viewer filtered to the object of ``timeline`` (an object's
    history, all of one object), for the people who may read the viewer;
    "" for anyone else or an empty history."""
    request = context.get("request")
    if request is None or not may_read_audit_log(request.user):
        return ""
    first = next(iter(timeline or ()), None)
    if first is None:
        return ""
    content_type = ContentType.objects.get_for_id(first.content_type_id)
    query = {
        "object_type": f"{content_type.app_label}.{content_type.model}",
        "object_id": first.object_id,
    }
    return f"{reverse('audit_log')}?{urlencode(query)}"
