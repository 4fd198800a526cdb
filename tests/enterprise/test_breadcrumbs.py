"""Every detail page says where it sits: a breadcrumb trail (the role's home,
the list, the object) at its top.

Each demo person walks their menu and the pages linked from it; every detail
page reached must carry the trail, and every detail page the site has must be
reached by someone. A URL with an argument is either a detail page (listed
below) or an action, file or feed (listed as such), so a new page cannot slip
through unclassified.
"""

import re

from django.test import Client as Browser
from django.urls import URLResolver, get_resolver, resolve, reverse

from enterprise.models import User

from .hostile import DEMO_STAFF_AND_CLIENT, local_path, parse

LOGINS = [*DEMO_STAFF_AND_CLIENT, "support", "compliance", "admin"]
TRAIL = re.compile(
    r'<nav class="breadcrumbs" aria-label="パンくずリスト"><ol><li><a href="/'
)

# The pages that show one thing (an object, a day, a run) in HTML.
DETAIL_PAGES = {
    "clients:detail",
    "clients:portal_company",
    "clients:edit",
    "clients:agreement_create",
    "workers:detail",
    "workers:bank_detail",
    "workers:test_take",
    "workers:attempt",
    "workers:identity_review",
    "workers:incident_new",
    "directors:engagement",
    "directors:supervision",
    "directors:subtask_edit",
    "directors:roster_edit",
    "engagements:detail",
    "engagements:client_detail",
    "engagements:client_quote",
    "engagements:worker_subtask",
    "engagements:batch_create",
    "engagements:batch_detail",
    "engagements:batch_disputes",
    "engagements:batch_appeals",
    "engagements:competition_detail",
    "engagements:hourly_terms",
    "engagements:timesheet_detail",
    "engagements:worker_batch",
    "engagements:worker_unit",
    "engagements:worker_competition",
    "engagements:worker_hours_subtask",
    "engagements:client_competition",
    "invoicing:invoice_detail",
    "invoicing:month_close_run",
    "invoicing:payout_date",
    "invoicing:payout_date_worker",
    "invoicing:payout_run_page",
    "invoicing:payout_statement",
    "invoicing:worker_order",
    "invoicing:bank_statement",
    "invoicing:credit_match",
    "support:ticket",
    "support:help_article",
    "support:help_audience",
    "support:delivery_rate",
    "directors:assign",
    "directors:review",
    "engagements:quote_editor",
    "engagements:batch_review",
    "api:webhook_detail",
}
# Detail pages the demo offers nobody today (nothing waiting in that state).
UNREACHED_IN_DEMO = {
    "clients:edit",
    "clients:agreement_create",
    "workers:identity_review",
    "workers:incident_new",
    "workers:test_take",
    "directors:roster_edit",
    "directors:subtask_edit",
    "engagements:batch_create",
    "engagements:hourly_terms",
    "invoicing:credit_match",
    "invoicing:payout_run_page",
    "invoicing:month_close_run",
    "support:delivery_rate",
    "api:webhook_detail",
    # No hourly work, timesheet or bank statement in the demo: their own
    # tests (tests/engagements/formats, tests/invoicing/receivables) check the trail.
    "engagements:timesheet_detail",
    "engagements:worker_hours_subtask",
    "invoicing:bank_statement",
}
# URL patterns with an argument that are not pages: a posted action, a file,
# a PDF, a progress feed, a redirect.
ACTION_OR_FILE = re.compile(
    r"(_pdf|_file|_csv|_zip|_progress|_resume|_accept|_decline|_delete|_remove"
    r"|_release|_withholding|_reschedule|_replay|_revoke|_paid|_issue|_send"
    r"|_run|_zengin|_match|_write_off|_message|_submit|_changes|_create)$"
    r"|:(transition|record_check|watchlist|invite_contact|deactivate_contact|suspend"
    r"|reinstate|incident_resolve|start_planning|subtask_add|start_work|deliver|cancel"
    r"|offer|reoffer|approve|revision|reject|escalate|paid_round|message|file"
    r"|submit|screening_clear|screening_refuse|assign_director|quote_preview|file_preview"
    r"|batch_import|batch_state|batch_results|competition_shortlist"
    r"|competition_send_shortlist|competition_award|worker_appeal|reply|assign"
    r"|resolve|close|reopen|rate|dispute|dispute_claim|dispute_evidence|dispute_decide"
    r"|attachment|agreement_accept|skill_remove|invoice_detail_x)$"
)
OUR_APPS = (
    "clients",
    "workers",
    "directors",
    "engagements",
    "invoicing",
    "support",
    "api",
)


