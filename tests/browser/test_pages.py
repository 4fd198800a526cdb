"""Every page each role's navigation offers, and a detail page reached from
each, at desktop and phone width: no server error, no console error (a
Content-Security-Policy refusal included), the policy and no-store headers, no
horizontal scrolling, a breadcrumb trail on every detail page, no raw audit
key (engagements.engagement.created) or minus-signed amount (-¥, −¥:
docs/glossary.md says △¥) in the visible text, and every checkbox and radio
on its label's line."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE

# One demo login per role (the README's table).
ROLE_LOGINS = {
    "sales": "sales",
    "director": "director",
    "worker": "worker1",
    "finance": "finance",
    "client": "client-a",
    "superuser": "admin",
    "worker-director": "veteran",
    "support": "support",
    "compliance": "compliance",
}
# An audit action key as stored (app.model.verb); the history panel and every
# page show its label instead. The audit viewer's small print (.audit-key) is
# the one place a key is meant to be read.
RAW_AUDIT_KEY = re.compile(
    r"\b(?:accounts|api|clients|directors|engagements|enterprise|invoicing"
    r"|support|workers)\.[a-z_]+\.[a-z_]+\b"
)
MINUS_YEN = re.compile(r"[-−]\s*¥")
VISIBLE_TEXT = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const parts = [];
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    if (!parent || parent.closest('script, style, .audit-key, [hidden]')) continue;
    const fixed = getComputedStyle(parent).position === 'fixed';
    if (parent.offsetParent === null && !fixed) continue;
    parts.push(walker.currentNode.textContent);
  }
  return parts.join(' ');
}"""
# A checkbox or radio whose label's first line of text is not beside it.
OFF_LABEL_LINE = """() => [...document.querySelectorAll(
    'input[type=checkbox], input[type=radio]')]
  .filter(el => el.offsetParent !== null && el.labels && el.labels.length)
  .filter(el => {
    const label = el.labels[0];
    const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
    let text = null;
    while (walker.nextNode()) {
      if (walker.currentNode.textContent.trim()) { text = walker.currentNode; break; }
    }
    if (!text) return false;
    const range = document.createRange();
    range.selectNodeContents(text);
    const line = [...range.getClientRects()].find(r => r.width > 0);
    if (!line) return false;
    const box = el.getBoundingClientRect();
    const middle = box.top + box.height / 2;
    return middle < line.top - 2 || middle > line.bottom + 2;
  })
  .map(el => el.name || el.id)"""
DETAIL_LINKS = """() => [...document.querySelectorAll('main a[href]')]
  .map(a => a.getAttribute('href'))
  .filter(h => /^\\/[a-z].*\\/\\d+\\/$/.test(h))"""
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.right > width + 1
      && getComputedStyle(el).position !== 'fixed'
      && !el.closest('.table-scroll, [data-scroll-x]');
  }).slice(0, 3).map(el => el.tagName.toLowerCase()
    + (el.className ? '.' + String(el.className).split(' ').join('.') : ''));
  return {scroll: document.documentElement.scrollWidth, width, wide};
}"""

# Form fields a person fills must say what they are (a label, or aria-label).
UNLABELLED = """() => [...document.querySelectorAll(
    'main input:not([type=hidden]):not([type=submit]):not([type=button]),'
    + 'main select, main textarea')]
    .filter(el => el.offsetParent !== null && !(el.labels && el.labels.length)
      && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby')
      && !el.getAttribute('title'))
    .map(el => el.name || el.id || el.tagName.toLowerCase())"""


MAX_DETAILS = 12
# The trail at the top of a detail page (templates/_breadcrumbs.html): the
# role's home linked first, the page itself last.
HAS_TRAIL = """() => {
  const trail = document.querySelector(
    'main nav.breadcrumbs[aria-label="パンくずリスト"] ol');
  return !!trail && !!trail.querySelector('li a[href]')
    && !!trail.querySelector('li[aria-current="page"]');
}"""


def header_problems(href, headers) -> list[str]:
    """The policy allows only the site's own scripts and styles; a logged-in
    page is not kept in any cache."""
    problems = []
    policy = {}
    for part in headers.get("content-security-policy", "").split(";"):
        if part.strip():
            name, *values = part.split()
            policy[name] = values
    if policy.get("script-src") != ["'self'"] or policy.get("style-src") != ["'self'"]:
        problems.append(f"{href}: Content-Security-Policy {policy}")
    if headers.get("cache-control") != "no-store":
        problems.append(f"{href}: Cache-Control {headers.get('cache-control')}")
    return problems


def text_problems(href, someone) -> list[str]:
    """Raw audit keys, minus-signed amounts and checkboxes off their label's
    line on the page open in ``someone``'s browser."""
    problems = []
    text = someone.page.evaluate(VISIBLE_TEXT)
    keys = sorted(set(RAW_AUDIT_KEY.findall(text)))
    if keys:
        problems.append(f"{href}: raw audit keys {keys[:5]}")
    minus = MINUS_YEN.findall(text)
    if minus:
        problems.append(f"{href}: {len(minus)} amounts written with a minus")
    off_line = someone.page.evaluate(OFF_LABEL_LINE)
    if off_line:
        problems.append(f"{href}: checkboxes/radios off their label's line {off_line}")
    return problems


