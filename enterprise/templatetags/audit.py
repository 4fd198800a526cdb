"""The audit trail in templates: action labels and the link to the viewer."""

import functools
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


@functools.cache
def _state_labels(model) -> dict:
    """{value: label} of the model's state fields (state, status, ...)."""
    labels: dict = {}
    for field in model._meta.concrete_fields if model else ():
        if field.choices and field.name.endswith(("state", "status")):
            labels.update(dict(field.flatchoices))
    return labels


@register.filter
def audit_state(entry, which: str = "to") -> str:
    """The label of the state an audit row moved from or to ("invoiced" ->
    請求済), read from the target model's choices; else the stored value."""
    value = entry.from_state if which == "from" else entry.to_state
    if not value:
        return ""
    model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
    return _state_labels(model).get(value, value)


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