def _named_patterns_with_arguments():
    def walk(resolver, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, pattern.namespace or namespace)
            elif pattern.name and pattern.pattern.regex.groups and namespace:
                yield f"{namespace}:{pattern.name}"

    return {
        name
        for name in walk(get_resolver(), None)
        if name.split(":")[0] in OUR_APPS and "-" not in name  # the JSON API's routes
    }


def test_every_page_with_an_argument_is_classified():
    named = _named_patterns_with_arguments()
    pages = DETAIL_PAGES
    unclassified = sorted(
        n for n in named if n not in pages and not ACTION_OR_FILE.search(n)
    )
    assert not unclassified, (
        f"a detail page (add it to DETAIL_PAGES) or an action? {unclassified}"
    )
    assert pages <= named, sorted(pages - named)


def _walk(browser, reached, missing):
    """Menu pages, then the pages they link to, two deep, one of each kind."""
    start = browser.get("/", follow=True)
    queue = [
        (p, 0)
        for p in (local_path(u) for u in parse("/", start.content.decode()).links)
    ]
    seen, kinds = set(), set()
    while queue:
        path, depth = queue.pop(0)
        if not path or path in seen:
            continue
        seen.add(path)
        name = resolve(path.split("?")[0]).view_name if path else None
        if depth and name in kinds:
            continue
        kinds.add(name)
        response = browser.get(path)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        html = response.content.decode()
        if name in DETAIL_PAGES:
            reached.add(name)
            if not TRAIL.search(html):
                missing.append(f"{name} {path}")
        if depth < 3:
            queue += [(local_path(u), depth + 1) for u in parse(path, html).links]


def _deep_pages():
    """Detail pages the walk does not reach in a few clicks: (person, path)
    from the demo's rows (a worker's own task unit, an hourly subtask...)."""
    from engagements.models import Engagement, TaskUnit, WeeklyTimesheet
    from invoicing.models import BankStatement

    admin = User.objects.get(username="admin")
    unit = TaskUnit.objects.filter(claimed_by__isnull=False).first()
    sheet = WeeklyTimesheet.objects.first()
    engagement = Engagement.objects.exclude(director=None).first()
    statement = BankStatement.objects.first()
    pages = []
    if unit:
        pages += [
            (
                unit.claimed_by,
                reverse("engagements:worker_batch", args=[unit.batch_id]),
            ),
            (unit.claimed_by, reverse("engagements:worker_unit", args=[unit.pk])),
            (admin, reverse("engagements:batch_disputes", args=[unit.batch_id])),
        ]
    if sheet:
        pages += [
            (admin, reverse("engagements:timesheet_detail", args=[sheet.pk])),
            (
                sheet.worker,
                reverse("engagements:worker_hours_subtask", args=[sheet.subtask_id]),
            ),
        ]
    if engagement:
        pages.append((admin, reverse("directors:supervision", args=[engagement.pk])))
    if statement:
        pages.append((admin, reverse("invoicing:bank_statement", args=[statement.pk])))
    return pages


def test_every_detail_page_shows_where_it_sits(demo, db):
    reached, missing = set(), []
    for username in LOGINS:
        browser = Browser()
        browser.force_login(User.objects.get(username=username))
        _walk(browser, reached, missing)
    for person, path in _deep_pages():
        browser = Browser()
        browser.force_login(person)
        response = browser.get(path)
        assert response.status_code == 200, path
        reached.add(resolve(path).view_name)
        if not TRAIL.search(response.content.decode()):
            missing.append(path)
    assert not missing, "detail pages without a breadcrumb trail:\n" + "\n".join(
        missing
    )
    unreached = DETAIL_PAGES - UNREACHED_IN_DEMO - reached
    assert not unreached, f"no demo person reached {sorted(unreached)}"
