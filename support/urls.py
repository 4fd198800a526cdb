from django.urls import path

from . import (
    views,
    views_disputes,
    views_faq,
    views_intake,
    views_ratings,
    views_reports,
)

app_name = "support"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("tickets/", views.my_tickets, name="my_tickets"),
    path("new/", views.ticket_new, name="new"),
    path("new/on-behalf/", views.ticket_on_behalf, name="on_behalf"),
    path("request-work/", views_intake.work_request, name="work_request"),
    path("tickets/<int:pk>/", views.ticket_detail, name="ticket"),
    path("tickets/<int:pk>/reply/", views.ticket_reply, name="reply"),
    path("tickets/<int:pk>/assign/", views.ticket_assign, name="assign"),
    path("tickets/<int:pk>/resolve/", views.ticket_resolve, name="resolve"),
    path("tickets/<int:pk>/close/", views.ticket_close, name="close"),
    path("tickets/<int:pk>/reopen/", views.ticket_reopen, name="reopen"),
    path("tickets/<int:pk>/rate/", views.ticket_rate, name="rate"),
    path("tickets/<int:pk>/dispute/", views_disputes.dispute_open, name="dispute"),
    path(
        "tickets/<int:pk>/dispute/claim/",
        views_disputes.dispute_claim,
        name="dispute_claim",
    ),
    path(
        "tickets/<int:pk>/dispute/evidence/",
        views_disputes.dispute_evidence,
        name="dispute_evidence",
    ),
    path(
        "tickets/<int:pk>/dispute/decide/",
        views_disputes.dispute_decide,
        name="dispute_decide",
    ),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("help/", views_faq.help_home, name="help"),
    path("help/suggest/", views_faq.help_suggest, name="help_suggest"),
    path("help/article/<int:pk>/", views_faq.help_article, name="help_article"),
    path("help/<str:audience>/", views_faq.help_audience, name="help_audience"),
    path("ratings/", views_ratings.rating_list, name="ratings"),
    path(
        "ratings/delivery/<int:pk>/",
        views_ratings.delivery_rate,
        name="delivery_rate",
    ),
    path("calibration/", views_reports.calibration, name="calibration"),
    path("reports/", views_reports.support_reports, name="reports"),
]
