from django.shortcuts import render

from enterprise.permissions import role_required
from enterprise.roles import FINANCE


@role_required(FINANCE)
def dashboard(request):
    return render(request, "invoicing/dashboard.html")
