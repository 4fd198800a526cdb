from django.shortcuts import render

from enterprise.permissions import role_required
from enterprise.roles import WORKER


@role_required(WORKER)
def dashboard(request):
    return render(request, "workers/dashboard.html")
