from django.urls import path

from . import views, views_faq, views_ratings, views_reports

app_name = "support"
urlpatterns = [
    path("", views.queue, name="queue"),
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
]
