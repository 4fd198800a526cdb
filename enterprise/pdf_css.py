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

The sheet is derived from the installed WeasyPrint's own text, for one
release only: ``document_class`` returns the stock ``HTML`` for any other
version (the documents are then only slower).
"""

import re
from functools import cache

import weasyprint
from weasyprint import CSS
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


class DocumentHTML(weasyprint.HTML):
    """``weasyprint.HTML`` with the lean user-agent sheet."""

    def _ua_stylesheets(self, forms=False):
        if forms:
            return [_user_agent_sheet(), weasy_html.UA_FORM_STYLESHEET]
        return [_user_agent_sheet()]


def document_class() -> type[weasyprint.HTML]:
    if weasyprint.__version__ != PATCHED_VERSION:
        return weasyprint.HTML
    return DocumentHTML
