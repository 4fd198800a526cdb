from django.shortcuts import render

from enterprise.permissions import role_required
from enterprise.roles import DIRECTOR


@role_required(DIRECTOR)
def dashboard(request):
    return render(request, "directors/dashboard.html")
