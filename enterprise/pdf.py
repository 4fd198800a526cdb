"""The one place HTML becomes PDF (WeasyPrint), with a Japanese font embedded.

Document templates extend ``pdf/base.html``, which names the font on ``html``
(see its stylesheet). Rendering is slow enough (0.1 s to seconds) that
documents are rendered in Celery tasks, never inside a request.
"""

import hashlib
from functools import lru_cache

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
    re-read the font set each time (a worker renders many documents)."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a template to PDF bytes; documents are Japanese, whatever the UI."""
    from weasyprint import HTML

    with translation.override("ja"):
        html = render_to_string(
            template_name, {"pdf_font_family": PDF_FONT_FAMILY, **context}
        )
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
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
