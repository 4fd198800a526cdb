"""Client portal pages: /engagements/portal/..."""

from django.urls import path

from ..views import client

one = "portal/<int:pk>/"
quote = "portal/quotes/<int:pk>/"
urlpatterns = [
    path("portal/", client.engagement_list, name="client_list"),
    path(one, client.engagement_detail, name="client_detail"),
    path(
        one + "delivery/accept/", client.delivery_accept, name="client_delivery_accept"
    ),
    path(
        one + "delivery/changes/",
        client.delivery_changes,
        name="client_delivery_changes",
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
