"""The finance end of the journey (issue 9), through the pages only.

Call it last, once the client has accepted the delivery (today, the
machine's real date)::

    from .finance import WorkerPayout, close_month_and_pay

    close_month_and_pay(
        person,                  # the ``person`` fixture (it logs finance in)
        stack,                   # the ``stack`` fixture
        client_name="株式会社…",  # the new client's legal name as sales typed it
        work_subtotal=59_400,    # the accepted quote's lines, excl. tax (all at 10%)
        direction_fee=5_940,     # the quote's 進行管理費, as the quote page showed it
        worker_payouts=[         # one per worker who did the journey's subtasks
            WorkerPayout("加藤 陽菜", rewards=(15_000, 9_000)),
            WorkerPayout("吉田 蓮", rewards=(12_000,)),
        ],
    )

``WorkerPayout.name`` is the worker's name as finance's pages show it (the
profile's display name: worker1 小林 翔, worker2 加藤 陽菜, worker3 吉田 蓮) and
``rewards`` the rewards of the subtasks that worker did, as the director
entered them (yen, excl. tax). The defaults fit the demo for a writing or
design job done by an individual: withholding applies (10.21%, floored), the
operator's flat 10% fee on each reward (floored; pass ``fee_rate`` for another
policy), consumption tax added at 10% (floored, once per statement). A worker
whose demo work falls due by the same pay date (worker2 has some) gets one
statement for all of it: the other lines are read off the pay-date page and
added to the expected figures, the journey's own are checked against
``rewards``.

The client's invoice is expected to hold only the journey's engagement, its
lines all at 10%: tax = floor((work_subtotal + direction_fee) × 10%).

What it does, asserting what finance sees at each step:

1. closes the client's current period early (臨時締め, from the month close
   page: the delivery was accepted today, before the client's closing date)
   and watches the progress bar until the run is done with one invoice;
2. opens the client's invoice: total, tax per rate and the 進行管理費 line
   against the expected figures; downloads its PDF and reads it with
   ``pdftotext`` (the client's name and the total as ¥72,600);
3. opens the pay date of work received today (月末締め翌月末払い, moved to
   the previous business day), checks each worker's lines on the worker's
   drill-down, starts the payout run, waits on its progress page until it
   is done, checks each worker's net payment there, and downloads the
   Zengin file: 120-byte cp932 records, a data record per worker with the
   net amount, a trailer with the count and total;
4. saves ``finance-dashboard`` (1280 px) of the dashboard with its chart.

Returns a ``FinanceResult``: the invoice number, the pay date, each worker's
statement ``Figures`` (``.net`` is what the worker's pages should show) and
the Zengin bytes.
"""

from __future__ import annotations

import calendar
import datetime
import re
import subprocess
import time
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

import jpholiday
from playwright.sync_api import expect

TAX_RATE = Decimal("0.10")
WITHHOLDING_RATE = Decimal("0.1021")  # up to ¥1,000,000 a payment
FEE_RATE = Decimal("0.10")  # the demo's flat fee policy
RECORD = 120  # bytes in a Zengin record, CR LF after each


def yen(amount: int) -> str:
    """¥1,234 as the pages and the PDFs print amounts."""
    return f"¥{amount:,}"


def _floor(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_DOWN))


@dataclass(frozen=True)
class Figures:
    """One worker's payout statement, as finance's page prints it."""

    subtotal: int
    tax: int
    fee: int
    withheld: int

    @property
    def net(self) -> int:
        """What the bank transfer carries: reward + tax − withholding − fee."""
        return self.subtotal + self.tax - self.withheld - self.fee


def statement_figures(lines: list[tuple[int, int, bool]]) -> Figures:
    """(amount excl. tax, fee, subject to withholding) per line → the
    statement: tax once on the subtotal, withholding once on the subject part
    (an individual, ≤ ¥1,000,000), fees added up."""
    subtotal = sum(amount for amount, _fee, _subject in lines)
    subject = sum(amount for amount, _fee, is_subject in lines if is_subject)
    return Figures(
        subtotal=subtotal,
        tax=_floor(subtotal * TAX_RATE),
        fee=sum(fee for _amount, fee, _subject in lines),
        withheld=_floor(subject * WITHHOLDING_RATE),
    )


@dataclass(frozen=True)
class WorkerPayout:
    """One worker's pay for the journey (see the module docstring)."""

    name: str
    rewards: tuple[int, ...]
    withholding: bool = True
    fee_rate: Decimal = FEE_RATE

    def lines(self) -> list[tuple[int, int, bool]]:
        return [
            (reward, _floor(reward * self.fee_rate), self.withholding)
            for reward in self.rewards
        ]

    @property
    def figures(self) -> Figures:
        return statement_figures(self.lines())


@dataclass
class FinanceResult:
    invoice_number: str = ""
    pay_date: datetime.date | None = None
    zengin: bytes = b""
    statements: dict[str, Figures] = field(default_factory=dict)


