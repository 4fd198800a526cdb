"""The one place HTML becomes PDF (WeasyPrint), with a Japanese font embedded.

Document templates extend ``pdf/base.html``, which names the font on ``html``
(see its stylesheet). Rendering is slow enough (0.1 s to seconds) that
documents are rendered in Celery tasks, never inside a request.
"""

import gc
import hashlib
from contextlib import contextmanager
from functools import cache, lru_cache
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils import translation

# Noto Sans CJK JP first (real bold); IPAex Gothic where only it is installed.
PDF_FONT_FAMILY = '"Noto Sans CJK JP", "IPAexGothic", "IPAGothic", sans-serif'


@lru_cache(maxsize=1)
def _font_config():
    """One font configuration per process: made afresh for every document it
    re-read the font set each time (a worker renders many documents).
    Also where WeasyPrint's font embedding is made cheaper (pdf_fonts)."""
    from weasyprint.text.fonts import FontConfiguration

    from . import pdf_fonts

    pdf_fonts.install()

    return FontConfiguration()


def issuer_context() -> dict:
    """What every document prints beside the issuer's own snapshot: the
    operator's phone, person in charge and seal image (set in the admin).

    Lazy (the template calls them), so a template that prints none of them
    reads no operator row."""
    from .models import OperatorProfile

    profile = cache(OperatorProfile.get)

    def seal_url() -> str:
        seal = profile().seal_image
        if not seal:
            return ""
        try:
            return Path(seal.path).as_uri()
        except NotImplementedError:  # a remote storage has no local path
            return seal.url

    return {
        "document_phone": lambda: profile().phone,
        "document_contact": lambda: profile().document_contact,
        "document_seal_url": seal_url,
    }


@contextmanager
def _young_garbage_only():
    """No cyclic garbage collection during a render, one of the youngest
    generation after it.

    A render allocates tens of thousands of objects that live until it ends;
    the collections run during it (about 35 per invoice) promoted them to
    the oldest generation, and every third render or so that set off a full
    collection walking every object of the process (Django's included):
    100 ms on a 150 ms render (issue 15). Collected here while still young,
    they cost one pass over themselves. The garbage held meanwhile is one
    render's worth.
    """
    if not gc.isenabled():  # the caller manages collection itself
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(0)


def render_html(template_name: str, context: dict) -> str:
    """The HTML a document's PDF is made from, in Japanese whatever the UI."""
    with translation.override("ja"):
        return render_to_string(
            template_name,
            {"pdf_font_family": PDF_FONT_FAMILY, **issuer_context(), **context},
        )


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a template to PDF bytes; documents are Japanese, whatever the UI."""
    from .pdf_css import document_class

    html = render_html(template_name, context)
    with _young_garbage_only():
        document = document_class()(string=html, base_url=str(settings.BASE_DIR))
        return document.write_pdf(font_config=_font_config())


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def store_document(instance: Model, field: str, filename: str, content: bytes) -> str:
    """Save rendered bytes into ``instance.<field>`` and record their SHA-256.

    The model needs a ``<field>`` FileField and a ``<field>_sha256`` CharField.
    Saves only those two columns, so a concurrent change to other fields of the
    row is not overwritten.
    """
    digest = sha256_hex(content)
    getattr(instance, field).save(filename, ContentFile(content), save=False)
    setattr(instance, f"{field}_sha256", digest)
    instance.save(update_fields=[field, f"{field}_sha256"])
    return digest
