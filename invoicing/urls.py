"""Invoicing URLs: each half of the app keeps its own pattern list.

The included modules have no app_name, so their names live in the
``invoicing`` namespace (``invoicing:dashboard``, ``invoicing:invoice_list``).
"""

from django.urls import include, path

app_name = "invoicing"
urlpatterns = [
    path("", include("invoicing.billing_urls")),
    path("", include("invoicing.payout_urls")),
    path("", include("invoicing.receivables_urls")),
]
