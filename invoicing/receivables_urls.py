from django.urls import path

from .views import ebooks, receivables

urlpatterns = [
    path("bank/", receivables.bank, name="bank"),
    path("bank/<int:pk>/", receivables.bank_statement, name="bank_statement"),
    path(
        "bank/<int:pk>/progress/",
        receivables.bank_statement_progress,
        name="bank_statement_progress",
    ),
    path(
        "bank/<int:pk>/resume/",
        receivables.bank_statement_resume,
        name="bank_statement_resume",
    ),
    path("bank/unmatched/", receivables.unmatched, name="bank_unmatched"),
    path("bank/credits/<int:pk>/match/", receivables.credit_match, name="credit_match"),
    path(
        "bank/settings/",
        receivables.receivables_settings,
        name="receivables_settings",
    ),
    path("receivables/aging/", receivables.aging, name="aging"),
    path("receivables/dunning/", receivables.dunning_steps, name="dunning_steps"),
    path(
        "receivables/dunning/<int:pk>/delete/",
        receivables.dunning_step_delete,
        name="dunning_step_delete",
    ),
    path(
        "dunning-letters/<int:pk>/pdf/",
        receivables.dunning_letter_pdf,
        name="dunning_letter_pdf",
    ),
    path("documents/", ebooks.ebook_search, name="ebook_search"),
    path("documents/mine/", ebooks.my_documents, name="my_documents"),
    path(
        "documents/received/<int:pk>/",
        ebooks.received_document_file,
        name="received_document_file",
    ),
]
