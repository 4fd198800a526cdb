"""Helpers for the PDF documents (templates/pdf/): the issuer block's
address and 印 area, and a description that repeats its title."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.filter
def keep_words(text) -> str:
    """An address as unbreakable pieces: it may wrap between "丸の内一丁目1番1号"
    and "モトウケビル5階", never inside either (a narrow column broke it
    mid-word)."""
    parts = str(text or "").replace("\u3000", " ").split()
    return format_html_join(" ", '<span class="keep">{}</span>', ((p,) for p in parts))


@register.simple_tag(takes_context=True)
def seal_area(context) -> str:
    """The 印 area: the operator's seal image when one is set in the admin,
    otherwise an empty box marked 印."""
    seal = context.get("document_seal_url")
    seal = seal() if callable(seal) else seal
    if seal:
        return format_html('<div class="seal"><img src="{}" alt="印"></div>', seal)
    return format_html('<div class="seal"><span>{}</span></div>', "印")


@register.filter
def without_heading(text, heading) -> str:
    """``text`` without a first line that only repeats ``heading`` (a worker
    order's description starts with the title printed just above it)."""
    first, _sep, rest = str(text or "").partition("\n")
    return rest.lstrip("\n") if first.strip() == str(heading).strip() else text
