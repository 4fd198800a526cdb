"""Every form any role can reach, posted with hostile values, answers without
a server error: a bad value is a field error, never a 500.

Each demo person walks their menu and the detail pages linked from it (one
page per kind of link), and every ``<form method="post">`` found is posted
empty and then with a long text, text in number fields, 10^26, -1,
impossible dates, an emoji with a NUL byte and a formula, with the CSRF token
kept (the client enforces it, as a browser's session would).
"""

import re
from collections import Counter

import pytest
from django.db import transaction
from django.test import Client as Browser

from enterprise.models import User

from .hostile import (
    DEMO_STAFF_AND_CLIENT,
    SKIP_ACTION,
    describe_failure,
    local_path,
    parse,
    payloads,
)

ROLE_LOGINS = [*DEMO_STAFF_AND_CLIENT, "admin"]
MAX_PAGES = 120
PER_KIND = 2
DEPTH = 2


def fetch(browser, method, path, problems, data=None):
    """One request in its own savepoint, so a failed query cannot poison the
    rest of the walk; a 5xx or an exception is recorded."""
    try:
        with transaction.atomic():
            if method == "GET":
                response = browser.get(path)
            else:
                response = browser.post(path, data)
    except Exception as error:
        problems.append(describe_failure(method, path, error=error))
        return None
    if response.status_code >= 500:
        problems.append(describe_failure(method, path, response))
    return response


def walk(browser, problems):
    """Menu pages, then pages linked from them (a few of each kind), two deep."""
    home = fetch(browser, "GET", "/", problems)
    start = home.url if home.status_code == 302 else "/"
    menu = parse(start, fetch(browser, "GET", start, problems).content.decode())
    queue = [(p, 0) for p in (local_path(u) for u in menu.links) if p]
    pages, kinds, forms = {}, Counter(), {}
    while queue and len(pages) < MAX_PAGES:
        path, depth = queue.pop(0)
        kind = re.sub(r"\d+", "N", path.split("?")[0])
        if path in pages or (depth and kinds[kind] >= PER_KIND):
            continue
        kinds[kind] += 1
        response = fetch(browser, "GET", path, problems)
        pages[path] = response
        if response is None or response.status_code != 200:
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = parse(path, response.content.decode())
        for form in page.forms:
            forms.setdefault(form.key(), form)
        if depth < DEPTH:
            queue += [(p, depth + 1) for p in (local_path(u) for u in page.links) if p]
    return pages, forms


@pytest.mark.parametrize("username", ROLE_LOGINS)
def test_every_form_refuses_hostile_values_without_a_server_error(demo, db, username):
    browser = Browser(enforce_csrf_checks=True, raise_request_exception=True)
    browser.force_login(User.objects.get(username=username))
    problems = []
    pages, forms = walk(browser, problems)
    assert len(pages) >= 3, f"{username} reached almost nothing: {list(pages)}"
    csrf = browser.cookies["csrftoken"].value
    for _key, form in sorted(forms.items()):
        if SKIP_ACTION.search(form.action):
            continue
        for data in payloads(form, csrf):
            fetch(browser, "POST", form.action, problems, data)
    assert not problems, f"{username}: {len(forms)} forms\n" + "\n".join(problems)
