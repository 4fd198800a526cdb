from django.urls import NoReverseMatch, reverse

from .roles import DASHBOARDS, MENU_GROUP_ORDER, ROLES, navigation_for


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _entries(role: str) -> list[tuple[str, str, str]]:
    """(url name, label, group) of a role's menu: an app's navigation entry
    is (name, label) or (name, label, group), the group a task heading."""
    entries = [(DASHBOARDS[role], ROLES[role], "")]
    for entry in navigation_for(role):
        name, label, *group = entry
        entries.append((name, label, group[0] if group else ""))
    return entries


def _group_order(label) -> int:
    """The dashboard (no group) first, then the groups in MenuGroup's order."""
    if not label:
        return -1
    return next(
        (i for i, known in enumerate(MENU_GROUP_ORDER) if known == label),
        len(MENU_GROUP_ORDER),
    )


def navigation(request):
    """The navigation of each role the person holds: dashboard first; a link
    two roles share is listed once, under the first role that offers it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"role_menus": []}
    menus, seen = [], set()
    for role in user.role_names():
        links, groups = [], {}
        for name, label, group in _entries(role):
            url = _url(name)
            if url is None or url in seen:
                continue
            seen.add(url)
            links.append((url, label))
            groups.setdefault(group, []).append((url, label))
        if links:
            menus.append(
                {
                    "role": role,
                    "label": ROLES[role],
                    "links": links,
                    "groups": [
                        {"label": g, "links": groups[g]}
                        for g in sorted(groups, key=_group_order)
                    ],
                }
            )
    return {"role_menus": menus}
