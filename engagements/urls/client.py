"""Client portal pages: /engagements/portal/..."""

from django.urls import path

from ..views import client
from ..views import client_deliverables as deliverables

one = "portal/<int:pk>/"
quote = "portal/quotes/<int:pk>/"
urlpatterns = [
    path("portal/", client.engagement_list, name="client_list"),
    path(one, client.engagement_detail, name="client_detail"),
    path(
        one + "delivery/accept/", client.delivery_accept, name="client_delivery_accept"
    ),
    path(
        one + "milestones/<int:line_pk>/accept/",
        client.milestone_accept,
        name="client_milestone_accept",
    ),
    path(
        one + "delivery/changes/",
        client.delivery_changes,
        name="client_delivery_changes",
    ),
    path(
        one + "deliverables/<int:file_pk>/",
        deliverables.deliverable_file,
        name="client_deliverable_file",
    ),
    path(
        one + "deliverables/entries/<int:file_pk>/",
        deliverables.deliverable_file,
        {"kind": "entry"},
        name="client_deliverable_entry_file",
    ),
    path(
        one + "deliverables/batches/<int:batch_pk>.csv",
        deliverables.deliverable_batch_csv,
        name="client_deliverable_batch_csv",
    ),
    path(
        one + "deliverables.zip",
        deliverables.deliverables_zip,
        name="client_deliverables_zip",
    ),
    path(quote, client.quote_detail, name="client_quote"),
    path(quote + "accept/", client.quote_accept, name="client_quote_accept"),
    path(quote + "decline/", client.quote_decline, name="client_quote_decline"),
    path(quote + "pdf/", client.quote_pdf, name="client_quote_pdf"),
    path(
        quote + "order-confirmation/",
        client.order_confirmation_pdf,
        name="client_order_confirmation_pdf",
    ),
]
