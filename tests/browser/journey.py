"""The steps of issue 9's journey, each done through the pages by the person
whose job it is. Each step returns what the later ones (and finance) need.

Amounts are computed here from what the steps type in, never read back
from the pages and compared with themselves.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path

from playwright.sync_api import Page, expect

from enterprise.models import corporate_number_check_digit

CLIENT_NAME = "株式会社ひかり出版"
CLIENT_KANA = "ヒカリシュッパン"
CORPORATE_BASE = "601234567890"
CONTACT_NAME = "森 真理子"
CONTACT_EMAIL = "mori@hikari-shuppan.example"
CONTACT_PASSWORD = "Hikari-portal-2026"
DIRECTION_FEE_RATE = Decimal("0.10")  # typed as 10 (%), rounded down (切り捨て)
TAX_RATE = Decimal("0.10")
ENGAGEMENT_TITLE = "新刊紹介記事3本の制作"


def yen(amount: int) -> str:
    """As the pages print money: ¥1,234."""
    return f"¥{amount:,}"


def down(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_FLOOR))


@dataclass(frozen=True)
class QuoteLine:
    description: str
    quantity: int
    unit: str
    unit_price: int

    @property
    def amount(self) -> int:
        return self.quantity * self.unit_price


@dataclass(frozen=True)
class Quote:
    """The quote sales types in, with its amounts as the client's terms
    make them: a 10% direction fee on the work subtotal, 10% tax on work and
    fee together, both rounded down."""

    lines: tuple[QuoteLine, ...]

    @property
    def work_subtotal(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def direction_fee(self) -> int:
        return down(self.work_subtotal * DIRECTION_FEE_RATE)

    @property
    def before_tax(self) -> int:
        return self.work_subtotal + self.direction_fee

    @property
    def tax(self) -> int:
        return down(self.before_tax * TAX_RATE)

    @property
    def total(self) -> int:
        return self.before_tax + self.tax


QUOTE = Quote(
    (
        QuoteLine("新刊紹介記事の執筆", 3, "本", 25_000),
        QuoteLine("構成案の作成", 1, "式", 18_500),
        QuoteLine("校正", 3, "本", 4_333),
    )
)


@dataclass
class Subtask:
    title: str
    skill: str  # the option text of the required skill
    reward: int
    worker: str = ""  # username of the worker who holds it
    worker_name: str = ""  # as the pages show the worker
    pk: int = 0
    version: int = 0  # the latest version its worker submitted


@dataclass
class Journey:
    """What one step leaves for the next ones (and for finance)."""

    client_name: str = CLIENT_NAME
    client_path: str = ""
    contact_email: str = CONTACT_EMAIL
    contact_password: str = CONTACT_PASSWORD
    engagement_title: str = ENGAGEMENT_TITLE
    engagement_pk: int = 0
    quote: Quote = QUOTE
    subtasks: list[Subtask] = field(default_factory=list)

    def worker_usernames(self) -> list[str]:
        return list(dict.fromkeys(s.worker for s in self.subtasks))

    def rewards_by_worker(self) -> dict[str, tuple[int, ...]]:
        """Each worker's name as the pages show it -> their subtasks' rewards."""
        rewards: dict[str, tuple[int, ...]] = {}
        for subtask in self.subtasks:
            rewards[subtask.worker_name] = (
                *rewards.get(subtask.worker_name, ()),
                subtask.reward,
            )
        return rewards


# --- helpers -------------------------------------------------------------


def corporate_number(base: str) -> str:
    """A 法人番号 whose check digit is right (the NTA rule)."""
    return f"{corporate_number_check_digit(base)}{base}"


def expect_flash(page: Page, text: str) -> None:
    expect(page.locator(".messages")).to_contain_text(text)


def expect_state(page: Page, text: str) -> None:
    expect(page.locator("h1 .state")).to_have_text(text)


def pk_in(url: str, after: str) -> int:
    """/clients/companies/12/ with after="companies" -> 12."""
    parts = url.rstrip("/").split("/")
    return int(parts[parts.index(after) + 1])


# --- 1. sales onboards the client --------------------------------------


def register_client(sales, journey: Journey) -> None:
    page = sales.page
    page.goto("/clients/sales/")
    page.get_by_role("link", name="クライアントを登録").click()
    page.get_by_label("正式名称").fill(journey.client_name)
    page.get_by_label("フリガナ").fill(CLIENT_KANA)
    page.get_by_label("法人番号", exact=False).first.fill(
        corporate_number(CORPORATE_BASE)
    )
    page.get_by_label("郵便番号").fill("101-0051")
    page.get_by_label("住所").fill("東京都千代田区神田神保町1-2-3")
    page.get_by_label("請求書送付先担当者").fill(CONTACT_NAME)
    page.get_by_label("請求書送付先メールアドレス").fill(CONTACT_EMAIL)
    page.locator("select[name=closing_day]").select_option(label="月末")
    page.locator("select[name=payment_month_offset]").select_option(label="翌月")
    page.locator("select[name=payment_day]").select_option(label="月末")
    page.locator("select[name=direction_fee_kind]").select_option("rate")
    page.locator("input[name=direction_fee_percent]").fill("10")
    page.get_by_label("消費税の端数処理").select_option(label="切り捨て")
    page.get_by_role("button", name="保存").click()
    expect_flash(page, "クライアントを見込みとして登録しました")
    expect(page.locator("h1")).to_contain_text(journey.client_name)
    journey.client_path = page.url.removeprefix(sales.stack.url)


def screen_client(sales, journey: Journey) -> None:
    """Start screening, record the 反社 and credit checks, activate."""
    page = sales.page
    page.goto(journey.client_path)
    page.get_by_role("button", name="審査を開始").click()
    expect_flash(page, "審査を開始しました。")
    activate = page.get_by_role("button", name="取引を開始")
    expect(activate).to_be_disabled()
    for kind, note in [
        ("antisocial", "日経テレコン・自社DBで該当なし"),
        ("credit", "帝国データバンク評点62"),
    ]:
        page.locator("select[name=kind]").select_option(kind)
        page.locator("select[name=result]").select_option("passed")
        page.locator("textarea[name=note]").fill(note)
        page.get_by_role("button", name="チェック結果を記録").click()
        expect_flash(page, "チェック結果を記録しました。")
    activate = page.get_by_role("button", name="取引を開始")
    expect(activate).to_be_enabled()
    activate.click()
    expect_state(page, "取引中")


def invite_contact(sales, journey: Journey) -> None:
    page = sales.page
    page.goto(journey.client_path)
    invite = page.locator("form[action$='/contacts/invite/']")
    invite.get_by_label("氏名").fill(CONTACT_NAME)
    invite.get_by_label("メールアドレス").fill(journey.contact_email)
    invite.get_by_label("部署").fill("編集部")
    invite.get_by_role("button").click()
    expect_flash(page, "招待メールを送信しました。")
    expect(
        page.locator("table").filter(has_text=journey.contact_email)
    ).to_contain_text("招待中")


def contact_sets_password(contact, journey: Journey) -> None:
    """The contact follows the invitation mail's link and sets a password."""
    mail = contact.stack.wait_for_mail(journey.contact_email)
    assert journey.client_name in mail.subject, mail.subject
    link = next(url for url in mail.links() if "/accounts/set-password/" in url)
    page = contact.page
    page.goto(link)
    expect(page.locator("header.site-header .brand")).to_contain_text("元請")
    expect(page.locator("body")).not_to_contain_text("Django")
    page.locator("input[name=new_password1]").fill(journey.contact_password)
    page.locator("input[name=new_password2]").fill(journey.contact_password)
    page.get_by_role("button").filter(has_text="パスワード").click()
    expect(page.locator("main")).to_contain_text("パスワード")
    assert "/accounts/set-password/done/" in page.url, page.url
    assert contact.console_errors == [], contact.console_errors


