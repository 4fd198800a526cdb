"""Sales pages: /engagements/sales/..."""

from django.urls import path

from ..views import sales
from ..views.quote_preview import quote_preview_json

one = "sales/<int:pk>/"
urlpatterns = [
    path("sales/", sales.engagement_list, name="list"),
    path("sales/new/", sales.engagement_create, name="create"),
    path(one, sales.engagement_detail, name="detail"),
    path(one + "submit/", sales.engagement_submit, name="submit"),
    path(
        one + "screening/clear/",
        sales.engagement_screening,
        {"decision": "clear"},
        name="screening_clear",
    ),
    path(
        one + "screening/refuse/",
        sales.engagement_screening,
        {"decision": "refuse"},
        name="screening_refuse",
    ),
    path(one + "director/", sales.engagement_director, name="assign_director"),
    path(one + "cancel/", sales.engagement_cancel, name="cancel"),
    path(one + "quote/", sales.quote_editor, name="quote_editor"),
    path(one + "quote/preview/", quote_preview_json, name="quote_preview"),
    path(one + "quotes/<int:quote_pk>/send/", sales.quote_send, name="quote_send"),
    path(one + "quotes/<int:quote_pk>/pdf/", sales.quote_pdf, name="quote_pdf"),
]
