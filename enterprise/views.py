from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from .roles import DASHBOARDS, ROLES


@login_required
def home(request):
    """Send each person to their role's dashboard; several roles choose one."""
    roles = request.user.role_names()
    if len(roles) == 1:
        return redirect(DASHBOARDS[roles[0]])
    choices = [(ROLES[role], reverse(DASHBOARDS[role])) for role in roles]
    return render(request, "enterprise/home.html", {"choices": choices})
