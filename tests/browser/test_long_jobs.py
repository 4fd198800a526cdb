"""Long jobs show their progress: the task CSV import (the month close's
progress page is walked by the journey)."""

import re

from playwright.sync_api import expect

SHOPS = "店名,住所\r\n{rows}"


def open_demo_batch(someone):
    someone.page.goto("/engagements/formats/")
    someone.page.get_by_role("link", name="店舗の電話番号・営業時間の入力").click()
    return int(someone.page.locator("[data-count=open]").inner_text())


def upload(someone, tmp_path, text, encoding="cp932"):
    path = tmp_path / "units.csv"
    path.write_bytes(text.encode(encoding))
    someone.page.get_by_label("CSVファイル").set_input_files(str(path))


def test_import_shows_upload_and_import_progress_then_the_new_units(person, tmp_path):
    director = person("director")
    open_before = open_demo_batch(director)
    rows = "".join(f"新店舗{n},東京都千代田区{n}-1\r\n" for n in range(1, 4))
    upload(director, tmp_path, SHOPS.format(rows=rows))
    held = []

    def hold(route):  # the server's answer waits until the test looked
        held.append(route)

    director.page.route("**/import/", hold)
    director.page.get_by_role("button", name="取り込む").click()
    progress = director.page.locator(".upload-progress")
    expect(progress).to_be_visible()
    expect(progress).to_contain_text(re.compile("ファイルを送信中|取り込んでいます"))
    expect(director.page.get_by_role("button", name="取り込む")).to_be_disabled()
    held[0].continue_()
    expect(director.page.locator(".messages")).to_contain_text("取り込みました")
    expect(director.page.locator("[data-count=open]")).to_have_text(
        str(open_before + 3)
    )
    assert not director.console_errors and not director.server_errors


def test_a_bad_row_refuses_the_whole_file_with_its_line_number(person, tmp_path):
    director = person("director")
    open_before = open_demo_batch(director)
    upload(director, tmp_path, SHOPS.format(rows="良い店,大阪市\r\n,住所だけ\r\n"))
    director.page.get_by_role("button", name="取り込む").click()
    expect(director.page.locator(".messages")).to_contain_text("3行目")
    expect(director.page.locator("[data-count=open]")).to_have_text(str(open_before))
