"""The trail at the top of a detail page: the role's home, the list the object
sits in, the object itself (templates/_breadcrumbs.html draws it)."""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse

from enterprise.roles import DASHBOARDS, ROLES

register = template.Library()


def _home(user, roles: str) -> list[tuple[str, str]]:
    """The home of the first of ``roles`` (space-separated) this person holds,
    else of the first named; none for a visitor who is not logged in."""
    if user is None or not user.is_authenticated:
        return []
    wanted = roles.split()
    held = user.role_names()
    role = next((role for role in wanted if role in held), wanted[0])
    return [(ROLES[role], reverse(DASHBOARDS[role]))]


def _href(target) -> str:
    """A path as given, or a URL name without arguments reversed."""
    target = str(target)
    return target if target.startswith("/") else reverse(target)


@register.simple_tag(takes_context=True)
def breadcrumbs(context, roles: str, *trail):
    """``{% breadcrumbs "finance" "invoicing:invoice_list" _("Invoices") invoice %}``:
    the home of the first of ``roles`` the person holds, then (url, label)
    pairs (a URL name or a path), then the current page's label."""
    if len(trail) % 2 != 1:
        raise template.TemplateSyntaxError(
            "breadcrumbs: (url, label) pairs, then the page"
        )
    crumbs = _home(context.get("user"), roles)
    pairs = trail[:-1]
    for url, label in zip(pairs[::2], pairs[1::2], strict=True):
        if url:
            crumbs.append((label, _href(url)))
    return render_to_string(
        "_breadcrumbs.html", {"crumbs": crumbs, "current": trail[-1]}
    )
