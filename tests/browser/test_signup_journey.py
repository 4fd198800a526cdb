"""Issue 16's sign-up journey through the pages, on the production stack: a
new worker signs up from the login page, confirms the address with the
mailed link, completes profile, skills, bank account and identity upload,
accepts the three agreements (and downloads the basic agreement's PDF),
compliance approves the identity check, and the worker may then take
offers. Then the worker passes the data entry skill test and holds the
entry level there, the director offers a new data entry subtask to them from
the ranked list, and the worker accepts it, submits and is approved. One
test: each step needs the state the previous ones left.
"""

import datetime
import time
from urllib.parse import urlsplit

from playwright.sync_api import expect

from .journey import (
    Journey,
    Subtask,
    accept_offer,
    approve,
    click_menu,
    expect_flash,
    pk_in,
    submit_work,
)

PASSWORD = "Kiso-Pass-2026!"
# A demo engagement of the director's, in the data entry category, being
# planned (engagements/demo_formats.py).
ENGAGEMENT = "店舗情報の入力 300件（タスク）"


def test_a_new_worker_signs_up_and_becomes_ready_for_offers(person, stack, tmp_path):
    username = f"newbie{int(time.time()) % 100000}"
    email = f"{username}@example.jp"
    worker = person(username, log_in=False)
    page = worker.page

    # 1. Sign up from the login page; the mailed link confirms the address.
    page.goto("/accounts/login/")
    page.locator("a[href*='/accounts/signup/']").first.click()
    page.fill("input[name=email]", email)
    page.fill("input[name=username]", username)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.click("button[type=submit].primary")
    expect(page.locator("main")).to_contain_text("メールアドレスを確認してください")
    mail = stack.wait_for_mail(email)
    link = next(url for url in mail.links() if "/accounts/confirm-email/" in url)
    # The link names the public https address; this stack serves plain http.
    page.goto(urlsplit(link).path)
    page.locator("main button[type=submit]").first.click()
    page.wait_for_load_state()
    worker.log_in(PASSWORD)

    # 2. The dashboard leads to the steps; each saved step leads to the next.
    page.goto("/workers/")
    page.get_by_role("link", name="登録手続きを続ける").click()
    expect(page.locator("ol.steps")).to_contain_text("本人確認")
    page.goto("/workers/me/profile/")
    page.fill("input[name=legal_name]", "新井 一樹")
    page.fill("input[name=legal_name_kana]", "アライ カズキ")
    page.fill("input[name=postal_code]", "150-0002")
    page.fill("input[name=address]", "東京都渋谷区渋谷2-1-1")
    page.fill("input[name=display_name]", "新井 一樹")
    page.locator("main form button[type=submit]").click()
    expect_flash(page, "プロフィールを保存しました")
    page.goto("/workers/me/skills/")
    page.locator("select[name=skill]").select_option(index=1)
    page.locator("main form button[type=submit]").first.click()
    page.goto("/workers/me/bank/")
    page.fill("input[name=bank_code]", "0001")
    page.fill("input[name=branch_code]", "001")
    page.fill("input[name=account_number]", "7654321")
    page.fill("input[name=holder_name]", "アライ カズキ")
    page.locator("main form button[type=submit]").click()
    expect_flash(page, "口座情報を保存しました")
    scan = tmp_path / "licence.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    page.goto("/workers/me/identity/")
    page.locator("select[name=document_kind]").select_option("driving_licence")
    page.locator("input[name=document]").set_input_files(str(scan))
    page.get_by_role("button", name="審査に出す").click()
    expect_flash(page, "書類を審査に出しました。")

    # 3. The agreements in force, one click each; the PDF is the accepted text.
    page.goto("/workers/me/agreements/")
    expect(page.locator("main")).to_contain_text("著作権法第27条及び第28条")
    while page.locator("section.agreement form").count():
        form = page.locator("section.agreement form").first
        form.locator("input[name=agree]").check()
        form.get_by_role("button", name="同意する").click()
        expect_flash(page, "に同意しました。")
    page.goto("/workers/me/agreements/")
    expect(page.locator("main")).to_contain_text("施行中のすべての契約に同意済みです。")
    # The PDF is rendered by the Celery worker after the click: until then
    # the link comes back to this page saying it is being prepared.
    href = page.locator("main table a", has_text="ダウンロード").first.get_attribute(
        "href"
    )
    deadline = time.monotonic() + 60
    while True:
        response = worker.context.request.get(href)
        if response.headers.get("content-type") == "application/pdf":
            break
        assert time.monotonic() < deadline, "the agreement PDF was never made"
        time.sleep(1)
    assert response.body().startswith(b"%PDF")
    page.goto("/workers/me/signup/")
    expect(page.locator(".message.warning")).to_contain_text("本人確認")

    # 4. Compliance opens the document (audited) and approves.
    officer = person("compliance")
    review = officer.page
    review.goto("/workers/identity/")
    review.get_by_role("link", name="新井 一樹").click()
    expect(review.locator("main")).to_contain_text("閲覧はすべて記録されます")
    review.get_by_role("button", name="承認する").click()
    expect_flash(review, "本人確認を承認しました。")

    # 5. The worker's sign-up is complete: offers may come.
    page.goto("/workers/me/signup/")
    expect(page.locator("main")).to_contain_text("依頼を受けられます")
    page.goto("/workers/")
    expect(page.locator("main")).not_to_contain_text("登録手続きを続ける")

    # 6. The data entry test passed (every first answer is right), the entry
    # level follows: the recompute runs on the Celery worker.
    page.goto("/workers/me/tests/")
    page.locator("tr", has_text="データ入力 基礎テスト").get_by_role("link").click()
    questions = page.locator("fieldset.question")
    for index in range(questions.count()):
        questions.nth(index).locator("input[type=radio]").first.check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    held = page.locator("main p", has=page.locator(".state-active"))
    deadline = time.monotonic() + 60
    while True:
        page.goto("/workers/me/certification/")
        if "エントリー認定" in " ".join(held.all_inner_texts()):
            break
        assert time.monotonic() < deadline, "the entry level was never granted"
        time.sleep(2)

    # 7. The director adds a data entry subtask to an engagement being
    # planned and offers it to the newcomer from the ranked list.
    director = person("director")
    board = director.page
    journey = Journey(engagement_title=ENGAGEMENT)
    subtask = Subtask(
        f"店舗情報の確認 {username}", "作業 / データ入力", 3_000, username, "新井 一樹"
    )
    board.goto("/directors/")
    click_menu(board, "担当案件")
    board.get_by_role("link", name=ENGAGEMENT).first.click()
    expect(board.locator("#add-subtask")).to_be_visible()
    journey.engagement_pk = pk_in(board.url, "engagements")
    form = board.locator("#add-subtask")
    form.get_by_label("タイトル").fill(subtask.title)
    form.get_by_label("作業指示").fill("店舗の電話番号を半角で確認してください。")
    form.get_by_label("成果物の仕様").fill("テキストファイル")
    form.get_by_label("必要なスキル").select_option(label=subtask.skill)
    form.get_by_label("報酬").fill(str(subtask.reward))
    due = datetime.datetime.now() + datetime.timedelta(days=7)
    form.get_by_label("納期").fill(due.strftime("%Y-%m-%dT%H:%M"))
    form.get_by_role("button", name="追加する").click()
    expect_flash(board, "作業を追加しました。")
    row = board.locator("#subtasks tr", has_text=subtask.title)
    path = row.get_by_role("link", name="割り当てる").get_attribute("href")
    subtask.pk = pk_in(path, "subtasks")
    board.goto(path)
    ranked = board.locator("#recommendations tbody tr").filter(has_text="新井 一樹")
    expect(ranked).to_contain_text("エントリー認定")
    ranked.get_by_role("button", name="依頼する").click()
    # The profile's display name, not the login ID (the sign-up left the
    # account's first and last name empty).
    expect_flash(board, f"{subtask.worker_name}さんに作業を依頼しました。")

    # 8. The newcomer accepts (the agreements are in force), submits a small
    # text file, and the director approves it from the review queue.
    accept_offer(worker, subtask)
    submit_work(worker, subtask, tmp_path)
    approve(director, journey, subtask)

    for someone in (worker, officer, director):
        assert someone.console_errors == [], someone.console_errors
        assert someone.server_errors == [], someone.server_errors
