"""The accepted agreement's PDF (the version's text as the worker accepted it)."""

from enterprise.models import OperatorProfile
from enterprise.pdf import render_pdf

from .models import AgreementAcceptance, WorkerProfile

TEMPLATE = "pdf/worker_agreement.html"


def agreement_acceptance_context(acceptance: AgreementAcceptance) -> dict:
    profile = WorkerProfile.objects.filter(user_id=acceptance.user_id).first()
    return {
        "acceptance": acceptance,
        "agreement": acceptance.agreement,
        "articles": acceptance.agreement.articles(),
        "operator": OperatorProfile.get(),
        "worker_name": profile.legal_name if profile else acceptance.user.display_name,
    }


def agreement_acceptance_pdf(acceptance: AgreementAcceptance) -> bytes:
    return render_pdf(TEMPLATE, agreement_acceptance_context(acceptance))


DEFAULT_TITLES = {
    "basic": "業務委託基本契約書",
    "confidentiality": "秘密保持に関する誓約書",
    "electronic_terms": "電磁的方法による取引条件の明示に関する同意書",
}


def default_agreement_text(kind: str) -> str:
    """The standard articles of ``kind``, offered for a first version."""
    from django.template.loader import render_to_string

    return render_to_string(f"workers/agreements/{kind}.txt").strip()


def publish_default_agreements(*, version: int = 1, at=None) -> list:
    """Version ``version`` of each kind with the standard text (demo, tests);
    an existing version is left as it is."""
    from django.utils import timezone

    from .models import AgreementVersion

    made = []
    for kind, title in DEFAULT_TITLES.items():
        text = default_agreement_text(kind)
        if version > 1:
            text += f"\n\n附則\n本版（第{version}版）は、前版を改定したものである。"
        row, _created = AgreementVersion.objects.get_or_create(
            kind=kind,
            version=version,
            defaults={
                "title": title,
                "text": text,
                "in_force_from": at or timezone.now(),
            },
        )
        made.append(row)
    return made