def record_engagement(sales, journey: Journey) -> None:
    """The intake: the order form for the new client, sent on to quoting,
    with a director put in charge."""
    page = sales.page
    page.goto("/engagements/sales/new/")
    page.get_by_label("クライアント").select_option(label=journey.client_name)
    page.get_by_label("タイトル").fill(journey.engagement_title)
    page.get_by_label("カテゴリ").select_option(label="ライティング")
    page.get_by_label("目的").fill(
        "新刊3点の販促のため、書店サイトに載せる紹介記事がほしい"
    )
    page.get_by_label("成果物").fill("紹介記事3本（各2,000字）、構成案")
    page.get_by_label("検収基準").fill("表記ルールに沿っていること、事実誤認がないこと")
    deadline = datetime.date.today() + datetime.timedelta(days=30)
    page.get_by_label("納期").fill(deadline.isoformat())
    page.get_by_label("予算").fill("150000")
    page.get_by_role("button", name="案件を登録する").click()
    expect_flash(page, "案件を下書きとして登録しました。")
    journey.engagement_pk = pk_in(page.url, "sales")
    page.get_by_role("button", name="見積作成に進める").click()
    expect_flash(page, "見積作成に進めました。")
    page.get_by_label("ディレクター").select_option(label="高橋 美咲")
    page.get_by_role("button", name="割り当てる").click()
    expect_flash(page, "ディレクターを割り当てました。")


