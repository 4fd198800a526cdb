from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import pages
from .views import client, staff

app_name = "api"

router = SimpleRouter()
router.register("engagements", client.EngagementViewSet, basename="engagement")
router.register("quotes", client.QuoteViewSet, basename="quote")
router.register("invoices", client.InvoiceViewSet, basename="invoice")
router.register("categories", client.WorkCategoryViewSet, basename="category")
router.register("clients", staff.ClientViewSet, basename="client")
router.register("subtasks", staff.SubtaskViewSet, basename="subtask")
router.register(
    "payout-statements", staff.PayoutStatementViewSet, basename="payout-statement"
)
payments = staff.PaymentViewSet.as_view({"get": "list", "post": "create"})

v1 = [
    *router.urls,
    path("invoices/<int:invoice_pk>/payments/", payments, name="invoice-payments"),
    path("exports/journal/", staff.JournalExportView.as_view(), name="export-journal"),
    path("exports/zengin/", staff.ZenginExportView.as_view(), name="export-zengin"),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", pages.docs, name="docs"),
    path("keys/", pages.key_list, name="keys"),
    path("keys/<int:pk>/revoke/", pages.key_revoke, name="key_revoke"),
    path("webhooks/", pages.webhook_list, name="webhooks"),
    path("webhooks/<int:pk>/", pages.webhook_detail, name="webhook_detail"),
    path(
        "webhooks/deliveries/<int:pk>/replay/",
        pages.delivery_replay,
        name="delivery_replay",
    ),
]
