from django.urls import NoReverseMatch, reverse

from .roles import DASHBOARDS, ROLES, navigation_for


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def navigation(request):
    """The navigation of each role the person holds: dashboard first."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"role_menus": []}
    menus = []
    for role in user.role_names():
        links = [(_url(DASHBOARDS[role]), ROLES[role])]
        links += [(_url(name), label) for name, label in navigation_for(role)]
        menus.append(
            {"role": role, "label": ROLES[role], "links": [x for x in links if x[0]]}
        )
    return {"role_menus": menus}