def send_quote(sales, journey: Journey) -> None:
    """Type the quote's lines, save, check the amounts, send it."""
    page = sales.page
    page.goto(f"/engagements/sales/{journey.engagement_pk}/quote/")
    quote = journey.quote
    for index, line in enumerate(quote.lines):
        if index:
            page.get_by_role("button", name="行を追加").click()
        row = f"input[name=lines-{index}-"
        page.locator(row + "description]").fill(line.description)
        page.locator(row + "quantity]").fill(str(line.quantity))
        page.locator(row + "unit]").fill(line.unit)
        page.locator(row + "unit_price]").fill(str(line.unit_price))
    page.get_by_role("button", name="下書き保存").last.click()
    expect_flash(page, "見積を下書き保存しました。")
    amounts = page.locator("aside")
    for label, amount in [
        ("作業小計", quote.work_subtotal),
        ("進行管理費", quote.direction_fee),
        ("消費税", quote.tax),
        ("合計（税込）", quote.total),
    ]:
        expect(
            amounts.locator("dt", has_text=label).first.locator("+ dd")
        ).to_have_text(yen(amount))
    page.get_by_role("button", name="クライアントに送付").click()
    expect_flash(page, "見積をクライアントに送付しました。")
    expect(page.locator("details.quote").first).to_contain_text(yen(quote.total))


# --- 2. the client's contact accepts the quote -------------------------


def accept_quote(contact, journey: Journey) -> None:
    page = contact.page
    page.goto("/")
    page.get_by_role("link", name=journey.engagement_title).first.click()
    quote_row = page.get_by_role("row").filter(has_text=yen(journey.quote.total))
    expect(quote_row).to_contain_text("送付済")
    quote_row.get_by_role("link").click()
    expect(page.locator("main")).to_contain_text(yen(journey.quote.total))
    page.get_by_label("見積内容を確認し").check()
    page.get_by_role("button", name="見積を承諾する").click()
    expect_flash(page, "ご注文ありがとうございます。")
    expect(page.locator("h1 .state")).to_have_text("承諾済")


# --- 3. the director plans three subtasks and offers them --------------

# Two certified writers from the assignment panel's ranked list: 伊藤 直樹
# (veteran, senior, five free slots) takes two subtasks, 小林 翔 (worker1,
# one free slot) the third.
SUBTASKS = (
    Subtask(
        "紹介記事1・2の執筆", "ライティング / 記事作成", 30_000, "veteran", "伊藤 直樹"
    ),
    Subtask("紹介記事3の執筆", "ライティング / 記事作成", 15_000, "worker1", "小林 翔"),
    Subtask(
        "構成案の作成と校正", "ライティング / 記事作成", 12_000, "veteran", "伊藤 直樹"
    ),
)


