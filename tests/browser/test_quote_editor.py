"""The quote editor on a desktop and on a phone: typing a quantity updates the
line's amount and the total from the server's own arithmetic, and the page
never scrolls sideways (issue #20: it was 879 px wide at 390 px)."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE

# The demo's engagement in quoting: a draft of 30 × ¥3,300 (商品説明文 300字).
TITLE = "EC サイトの商品説明文 30本"
WIDTH = """() => ({body: document.body.scrollWidth,
  page: document.documentElement.scrollWidth, width: window.innerWidth})"""


def _yen_digits(text: str) -> int:
    return int(re.sub(r"[^0-9]", "", text))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "390px"])
def test_the_quote_editor_computes_as_you_type_within_the_screen(person, viewport):
    sales = person("sales", viewport=viewport)
    page = sales.page
    page.goto("/engagements/sales/")
    href = page.locator("main a", has_text=TITLE).first.get_attribute("href")
    page.goto(f"{href}quote/")
    page.wait_for_load_state("networkidle")
    quantity = page.locator("input[name=lines-0-quantity]")
    amount = page.locator("tr.line").first.locator(".line-amount output")
    total = page.locator('#live-totals [data-key="total"]')

    quantity.fill("40")
    expect(amount).to_have_text("¥132,000")  # 40 × ¥3,300
    expect(total).to_be_visible()
    expect(total).to_have_text(re.compile(r"^¥[0-9,]+$"))
    first_total = _yen_digits(total.text_content())
    assert first_total > 132_000  # the fee and the tax on top

    quantity.fill("50")
    expect(amount).to_have_text("¥165,000")
    expect(total).not_to_have_text(f"¥{first_total:,}")
    assert _yen_digits(total.text_content()) > first_total

    width = page.evaluate(WIDTH)
    assert width["body"] <= width["width"], width
    assert width["page"] <= width["width"], width
    assert not sales.server_errors and not sales.console_errors
