"""The Content-Security-Policy refuses inline script, inline event handlers and
inline styles, so no template served to a browser may contain one: a page
that had one would silently lose that behaviour or look. Data goes in data-
attributes (or json_script) and static files apply it.

PDF templates (``templates/pdf/``) are rendered by WeasyPrint, never served
as HTML, and keep their stylesheets inline."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PROJECT_APPS = [
    "enterprise",
    "clients",
    "workers",
    "engagements",
    "directors",
    "invoicing",
]

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.I)
HANDLER = re.compile(r"<[^>]*\son[a-z]{3,}\s*=", re.I | re.S)
STYLE_ATTR = re.compile(r"""<[^>]*\sstyle\s*=\s*["']""", re.I | re.S)
STYLE_TAG = re.compile(r"<style\b", re.I)
JAVASCRIPT_URL = re.compile(r"""=\s*["']\s*javascript:""", re.I)


def served_templates() -> list[Path]:
    folders = [ROOT / "templates"] + [ROOT / app / "templates" for app in PROJECT_APPS]
    found = []
    for folder in folders:
        for path in folder.rglob("*.html"):
            if "pdf" not in path.relative_to(folder).parts[:1]:
                found.append(path)
    return sorted(found)


def problems_in(text: str) -> list[str]:
    problems = []
    for match in SCRIPT_TAG.finditer(text):
        attributes = match.group(1)
        if "src=" not in attributes and "application/json" not in attributes:
            problems.append("inline <script>")
    if HANDLER.search(text):
        problems.append("on…= event handler")
    if STYLE_ATTR.search(text):
        problems.append('style="…" attribute')
    if STYLE_TAG.search(text):
        problems.append("<style> element")
    if JAVASCRIPT_URL.search(text):
        problems.append("javascript: URL")
    return problems


def test_the_checks_see_what_they_look_for():
    assert problems_in('<script>alert(1)</script><a onclick="x()">') == [
        "inline <script>",
        "on…= event handler",
    ]
    assert problems_in('<span style="width: 5%">') == ['style="…" attribute']
    assert not problems_in('<script src="/static/js/a.js" defer></script>')
    assert not problems_in('<script id="d" type="application/json">{}</script>')
    assert not problems_in('<span data-width="5" class="one">')


def test_no_served_template_has_inline_script_handlers_or_styles():
    templates = served_templates()
    assert len(templates) > 100
    found = {
        str(path.relative_to(ROOT)): problems
        for path in templates
        if (problems := problems_in(path.read_text()))
    }
    assert not found, found


ADMIN_PAGES = [
    "/admin/",
    "/admin/enterprise/user/",
    "/admin/enterprise/user/add/",
    "/admin/clients/client/",
    "/admin/invoicing/invoice/",
]


def test_the_django_admin_pages_need_no_inline_code(admin_client):
    # The admin ships only static scripts; a custom admin template or widget
    # of ours must not add an inline one (the policy would refuse it).
    user_change = (
        f"/admin/enterprise/user/{admin_client.session['_auth_user_id']}/change/"
    )
    for url in [*ADMIN_PAGES, user_change]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert not problems_in(response.content.decode()), url