def navigation_links(someone) -> list[str]:
    hrefs = someone.page.eval_on_selector_all(
        ".site-nav a, .account-menu a",
        "links => links.map(a => a.getAttribute('href'))",
    )
    return list(dict.fromkeys(h for h in hrefs if h and not h.startswith("/admin")))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "390px"])
@pytest.mark.parametrize("role", ROLE_LOGINS)
def test_every_navigation_page_renders_within_the_screen(person, role, viewport):
    someone = person(ROLE_LOGINS[role], viewport=viewport)
    links = navigation_links(someone)
    assert len(links) >= 2, f"{role} has almost no navigation: {links}"
    problems = []
    details: list[str] = []
    pages = list(links)
    while pages:
        href = pages.pop(0)
        response = someone.page.goto(href)
        someone.page.wait_for_load_state("networkidle")
        if response is None or response.status >= 400:
            problems.append(f"{href}: HTTP {response.status if response else '-'}")
            continue
        problems += header_problems(href, response.all_headers())
        layout = someone.page.evaluate(OVERFLOW)
        if layout["scroll"] > layout["width"]:
            problems.append(
                f"{href}: {layout['scroll']} px wide in {layout['width']} px"
                f" ({', '.join(layout['wide'])})"
            )
        unlabelled = someone.page.evaluate(UNLABELLED)
        if unlabelled:
            problems.append(f"{href}: fields without a label: {unlabelled}")
        problems += text_problems(href, someone)
        if href in details and not someone.page.evaluate(HAS_TRAIL):
            problems.append(f"{href}: a detail page without a breadcrumb trail")
        if href in links and len(details) < MAX_DETAILS:
            # One detail page from each list: every page of the role.
            found = someone.page.evaluate(DETAIL_LINKS)
            fresh = [h for h in found if h not in details and h not in links]
            details.extend(fresh[:1])
            pages.extend(fresh[:1])
    problems += someone.server_errors + someone.console_errors
    assert not problems, f"{role} at {viewport['width']} px:\n" + "\n".join(problems)


def test_finance_and_director_dashboards_draw_their_figures(person):
    finance = person("finance")
    bars = finance.page.locator("svg.chart rect")
    assert bars.count() >= 2, "the billed and margin bars of at least one month"
    assert "¥" in bars.first.locator("title").text_content()
    director = person("director")
    by_state = director.page.locator("#by-state .bars .bar > span")
    assert by_state.count() >= 1
    widths = by_state.evaluate_all("spans => spans.map(s => s.style.width)")
    assert any(w not in ("", "0%") for w in widths), widths


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "390px"])
def test_a_refused_form_says_what_is_wrong_next_to_each_field(person, viewport):
    sales = person("sales", viewport=viewport)
    sales.page.goto("/clients/companies/new/")
    sales.page.locator("input[name=corporate_number]").fill("1234567890123")
    sales.page.locator("main form button[type=submit]").first.click()
    wrong = sales.page.locator(".field.has-error")
    assert wrong.count() >= 2, "the empty name and the bad number at least"
    number_field = sales.page.locator(".field.has-error", has_text="法人番号")
    assert number_field.locator(".error").inner_text().strip()
    # The message sits under its own input, inside the screen.
    box = number_field.locator(".error").bounding_box()
    field_box = number_field.locator("input").bounding_box()
    assert field_box["y"] < box["y"] < field_box["y"] + 200
    assert box["x"] + box["width"] <= viewport["width"]
    assert not sales.server_errors and not sales.console_errors


def test_the_worker_menu_is_one_line_with_its_task_groups(person):
    """At 1280 px the worker's menu is one line: the tasks drop down from
    仕事 / 報酬 / アカウント, each opening alone."""
    worker = person("worker1")
    page = worker.page
    nav = page.locator("#site-nav")
    line = page.evaluate(
        "() => { const a = document.querySelector('#site-nav a');"
        " return parseFloat(getComputedStyle(a).lineHeight)"
        " || a.getBoundingClientRect().height; }"
    )
    assert nav.bounding_box()["height"] < 2 * line, (nav.bounding_box(), line)
    groups = page.locator("#site-nav .task-group > details > summary")
    assert groups.all_inner_texts()[:3] == ["仕事", "報酬", "アカウント"]
    groups.nth(0).click()
    assert page.locator("#site-nav .task-group > details[open]").count() == 1
    offers = page.locator(
        "#site-nav .task-group details[open] a", has_text="届いた依頼"
    )
    assert offers.is_visible()
    groups.nth(1).click()
    opened = page.locator("#site-nav .task-group > details[open] > summary")
    assert opened.all_inner_texts() == ["報酬"]
    page.keyboard.press("Escape")
    assert page.locator("#site-nav details[open]").count() == 0
    assert not worker.console_errors


def test_the_phone_menu_opens_behind_its_button_and_shows_the_groups(person):
    worker = person("worker1", viewport=PHONE)
    page = worker.page
    assert not page.locator("#site-nav").is_visible()
    page.click(".nav-toggle")
    expect(page.locator("#site-nav")).to_be_visible()
    page.locator("#site-nav .task-group > details > summary").first.click()
    expect(page.locator("#site-nav .task-group details[open] a").first).to_be_visible()
    assert not worker.console_errors
