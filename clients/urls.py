from django.urls import path

from . import views

app_name = "clients"
urlpatterns = [
    path("sales/", views.sales_dashboard, name="sales_dashboard"),
    path("portal/", views.portal_dashboard, name="portal_dashboard"),
]