def click_menu(page, name: str) -> None:
    """Click the menu entry ``name``, opening the drop-downs (a task group; a
    role for people with several) that hold it first, as a person would."""
    nav = page.locator("nav.site-nav")
    entry = page.get_by_role("link", name=name, exact=True, include_hidden=True)
    link = nav.locator("a").filter(has_text=name).and_(entry).first
    for details in nav.locator("details").filter(has=entry).all():
        if details.get_attribute("open") is None:
            details.locator("> summary").click()
    link.click()


def plan_subtasks(director, journey: Journey) -> None:
    page = director.page
    page.goto("/directors/")
    click_menu(page, "担当案件")
    page.get_by_role("link", name=journey.engagement_title).first.click()
    expect(page.locator("#budget")).to_contain_text(yen(journey.quote.before_tax))
    page.get_by_role("button", name="作業設計を始める").click()
    expect_flash(page, "作業設計を始めました。")
    journey.subtasks = [dataclasses.replace(s) for s in SUBTASKS]
    due = datetime.datetime.now() + datetime.timedelta(days=14)
    for subtask in journey.subtasks:
        form = page.locator("#add-subtask")
        form.get_by_label("タイトル").fill(subtask.title)
        form.get_by_label("作業指示").fill(f"{subtask.title}。表記ルールは添付の通り。")
        form.get_by_label("成果物の仕様").fill("Word または テキストファイル")
        form.get_by_label("必要なスキル").select_option(label=subtask.skill)
        form.get_by_label("報酬").fill(str(subtask.reward))
        form.get_by_label("納期").fill(due.strftime("%Y-%m-%dT%H:%M"))
        form.get_by_role("button", name="追加する").click()
        expect_flash(page, "作業を追加しました。")
    rewards = sum(s.reward for s in journey.subtasks)
    expect(page.locator("#budget")).to_contain_text(yen(rewards))
    expect(page.locator("#budget")).to_contain_text(
        yen(journey.quote.before_tax - rewards)
    )


def offer_subtasks(director, journey: Journey) -> None:
    """Offer each subtask to its worker from the ranked list: only certified
    writers with free slots are on it, best first."""
    page = director.page
    page.goto(f"/directors/engagements/{journey.engagement_pk}/")
    links = page.locator("#subtasks").get_by_role("link", name="割り当てる")
    paths = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(paths) == len(journey.subtasks), paths
    for path, subtask in zip(paths, journey.subtasks, strict=True):
        subtask.pk = pk_in(path, "subtasks")
        page.goto(path)
        expect(page.locator("h1")).to_contain_text(subtask.title)
        ranked = page.locator("#recommendations tbody tr")
        expect(ranked.first).to_contain_text("伊藤 直樹")
        expect(ranked.first).to_contain_text("シニア認定ワーカー")
        row = ranked.filter(has_text=subtask.worker_name)
        expect(row).to_contain_text("認定ワーカー")
        row.get_by_role("button", name="依頼する").click()
        expect_flash(page, f"{subtask.worker_name}さんに作業を依頼しました。")
        expect(page.locator(".notice")).to_contain_text(subtask.worker_name)
    page.goto(f"/directors/engagements/{journey.engagement_pk}/")
    for subtask in journey.subtasks:
        expect(page.locator("#subtasks tr", has_text=subtask.title)).to_contain_text(
            f"{subtask.worker_name}さんに依頼中"
        )


# --- 4. the workers accept, ask, get an answer, submit -----------------

QUESTION = "記事3は新刊の著者インタビューを引用してもよいですか？"
ANSWER = "引用して構いません。出典として書名を明記してください。"


def accept_offer(worker, subtask: Subtask) -> None:
    page = worker.page
    page.goto("/engagements/work/offers/")
    offer = page.locator("article.offer", has_text=subtask.title)
    expect(offer).to_contain_text(yen(subtask.reward))
    offer.get_by_role("button", name="この条件で引き受ける").click()
    expect_flash(page, f"「{subtask.title}」を引き受けました。")


