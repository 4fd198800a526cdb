"""Sections that apps above this one add to two pages owned here: the client
portal home and the sales dashboard.

``clients`` must not import ``engagements`` or ``invoicing``, so those apps
register a section from their AppConfig.ready()::

    from clients.sections import PORTAL, register_section

    register_section(
        PORTAL, "engagements/_portal_engagements.html", context=portal_context
    )

``context(request, client)`` (portal) or ``context(request)`` (sales) returns
the template's context; sections are shown in ``order``, then registration
order.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

PORTAL = "portal"
SALES = "sales"


@dataclass(frozen=True)
class Section:
    template_name: str
    context: Callable[..., dict] | None
    order: int


_registry: dict[str, list[Section]] = {PORTAL: [], SALES: []}


def register_section(
    page: str,
    template_name: str,
    *,
    context: Callable[..., dict] | None = None,
    order: int = 100,
) -> None:
    """Add a section to ``page`` (PORTAL or SALES); registering twice is a no-op."""
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
