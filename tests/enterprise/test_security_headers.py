"""Every page of every role's menu, and every kind of download, carries the
site's security headers: a Content-Security-Policy without inline script,
the Permissions-Policy, and ``Cache-Control: no-store`` (a logged-in page or
a file must not stay in a browser or proxy cache)."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from engagements.models import Engagement
from enterprise.pdf import store_document
from invoicing.models import Invoice

pytestmark = pytest.mark.django_db

# One demo login per role (the README's table), as the browser sweep has it.
ROLE_LOGINS = {
    "sales": "sales",
    "director": "director",
    "worker": "worker1",
    "finance": "finance",
    "client": "client-a",
    "superuser": "admin",
    "worker-director": "veteran",
}
NAV = re.compile(r'<nav class="site-nav".*?</nav>', re.S)
HREF = re.compile(r'href="([^"]+)"')


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())


def log_in(client, username):
    client.force_login(get_user_model().objects.get(username=username))


def menu_links(client) -> list[str]:
    """The hrefs of the header's navigation, as the browser sweep reads them."""
    page = client.get("/", follow=True).content.decode()
    nav = NAV.search(page)
    assert nav, "no navigation on the landing page"
    hrefs = HREF.findall(nav.group(0))
    return list(dict.fromkeys(h for h in hrefs if not h.startswith("/admin")))


def policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def header_problems(href, response, logged_in=True) -> list[str]:
    problems = []
    csp = policy(response) if "Content-Security-Policy" in response else {}
    if csp.get("script-src") != ["'self'"]:
        problems.append(f"{href}: script-src {csp.get('script-src')}")
    if csp.get("style-src") != ["'self'"]:
        problems.append(f"{href}: style-src {csp.get('style-src')}")
    if csp.get("frame-ancestors") != ["'none'"]:
        problems.append(f"{href}: frame-ancestors {csp.get('frame-ancestors')}")
    if "camera=()" not in response.get("Permissions-Policy", ""):
        problems.append(
            f"{href}: Permissions-Policy {response.get('Permissions-Policy')}"
        )
    if logged_in and response.get("Cache-Control") != "no-store":
        problems.append(f"{href}: Cache-Control {response.get('Cache-Control')}")
    if "Cookie" not in response.get("Vary", ""):
        problems.append(f"{href}: Vary {response.get('Vary')}")
    return problems


@pytest.mark.parametrize("role", ROLE_LOGINS)
def test_every_menu_page_of_every_role_has_the_security_headers(demo, client, role):
    log_in(client, ROLE_LOGINS[role])
    links = menu_links(client)
    assert len(links) >= 2, f"{role} has almost no navigation: {links}"
    problems = []
    for href in links:
        response = client.get(href, follow=True)
        if response.status_code != 200:
            problems.append(f"{href}: HTTP {response.status_code}")
            continue
        problems += header_problems(href, response)
    assert not problems, "\n".join(problems)


def test_the_policy_is_the_whole_agreed_one(demo, client):
    log_in(client, "finance")
    csp = policy(client.get("/invoicing/"))
    assert csp == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }


def test_the_anonymous_login_page_has_the_policy_too(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert not header_problems("login", response, logged_in=False)
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_the_django_admin_is_under_the_policy(demo, client):
    log_in(client, "admin")
    response = client.get("/admin/")
    assert response.status_code == 200
    assert not header_problems("/admin/", response)


def _no_store(response):
    assert response["Cache-Control"] == "no-store"
    assert "Expires" not in response


def test_an_invoice_pdf_is_not_cached(demo, client):
    invoice = Invoice.objects.exclude(state=Invoice.State.DRAFT).first()
    store_document(invoice, "pdf", "invoice.pdf", b"%PDF-1.4 stored copy")
    log_in(client, "finance")
    response = client.get(reverse("invoicing:invoice_pdf", args=[invoice.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 stored copy"
    _no_store(response)


def test_the_invoice_csv_and_excel_exports_are_not_cached(demo, client):
    log_in(client, "finance")
    for export in ("csv", "xlsx"):
        response = client.get(reverse("invoicing:invoice_list"), {"export": export})
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        _no_store(response)


def test_the_deliverables_zip_is_not_cached(demo, client):
    log_in(client, "client-a")
    zips = []  # another company's engagement answers 404, so try them all
    for engagement in Engagement.objects.filter(
        state__in=["delivered", "completed", "invoiced"]
    ):
        url = reverse("engagements:client_deliverables_zip", args=[engagement.pk])
        response = client.get(url)
        if response.status_code == 200:
            zips.append(response)
    assert zips, "the demo delivers at least one engagement to client-a"
    assert zips[0]["Content-Type"] == "application/zip"
    _no_store(zips[0])