def close_month_and_pay(
    person,
    stack,
    *,
    client_name: str,
    work_subtotal: int,
    direction_fee: int,
    worker_payouts: list[WorkerPayout],
) -> FinanceResult:
    finance = person("finance")
    result = FinanceResult()
    close_client_early(finance.page, client_name)
    stack.check_alive()
    result.invoice_number = check_invoice(
        finance, client_name, work_subtotal=work_subtotal, direction_fee=direction_fee
    )
    result.pay_date = pay_date_for_work_received(today())
    result.statements, result.zengin = run_payouts(
        finance.page, result.pay_date, worker_payouts
    )
    dashboard_screenshot(finance)
    assert finance.server_errors == [], finance.server_errors
    assert finance.console_errors == [], finance.console_errors
    return result


def today() -> datetime.date:
    """The date in Tokyo, where the product keeps its calendar."""
    tokyo = datetime.timezone(datetime.timedelta(hours=9))
    return datetime.datetime.now(tokyo).date()


# --- 1. the close --------------------------------------------------------------------


def close_client_early(page, client_name: str) -> None:
    page.goto("/invoicing/month-close/")
    expect(page.get_by_role("heading", name="取引先ごとの臨時締め")).to_be_visible()
    page.get_by_label("臨時締めする取引先").select_option(label=client_name)
    page.get_by_role("button", name="臨時締めする").click()
    expect(page).to_have_url(re.compile(r"/invoicing/month-close/\d+/$"))
    expect(page.locator(".messages")).to_contain_text(
        f"{client_name}を本日までの分で臨時締めしています。"
    )
    progress = page.locator("#close-progress")
    # The page polls the run until the Celery worker has finished it.
    expect(progress.locator('[data-field="state_label"]')).to_have_text(
        "完了", timeout=60_000
    )
    expect(progress.locator('[data-field="done"]')).to_have_text("1")
    expect(progress.locator('[data-field="total"]')).to_have_text("1")
    expect(progress.locator('[data-field="issued"]')).to_have_text("1")
    expect(progress.get_by_role("progressbar")).to_have_attribute(
        "aria-valuenow", "100"
    )
    expect(progress.locator('[data-field="error"]')).to_have_text("")


# --- 2. the invoice ------------------------------------------------------------------


def check_invoice(finance, client_name, *, work_subtotal, direction_fee) -> str:
    page = finance.page
    base = work_subtotal + direction_fee
    tax = _floor(base * TAX_RATE)
    total = base + tax
    page.get_by_role("link", name="請求書").last.click()
    row = page.locator("table.list tbody tr", has_text=client_name)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(yen(base))
    expect(row).to_contain_text(yen(total))
    expect(row).to_contain_text("発行済")
    row.get_by_role("link").first.click()

    expect(page.get_by_role("heading", level=2, name=client_name)).to_be_visible()
    lines = page.locator("table.list", has_text="進行管理費")
    fee_row = lines.locator("tbody tr", has_text="進行管理費")
    expect(fee_row).to_contain_text(yen(direction_fee))
    expect(fee_row).to_contain_text("10%")
    footer = lines.locator("tfoot")
    expect(footer).to_contain_text(f"10%対象 {yen(base)}")
    expect(footer).to_contain_text(f"消費税 {yen(tax)}")
    expect(footer.locator("tr", has_text="税込合計")).to_contain_text(yen(total))
    number = page.get_by_role("heading", level=1).inner_text().split()[0]
    assert number.startswith("INV-"), number
    check_invoice_pdf(finance, client_name, total)
    return number


def check_invoice_pdf(finance, client_name: str, total: int) -> None:
    """Fetch the PDF the link points to, as the browser would (the worker
    renders it after the close: until then the link leads back with a note)."""
    href = finance.page.get_by_role("link", name="PDF", exact=True).get_attribute(
        "href"
    )
    deadline = time.monotonic() + 60
    while True:
        response = finance.context.request.get(href)
        assert response.ok, response.status
        if response.headers["content-type"] == "application/pdf":
            break
        assert time.monotonic() < deadline, "the invoice PDF was not rendered"
        time.sleep(1)
    body = response.body()
    assert body.startswith(b"%PDF-"), body[:20]
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],
        input=body,
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert client_name in text, text[:500]
    assert yen(total) in text, text[:1500]


# --- 3. the payout -----------------------------------------------------------------


def _bank_holiday(day: datetime.date) -> bool:
    return (
        day.weekday() >= 5
        or (day.month, day.day) == (12, 31)
        or (day.month == 1 and day.day <= 3)
        or jpholiday.is_holiday(day)
    )


def pay_date_for_work_received(received: datetime.date) -> datetime.date:
    """The demo operator's calendar: 月末締め翌月末払い, a bank holiday moved
    to the previous business day."""
    year, month = (
        (received.year + 1, 1)
        if received.month == 12
        else (received.year, received.month + 1)
    )
    day = datetime.date(year, month, calendar.monthrange(year, month)[1])
    while _bank_holiday(day):
        day -= datetime.timedelta(days=1)
    return day


