from django.urls import path

from .views import billing, cancellations

urlpatterns = [
    path("", billing.dashboard, name="dashboard"),
    path("cancellations/", cancellations.cancellations, name="cancellations"),
    path(
        "cancellations/<int:pk>/write-off/",
        cancellations.cancellation_write_off_view,
        name="cancellation_write_off",
    ),
    path("invoices/", billing.invoice_list, name="invoice_list"),
    path("invoices/<int:pk>/", billing.invoice_detail, name="invoice_detail"),
    path("invoices/<int:pk>/pdf/", billing.invoice_pdf, name="invoice_pdf"),
    path("invoices/<int:pk>/issue/", billing.invoice_issue, name="invoice_issue"),
    path("invoices/<int:pk>/send/", billing.invoice_send, name="invoice_send"),
    path("invoices/<int:pk>/payments/", billing.payment_create, name="payment_create"),
    path(
        "invoices/<int:pk>/credit-notes/",
        billing.credit_note_create,
        name="credit_note_create",
    ),
    path("credit-notes/<int:pk>/pdf/", billing.credit_note_pdf, name="credit_note_pdf"),
    path("month-close/", billing.month_close, name="month_close"),
    path("month-close/early/", billing.month_close_early, name="month_close_early"),
    path("month-close/<int:pk>/", billing.month_close_run, name="month_close_run"),
    path(
        "month-close/<int:pk>/resume/",
        billing.month_close_resume,
        name="month_close_resume",
    ),
    path(
        "month-close/<int:pk>/progress/",
        billing.month_close_progress,
        name="month_close_progress",
    ),
    path("search/", billing.document_search, name="document_search"),
    path("journal/", billing.journal_export, name="journal_export"),
    path("portal/invoices/", billing.portal_invoices, name="portal_invoices"),
]
