"""The master agreement document (基本契約書): its context and its PDF."""

from django.template.loader import render_to_string

from enterprise.models import OperatorProfile
from enterprise.pdf import render_pdf

from .models import MasterAgreement

TEMPLATE = "pdf/master_agreement.html"


def operator_details() -> dict:
    """The operator's name and address as printed on documents, from the
    enterprise OperatorProfile (agreements keep the copy made when signed)."""
    profile = OperatorProfile.get()
    return {
        "name": profile.legal_name,
        "address": f"〒{profile.postal_code} {profile.address}",
    }


def default_terms() -> str:
    """The standard articles, offered when a new agreement is drawn up."""
    return render_to_string("clients/master_agreement_terms.txt").strip()


def master_agreement_context(agreement: MasterAgreement) -> dict:
    """The agreement and its articles as (heading, body) pairs: an article is
    a paragraph of the terms whose first line is its heading."""
    articles = []
    for paragraph in agreement.terms.replace("\r\n", "\n").split("\n\n"):
        heading, _sep, body = paragraph.strip().partition("\n")
        if heading:
            articles.append((heading, body.strip()))
    return {"agreement": agreement, "articles": articles}


def master_agreement_pdf(agreement: MasterAgreement) -> bytes:
    return render_pdf(TEMPLATE, master_agreement_context(agreement))