def ask_question(worker, subtask: Subtask) -> None:
    page = worker.page
    page.goto("/engagements/work/subtasks/")
    page.get_by_role("link", name=subtask.title).first.click()
    page.locator("textarea[name=body]").fill(QUESTION)
    page.get_by_role("button", name="ディレクターに送信").click()
    expect_flash(page, "メッセージをディレクターに送信しました。")


def answer_question(director, journey: Journey, subtask: Subtask) -> None:
    """The director opens the held subtask from the board and answers."""
    page = director.page
    page.goto(f"/directors/engagements/{journey.engagement_pk}/")
    row = page.locator("#subtasks tr", has_text=subtask.title)
    expect(row).to_contain_text(subtask.worker_name)
    row.get_by_role("link", name="レビュー").click()
    thread = page.locator("li.question", has_text=QUESTION)
    expect(thread).to_contain_text("未回答")
    page.locator("textarea[name=message-body]").fill(ANSWER)
    page.get_by_role("button", name="送信する").click()
    expect_flash(page, "メッセージを送信しました。")
    expect(page.locator("li.question", has_text=QUESTION)).not_to_contain_text("未回答")


def read_answer(worker, subtask: Subtask) -> None:
    page = worker.page
    page.goto(f"/engagements/work/subtasks/{subtask.pk}/")
    expect(page.locator("main")).to_contain_text(ANSWER)


def upload_name(subtask: Subtask, version: int) -> str:
    return f"{subtask.pk}-v{version}.txt"


def upload_text(subtask: Subtask, version: int) -> str:
    return f"{subtask.title}（第{version}稿）\n本文です。\n"


def submit_work(worker, subtask: Subtask, tmp_path, version: int = 1) -> None:
    """Upload a small text file as the deliverable."""
    page = worker.page
    page.goto(f"/engagements/work/subtasks/{subtask.pk}/")
    upload = tmp_path / upload_name(subtask, version)
    upload.write_text(upload_text(subtask, version), encoding="utf-8")
    form = page.locator("form[action$='/submit/']")
    form.locator("input[type=file]").set_input_files(str(upload))
    form.locator("textarea").first.fill(f"第{version}稿を提出します。")
    form.get_by_role("button", name="再提出する" if version > 1 else "提出する").click()
    expect_flash(page, f"第{version}版を提出しました。")
    expect(page.locator("main")).to_contain_text(upload.name)
    subtask.version = version


# --- 5. the director reviews, asks one revision, approves, delivers ----

REVISION = "導入文を2文に縮めてください。"


def open_review(director, journey: Journey, subtask: Subtask) -> Page:
    """From the review queue, the subtask's latest submission."""
    page = director.page
    page.goto("/directors/reviews/")
    page.get_by_role("link", name=subtask.title).first.click()
    expect(page.locator("#submission")).to_contain_text(subtask.worker_name)
    return page


def request_revision(director, journey: Journey, subtask: Subtask) -> None:
    page = open_review(director, journey, subtask)
    expect(page.locator("#submission")).to_contain_text(f"{subtask.pk}-v1.txt")
    page.locator("textarea[name=revision-reason]").fill(REVISION)
    page.get_by_role("button", name="修正を依頼する").click()
    expect_flash(page, "ワーカーに修正を依頼しました。")
    expect_state(page, "修正依頼中")


def read_revision_request(worker, subtask: Subtask) -> None:
    page = worker.page
    page.goto(f"/engagements/work/subtasks/{subtask.pk}/")
    expect(page.locator("main")).to_contain_text(REVISION)


def approve(director, journey: Journey, subtask: Subtask, version: int = 1) -> None:
    page = open_review(director, journey, subtask)
    expect(page.locator("#submission")).to_contain_text(f"{subtask.pk}-v{version}.txt")
    checklist = page.locator("input[name=approve-checklist]")
    for index in range(checklist.count()):
        checklist.nth(index).check()
    page.locator("input[name=approve-rating][value='5']").check()
    page.get_by_role("button", name="承認する").click()
    expect_flash(page, "承認しました。")
    expect_state(page, "承認済")


