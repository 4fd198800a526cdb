"""The support desk in the browser: a client's inquiry from the portal's
contact link answered by the `support` login (and hidden from another
company), and a worker's objection to a payout statement mediated to an
outcome."""

import json

from .conftest import DESKTOP
from .journey import click_menu

STATEMENT_OF_A_WORKER = """
import json
from django.urls import reverse
from invoicing.models import PayoutStatement
s = PayoutStatement.objects.select_related("worker").order_by("id").first()
print(json.dumps({"user": s.worker.username, "number": s.number,
    "url": reverse("invoicing:payout_statement", args=[s.pk])}))
"""


def _errors(*people):
    return [e for p in people for e in p.server_errors + p.console_errors]


def test_a_client_inquiry_is_answered_by_the_desk(person):
    contact = person("client-a")
    page = contact.page
    page.goto("/")
    click_menu(page, "お問い合わせ")
    page.select_option("#id_category", label="一般的なお問い合わせ")
    page.fill("#id_title", "検収の期限について")
    page.fill("#id_body", "納品物の検収期限は何営業日ですか。")
    assert page.locator("#faq-suggestions").count() == 1
    page.get_by_role("button", name="送信する", exact=True).click()
    page.wait_for_load_state()
    assert "お問い合わせを受け付けました" in page.content()
    ticket_url = page.url

    desk = person("support")
    desk.page.goto("/support/")
    desk.page.get_by_role("row").filter(has_text="検収の期限について").get_by_role(
        "link"
    ).click()
    desk.page.fill("#id_body", "検収期限は納品から5営業日です。")
    desk.page.get_by_role("button", name="送信する", exact=True).click()
    desk.page.wait_for_load_state()
    assert "メッセージを送信しました" in desk.page.content()

    page.goto(ticket_url)
    assert "検収期限は納品から5営業日です" in page.content()

    other = person("client-b", viewport=DESKTOP)
    response = other.page.goto(ticket_url)
    assert response.status == 404
    # The browser logs the 404 itself as a console error: only the server's
    # side counts for the outsider.
    assert not other.server_errors
    assert not _errors(contact, desk)


def test_a_worker_objection_is_mediated_to_an_outcome(person, stack):
    output = stack.manage("shell", "-c", STATEMENT_OF_A_WORKER)
    found = json.loads(output.strip().splitlines()[-1])
    worker = person(found["user"])
    page = worker.page
    page.goto(found["url"])
    page.get_by_role("link", name="この支払通知書に異議を申し立てる").click()
    page.wait_for_load_state()
    assert found["number"] in page.input_value("#id_title")
    page.fill("#id_body", "源泉徴収額が想定と違います。")
    page.get_by_role("button", name="送信する", exact=True).click()
    page.wait_for_load_state()
    ticket_url = page.url

    desk = person("support")
    desk.page.goto(ticket_url)
    desk.page.get_by_role("button", name="仲裁を開始する").click()
    desk.page.wait_for_load_state()
    assert "仲裁案件にしました" in desk.page.content()
    desk.page.select_option("#id_outcome-kind", value="no_change")
    desk.page.fill(
        "#id_outcome-reason", "源泉徴収税額は10.21%で正しく計算されていることを確認"
    )
    desk.page.get_by_role("button", name="結果を適用する").click()
    desk.page.wait_for_load_state()
    assert "結果を適用しました" in desk.page.content()
    assert "解決済み" in desk.page.content()

    page.goto(ticket_url)
    assert "解決済み" in page.content()
    assert not _errors(worker, desk)
