"""Finance imports a bank transfer notice on the production stack: the
upload, the import run's progress to done (a real Celery worker), the
credit nobody could match in the queue, and the aging report."""

import time

from playwright.sync_api import expect

from tests.invoicing.receivables import zengin_notice as z


def test_finance_imports_a_notice_and_finds_the_unmatched_credit(person, tmp_path):
    finance = person("finance")
    reference = int(time.time()) % 1_000_000  # a new line on every run
    path = tmp_path / "notice.txt"
    path.write_bytes(z.notice(z.credit(reference, 12_345, "ﾐｼﾗﾇ ｼﾖｳｶｲ")))

    finance.page.goto("/invoicing/bank/")
    finance.page.get_by_label("明細ファイル").set_input_files(str(path))
    finance.page.get_by_role("button", name="取り込む").click()
    progress = finance.page.locator("[data-run-progress]")
    expect(progress.locator("[data-field=state_label]")).to_have_text(
        "完了", timeout=60_000
    )
    expect(finance.page.locator("table.list")).to_contain_text("ﾐｼﾗﾇ ｼﾖｳｶｲ")

    finance.page.goto("/invoicing/bank/unmatched/")
    row = finance.page.locator("tr", has_text="ﾐｼﾗﾇ ｼﾖｳｶｲ")
    expect(row).to_contain_text("¥12,345")
    row.get_by_role("link", name="消込").click()
    expect(finance.page.get_by_role("heading", name="入金を消込する")).to_be_visible()

    finance.page.goto("/invoicing/receivables/aging/")
    expect(finance.page.get_by_role("heading", name="売掛金年齢表")).to_be_visible()
    assert not finance.console_errors and not finance.server_errors