def deliver(director, journey: Journey) -> None:
    page = director.page
    page.goto(f"/directors/engagements/{journey.engagement_pk}/")
    for subtask in journey.subtasks:
        row = page.locator("#subtasks tr", has_text=subtask.title)
        expect(row.locator(".state")).to_have_text("承認済")
    page.locator("textarea[name=deliver-note]").fill(
        "紹介記事3本と構成案を納品します。"
    )
    page.get_by_role("button", name="納品する").click()
    expect_flash(page, "納品しました。クライアントに検収を依頼しています。")
    expect_state(page, "納品済")


# --- 6. the client accepts the delivery (検収) ---------------------------


def accept_delivery(contact, journey: Journey) -> None:
    page = contact.page
    page.goto("/")
    page.get_by_role("link", name=journey.engagement_title).first.click()
    expect_state(page, "納品済")
    expect(page.locator("main")).to_contain_text("紹介記事3本と構成案を納品します。")
    check_delivered_files(page, journey)
    page.get_by_role("button", name="検収する").click()
    expect_flash(page, "納品を検収しました。ありがとうございました。")
    expect_state(page, "検収済")


def check_delivered_files(page: Page, journey: Journey) -> None:
    """Before accepting, the contact sees each subtask's final version (never
    an earlier one) and downloads the revised one: what its worker uploaded."""
    files = page.locator("#deliverables")
    expect(files.locator("tbody tr")).to_have_count(len(journey.subtasks))
    for subtask in journey.subtasks:
        row = files.locator("tbody tr", has_text=subtask.title)
        expect(row).to_contain_text(upload_name(subtask, subtask.version))
        for earlier in range(1, subtask.version):
            name = upload_name(subtask, earlier)
            expect(files.get_by_role("link", name=name, exact=True)).to_have_count(0)
    revised = max(journey.subtasks, key=lambda subtask: subtask.version)
    assert revised.version == 2, journey.subtasks
    name = upload_name(revised, revised.version)
    with page.expect_download() as started:
        files.get_by_role("link", name=name, exact=True).click()
    download = started.value
    assert download.suggested_filename == name
    content = Path(download.path()).read_text(encoding="utf-8")
    assert content == upload_text(revised, revised.version)


# --- the dashboards, when they show the journey's work -----------------


def landing_page(someone, path: str) -> Page:
    """The page a person lands on after logging in (the home redirects)."""
    page = someone.page
    page.goto("/")
    assert page.url.removeprefix(someone.stack.url) == path, page.url
    return page


def sales_dashboard(sales, journey: Journey) -> None:
    """The pipeline with the new client active and its quote open."""
    page = landing_page(sales, "/clients/sales/")
    expect(page.locator("main")).to_contain_text(journey.client_name)
    expect(page.locator("main")).to_contain_text(yen(journey.quote.total))
    sales.screenshot("sales-dashboard")


def director_dashboard(director, journey: Journey) -> None:
    """Offers out: the engagement counts among those being planned."""
    page = landing_page(director, "/directors/")
    expect(page.locator("main")).to_contain_text("計画中")
    director.screenshot("director-dashboard")


def worker_dashboard(worker, subtask: Subtask) -> None:
    """The accepted subtask among the worker's work."""
    page = landing_page(worker, "/workers/")
    expect(page.locator("main")).to_contain_text(subtask.title)
    worker.screenshot("worker-dashboard")


def client_dashboard(contact, journey: Journey) -> None:
    """The engagement completed (検収済), every subtask done."""
    page = landing_page(contact, "/clients/portal/")
    row = page.get_by_role("row").filter(has_text=journey.engagement_title)
    expect(row).to_contain_text("検収済")
    expect(row).to_contain_text("100%")
    contact.screenshot("client-dashboard")
