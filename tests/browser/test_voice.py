"""The client's voice in the browser, on the production stack: help articles
suggested while an inquiry is typed (static/js/faq_suggest.js under the
site's CSP), the help centre's Japanese search, and a delivery rated with the
star control by keyboard."""


def test_client_gets_suggestions_searches_help_and_rates_a_delivery(person):
    contact = person("client-a")
    page = contact.page

    page.goto("/support/new/")
    page.fill("textarea[data-faq-suggest]", "見積はまだ届きませんか")
    page.wait_for_selector("#faq-suggestions a")
    assert "見積はどのくらいで届きますか" in page.inner_text("#faq-suggestions")

    page.goto("/support/help/")
    page.fill("input[name=q]", "請求書")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_load_state()
    assert "請求書の宛名や送付先を変更したい" in page.inner_text("main")

    page.goto("/support/ratings/")
    page.click("a.button[href*='/support/ratings/delivery/']")
    page.wait_for_load_state()
    # The five radios are one group: focus the first (5 stars), arrow to 4.
    page.focus("input[name=rating][value='5']")
    page.keyboard.press("ArrowRight")
    assert page.is_checked("input[name=rating][value='4']")
    page.fill("textarea[name=comment]", "読みやすい記事でした。")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    assert "★★★★☆" in page.inner_text("main")
    assert "読みやすい記事でした。" in page.inner_text("main")

    assert not contact.server_errors
    assert not contact.console_errors
