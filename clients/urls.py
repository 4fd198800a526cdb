from django.urls import path

from . import views

app_name = "clients"
company = "companies/<int:pk>/"
urlpatterns = [
    path("sales/", views.sales_dashboard, name="sales_dashboard"),
    path("portal/", views.portal_dashboard, name="portal_dashboard"),
    path("portal/companies/<int:pk>/", views.portal_company, name="portal_company"),
    path(
        "portal/companies/<int:pk>/agreements/<int:agreement_pk>/accept/",
        views.portal_agreement_accept,
        name="portal_agreement_accept",
    ),
    path("companies/", views.client_list, name="list"),
    path("companies/new/", views.client_create, name="create"),
    path(company, views.client_detail, name="detail"),
    path(company + "edit/", views.client_edit, name="edit"),
    path(
        company + "transitions/<slug:name>/",
        views.client_transition,
        name="transition",
    ),
    path(company + "checks/", views.client_record_check, name="record_check"),
    path(company + "watchlist/", views.client_watchlist, name="watchlist"),
    path(company + "contacts/invite/", views.contact_invite, name="invite_contact"),
    path(
        company + "contacts/<int:contact_pk>/deactivate/",
        views.contact_deactivate,
        name="deactivate_contact",
    ),
    path(company + "agreements/new/", views.agreement_create, name="agreement_create"),
    path(
        company + "agreements/<int:agreement_pk>/pdf/",
        views.agreement_pdf,
        name="agreement_pdf",
    ),
]