def _scheduled_lines(table, worker_name: str) -> list[tuple[int, int, bool]]:
    """The worker's lines due on the page that the run will pay."""
    found = []
    rows = table.locator("tbody tr", has_text=worker_name).filter(has_text="支払予定")
    for row in rows.all():
        cells = [cell.inner_text() for cell in row.locator("td").all()]
        found.append(
            (_amount(cells[5]), _amount(cells[6]), cells[7].startswith("あり"))
        )
    return found


def _amount(text: str) -> int:
    return int(text.strip().lstrip("¥").replace(",", ""))


def run_payouts(page, pay_date, worker_payouts) -> tuple[dict[str, Figures], bytes]:
    """Issue the statements of ``pay_date``. A worker's statement adds up
    every line due to them by then: the journey's (checked against the
    rewards given) and any the demo had for them already (read off the
    worker's drill-down page). The run goes on in the background: its
    progress page shows it finishing, then the statements."""
    page.goto("/invoicing/payouts/")
    page.get_by_label("支払日").fill(pay_date.isoformat())
    page.get_by_role("button", name="支払日を開く").click()
    day_url = re.compile(rf"/invoicing/payouts/{pay_date}/$")
    expect(page).to_have_url(day_url)
    received = f"{today():%Y/%m/%d}"
    expected = {}
    for worker in worker_payouts:
        summary = page.locator("#workers-due")
        summary.get_by_role("link", name=worker.name, exact=True).click()
        expect(page).to_have_url(
            re.compile(rf"/invoicing/payouts/{pay_date}/workers/\d+/$")
        )
        lines_due = page.locator("#lines-due")
        today_rows = lines_due.locator("tbody tr", has_text=received)
        for reward in worker.rewards:
            expect(today_rows.filter(has_text=yen(reward)).first).to_contain_text(
                f"{pay_date:%Y/%m/%d}"
            )
        others = _scheduled_lines(lines_due, worker.name)
        for line in worker.lines():
            assert line in others, (worker.name, line, others)
            others.remove(line)
        expected[worker.name] = statement_figures(worker.lines() + others)
        page.goto(f"/invoicing/payouts/{pay_date}/")

    page.get_by_role("button", name="支払通知書を発行する").click()
    expect(page).to_have_url(re.compile(r"/invoicing/payout-runs/\d+/$"))
    progress = page.locator("#payout-progress")
    # The page polls the run until the Celery worker has finished it, then
    # reloads with the statements.
    expect(progress.locator('[data-field="state_label"]')).to_have_text(
        "完了", timeout=60_000
    )
    statements = page.locator("#statements")
    expect(statements).to_be_visible(timeout=30_000)
    for worker in worker_payouts:
        figures = expected[worker.name]
        row = statements.locator("tbody tr", has_text=worker.name)
        expect(row).to_have_count(1)
        cells = row.locator("td")
        expect(cells.nth(2)).to_have_text(yen(figures.subtotal))
        expect(cells.nth(3)).to_have_text(yen(figures.tax))
        expect(cells.nth(4)).to_have_text(yen(figures.fee))
        expect(cells.nth(5)).to_have_text(yen(figures.withheld))
        expect(cells.nth(6)).to_have_text(yen(figures.net))
        expect(cells.nth(7)).to_have_text("発行済")

    page.goto(f"/invoicing/payouts/{pay_date}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="全銀振込ファイルをダウンロード").click()
    content = download.value.path().read_bytes()
    assert download.value.suggested_filename == f"zengin-{pay_date:%Y%m%d}.txt"
    check_zengin(content, pay_date, [f.net for f in expected.values()])
    return expected, content


def check_zengin(content: bytes, pay_date, nets: list[int]) -> None:
    """全銀 総合振込: header, data records, trailer, end; 120 bytes of cp932
    each followed by CR LF; the amount is bytes 80-89 of a data record."""
    records = content.split(b"\r\n")
    assert records[-1] == b"", "the file ends with CR LF"
    records = records[:-1]
    assert all(len(r) == RECORD for r in records), [len(r) for r in records]
    for record in records:
        record.decode("cp932")  # Shift_JIS (Windows): half-width kana names
    header, data, trailer, end = records[0], records[1:-2], records[-2], records[-1]
    assert header[:4] == b"1210", header[:4]  # 総合振込, JIS code set
    assert header[54:58] == f"{pay_date:%m%d}".encode(), header[54:58]
    assert [r[:1] for r in data] == [b"2"] * len(data)
    assert (trailer[:1], end[:1]) == (b"8", b"9")
    amounts = [int(r[80:90]) for r in data]
    for net in nets:
        assert net in amounts, (net, amounts)
    assert int(trailer[1:7]) == len(amounts)
    assert int(trailer[7:19]) == sum(amounts)


# --- 4. the dashboard ----------------------------------------------------------------


def dashboard_screenshot(finance) -> None:
    page = finance.page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/invoicing/")
    expect(page.get_by_role("heading", name="月別の請求額と粗利")).to_be_visible()
    chart = page.locator("svg.chart").first
    expect(chart).to_be_visible()
    assert chart.locator("rect").count() > 0
    finance.screenshot("finance-dashboard")
