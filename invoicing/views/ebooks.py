"""The e-bookkeeping search (finance) and the documents a worker sends us."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from enterprise.downloads import document_pdf_response
from enterprise.once import once_per_token
from enterprise.permissions import role_required
from enterprise.roles import FINANCE, WORKER

from .. import rules
from ..forms.ebooks import DocumentSearchForm, ReceivedDocumentForm
from ..models import ReceivedDocument
from ..selectors.ebooks import KINDS, document_search
from ..services.received_documents import received_document_store

PAGE_SIZE = 50


@role_required(FINANCE)
def ebook_search(request):
    form = DocumentSearchForm(request.GET or None)
    searched = form.is_bound and form.is_valid()
    page = None
    if searched:
        rows = document_search(user=request.user, flt=form.to_filter())
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        for row in page:
            row["label"] = KINDS[row["doc_kind"]]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "invoicing/ebooks/search.html",
        {"form": form, "page": page, "searched": searched, "query": query.urlencode()},
        status=400 if form.errors else 200,
    )


def _received_for_user(user):
    documents = ReceivedDocument.objects.select_related("worker")
    if rules.is_finance(None, user):
        return documents
    return documents.filter(worker=user)


@role_required(WORKER)
@once_per_token
def my_documents(request):
    """A worker keeps their own invoices to the operator here."""
    form = ReceivedDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        received_document_store(
            worker=request.user,
            by=request.user,
            data=data["file"].read(),
            filename=data["file"].name,
            document_date=data["document_date"],
            amount=data["amount"],
            title=data["title"],
        )
        messages.success(request, _("The document was received and is kept as sent."))
        return redirect("invoicing:my_documents")
    documents = ReceivedDocument.objects.filter(worker=request.user)
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "invoicing/ebooks/my_documents.html",
        {"form": form, "page": page},
        status=400 if form.errors else 200,
    )


@role_required(FINANCE, WORKER)
def received_document_file(request, pk):
    try:
        document = _received_for_user(request.user).get(pk=pk)
    except (ReceivedDocument.DoesNotExist, ValueError):
        raise Http404 from None
    return document_pdf_response(
        request, document, filename=document.original_name, field="file"
    )
