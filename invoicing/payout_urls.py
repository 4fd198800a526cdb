"""The payouts half: finance's payout run and the worker portal pages."""

from django.urls import path

from .views import payouts as views
from .views import withholding

urlpatterns = [
    path("payment-reports/", withholding.payment_reports, name="payment_reports"),
    path(
        "payment-reports/issue/",
        withholding.payment_reports_issue,
        name="payment_reports_issue",
    ),
    path(
        "payment-reports/<int:pk>/pdf/",
        withholding.payment_report_pdf,
        name="payment_report_pdf",
    ),
    path("payouts/", views.payouts, name="payouts"),
    path("payouts/<str:day>/", views.payout_date, name="payout_date"),
    path("payouts/<str:day>/run/", views.payout_run, name="payout_run"),
    path("payouts/<str:day>/zengin/", views.payout_zengin, name="payout_zengin"),
    path(
        "payouts/<str:day>/workers/<int:worker_id>/",
        views.payout_date_worker,
        name="payout_date_worker",
    ),
    path("payout-runs/<int:pk>/", views.payout_run_page, name="payout_run_page"),
    path(
        "payout-runs/<int:pk>/progress/",
        views.payout_run_progress,
        name="payout_run_progress",
    ),
    path(
        "payout-runs/<int:pk>/resume/",
        views.payout_run_resume,
        name="payout_run_resume",
    ),
    path(
        "payout-lines/<int:pk>/release/",
        views.line_release,
        name="payout_line_release",
    ),
    path(
        "payout-lines/<int:pk>/withholding/",
        views.line_withholding,
        name="payout_line_withholding",
    ),
    path(
        "payout-lines/<int:pk>/reschedule/",
        views.line_reschedule,
        name="payout_line_reschedule",
    ),
    path(
        "payout-statements/<int:pk>/",
        views.statement_detail,
        name="payout_statement",
    ),
    path(
        "payout-statements/<int:pk>/pdf/",
        views.statement_pdf,
        name="payout_statement_pdf",
    ),
    path(
        "payout-statements/<int:pk>/paid/",
        views.statement_paid,
        name="payout_statement_paid",
    ),
    path("worker-orders/<int:pk>/", views.order_detail, name="worker_order"),
    path("worker-orders/<int:pk>/pdf/", views.order_pdf, name="worker_order_pdf"),
    path("me/orders/", views.my_orders, name="my_orders"),
    path("me/statements/", views.my_statements, name="my_statements"),
    path("me/pay-dates/", views.my_pay_dates, name="my_pay_dates"),
]
