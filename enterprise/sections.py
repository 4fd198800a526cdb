"""Sections that higher apps add to pages owned by lower ones.

A page in a lower app (the client portal home, the sales dashboard, the
worker dashboard) cannot import the apps above it, so those apps register a
section from their ``AppConfig.ready()``::

    from enterprise.sections import register_section

    register_section(
        "clients.portal", "engagements/_portal_engagements.html",
        context=portal_context,
    )

``context(request, *args)`` returns the template's context (the page says
which args it passes); sections are shown in ``order``, then registration
order.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Section:
    template_name: str
    context: Callable[..., dict] | None
    order: int


_registry: dict[str, list[Section]] = defaultdict(list)


def register_section(
    page: str,
    template_name: str,
    *,
    context: Callable[..., dict] | None = None,
    order: int = 100,
) -> None:
    """Add a section to ``page``; registering the same section twice is a no-op."""
    section = Section(template_name, context, order)
    if section not in _registry[page]:
        _registry[page].append(section)
        _registry[page].sort(key=lambda s: s.order)


def render_sections(page: str, request, *args) -> list[SafeString]:
    """The HTML of every section of ``page``, in order."""
    rendered = []
    for section in _registry[page]:
        extra = section.context(request, *args) if section.context else {}
        html = render_to_string(section.template_name, extra, request=request)
        rendered.append(mark_safe(html))
    return rendered
