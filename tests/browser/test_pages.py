"""Every page each role's navigation offers, at desktop and phone width:
no server error, no console error (a Content-Security-Policy refusal
included), the policy and no-store headers, no horizontal scrolling."""

import pytest

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
}
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
    for href in links:
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
