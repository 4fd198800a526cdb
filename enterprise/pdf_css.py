"""A cheaper cascade for WeasyPrint 70: the user-agent stylesheet without the
pseudo-elements our documents never show.

WeasyPrint's HTML5 user-agent stylesheet styles six pseudo-elements on every
element (``::marker``, ``::footnote-call``, ``::footnote-marker``,
``::note-call``, ``::note-marker``, ``::note-callback``), so the cascade
computed seven styles for each element of an invoice (about 1,300 for a
20-line invoice) where one was needed: the largest part of applying the CSS
(issue 15). They only show on a list item (``::marker``) or on an element
floated into a footnote or note area, so this sheet keeps ``::marker`` for
``li`` (the only list items in our documents) and leaves out the footnote
and note rules (no document floats anything there); everything else is the
stock sheet unchanged. The pages rasterise pixel for pixel the same.

The document's own stylesheet (the ``<style>`` of ``pdf/base.html``, the
same text for every invoice) is parsed once per process, not once per
document: about 5 ms of a render. A parsed sheet holds nothing of the
document it was parsed for (WeasyPrint's own user-agent sheet is shared the
same way), except what the at-rules in ``UNSHARED_AT_RULES`` record in the
document's fonts, counter styles, colour profiles or layers: a sheet with
one of them, or a ``<link>``, is parsed for each document as before.

Both are derived from the installed WeasyPrint's own code, for one release
only: ``document_class`` returns the stock ``HTML`` for any other version
(the documents are then only slower).
"""

import re
from functools import cache, lru_cache

import weasyprint
from weasyprint import CSS
from weasyprint import css as weasy_css
from weasyprint import html as weasy_html
from weasyprint.css.counters import CounterStyle

PATCHED_VERSION = "70.0"
# Rules of the stock sheet that style a pseudo-element of every element.
EVERY_ELEMENT_RULE = re.compile(r"^::[a-z-]+ \{.*\}$", re.MULTILINE)
KEPT = {"::marker": "li::marker"}
DROPPED = (
    "::footnote-call", "::footnote-marker",
    "::note-call", "::note-marker", "::note-callback",
)  # fmt: skip


def lean_user_agent_css(stock: str) -> str:
    """The stock sheet's text with the every-element pseudo-element rules
    scoped to ``li`` or removed; the ``@counter-style`` rules are left out
    too (WeasyPrint reads them from the stock sheet into every document)."""
    found = []

    def rewrite(match: re.Match) -> str:
        rule = match.group()
        selector = rule.split(" {", 1)[0]
        found.append(selector)
        if selector in KEPT:
            return KEPT[selector] + rule[len(selector) :]
        return ""

    text = EVERY_ELEMENT_RULE.sub(rewrite, stock)
    if sorted(found) != sorted([*KEPT, *DROPPED]):
        raise ValueError(f"unexpected user-agent rules: {found}")
    return "\n".join(
        line for line in text.splitlines() if not line.startswith("@counter-style")
    )


@cache
def _user_agent_sheet() -> CSS:
    return CSS(string=lean_user_agent_css(weasy_html.UA), counter_style=CounterStyle())


UNSHARED_AT_RULES = re.compile(
    r"@(font-face|counter-style|color-profile|layer|import)", re.IGNORECASE
)


@lru_cache(maxsize=64)
def _shared_sheet(text: str, base_url: str | None, media_type: str) -> CSS:
    return CSS(string=text, base_url=base_url, media_type=media_type)


def _style_texts(wrapper_element) -> list[str] | None:
    """The text of each ``<style>`` element, or None when the document has
    a sheet that must be parsed for it (a ``<link>``, a ``type`` or
    ``media`` attribute, an at-rule of UNSHARED_AT_RULES)."""
    texts = []
    for wrapper in wrapper_element.query_all("style", "link"):
        element = wrapper.etree_element
        if element.tag != "style" or "type" in element.attrib:
            return None
        if "media" in element.attrib:
            return None
        text = weasy_css.get_child_text(element)
        if UNSHARED_AT_RULES.search(text):
            return None
        texts.append(text)
    return texts


def _find_stylesheets(wrapper_element, device_media_type, url_fetcher, base_url, *a):
    """``weasyprint.css.find_stylesheets``; for a DocumentHTML, each
    ``<style>`` parsed once."""
    shared = getattr(wrapper_element, "motouke_shared_sheets", False)
    texts = _style_texts(wrapper_element) if shared else None
    if texts is None:
        yield from _stock_find_stylesheets(
            wrapper_element, device_media_type, url_fetcher, base_url, *a
        )
        return
    for text in texts:
        yield _shared_sheet(text, base_url, device_media_type)


_stock_find_stylesheets = weasy_css.find_stylesheets


class DocumentHTML(weasyprint.HTML):
    """``weasyprint.HTML`` with the lean user-agent sheet and shared parsed
    ``<style>`` sheets."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.wrapper_element.motouke_shared_sheets = True

    def _ua_stylesheets(self, forms=False):
        if forms:
            return [_user_agent_sheet(), weasy_html.UA_FORM_STYLESHEET]
        return [_user_agent_sheet()]


def document_class() -> type[weasyprint.HTML]:
    if weasyprint.__version__ != PATCHED_VERSION:
        return weasyprint.HTML
    weasy_css.find_stylesheets = _find_stylesheets
    return DocumentHTML
