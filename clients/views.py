from django.shortcuts import render

from enterprise.permissions import role_required
from enterprise.roles import CLIENT, SALES


@role_required(SALES)
def sales_dashboard(request):
    return render(request, "clients/sales_dashboard.html")


@role_required(CLIENT)
def portal_dashboard(request):
    return render(request, "clients/portal_dashboard.html")
