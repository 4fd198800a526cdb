"""The client portal: a contact sees and answers only their own company's
quotes and deliveries; an expired quote cannot be accepted; budgets,
rewards, margins, directors and workers never appear there."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from guardian.shortcuts import assign_perm

from engagements.models import Engagement, Quote
from engagements.services import assignment, decomposition, delivery, quotes, work
from engagements.services.quotes import LineInput
from tests.once import once

from . import factories as f


@pytest.fixture
def in_progress(world, quoted):
    """Accepted, supervised by world.director, with two subtasks of ¥60,000
    held by alice and bob: work has started."""
    quotes.quote_accept(quote=quoted, by=world.contact, ip="203.0.113.5")
    engagement = quoted.engagement
    decomposition.engagement_assign_director(
        engagement=engagement, director=world.director, by=world.sales
    )
    decomposition.engagement_start_planning(engagement=engagement, by=world.director)
    for title, worker in (("第一章の記事", world.alice), ("第二章の記事", world.bob)):
        subtask = decomposition.subtask_create(
            engagement=engagement, by=world.director, title=title,
            instructions="構成案に沿って執筆", deliverable_spec="2,000字",
            reward=60_000, due_at=f.in_days(10),
        )  # fmt: skip
        offer = assignment.subtask_offer(
            subtask=subtask, worker=worker, by=world.director
        )
        assignment.offer_accept(offer=offer, by=worker)
    engagement.refresh_from_db()
    assert engagement.state == Engagement.State.IN_PROGRESS
    return engagement


@pytest.fixture
def delivered(world, in_progress):
    for subtask in in_progress.subtasks.all():
        submission = work.submission_create(
            subtask=subtask,
            by=subtask.assignee,
            note="提出します",
            files=[SimpleUploadedFile("a.txt", "本文".encode(), "text/plain")],
        )
        work.review_approve(submission=submission, by=world.director, rating=4)
    delivery.engagement_deliver(
        engagement=in_progress, by=world.director, note="記事2本を納品します。"
    )
    in_progress.refresh_from_db()
    return in_progress


def portal_urls(engagement, quote):
    """Every portal URL naming the engagement or its quote: (method, url)."""
    e, q = (
        f"/engagements/portal/{engagement.pk}/",
        f"/engagements/portal/quotes/{quote.pk}/",
    )
    return [
        ("get", e),
        ("post", e + "delivery/accept/"),
        ("post", e + "delivery/changes/"),
        ("get", q),
        ("post", q + "accept/"),
        ("post", q + "decline/"),
        ("get", q + "pdf/"),
        ("get", q + "order-confirmation/"),
    ]  # fmt: skip


def test_contact_of_another_company_gets_404_on_every_portal_url(
    world, client, delivered
):
    quote = delivered.quotes.get()
    data = {
        "accept-confirm": "on",
        "changes-reason": "直して",
        "decline-reason": "高い",
    }
    client.force_login(world.other_contact)
    for method, url in portal_urls(delivered, quote):
        response = getattr(client, method)(url, data if method == "post" else None)
        assert response.status_code == 404, url
    delivered.refresh_from_db()
    assert delivered.state == Engagement.State.DELIVERED
    listing = client.get("/engagements/portal/").content.decode()
    assert delivered.title not in listing

    # Their own contact reaches the same pages; the documents are not
    # rendered in this test (no on-commit task), which the page says.
    client.force_login(world.contact)
    gets = [url for method, url in portal_urls(delivered, quote) if method == "get"]
    assert [client.get(url).status_code for url in gets] == [200, 200, 302, 302]
    page = client.get(gets[3], follow=True).content.decode()
    assert "PDFを作成中です。しばらくしてから再度お試しください。" in page


def test_contact_accepts_only_their_own_companys_quote(world, client, quoted):
    other = Engagement.objects.create(
        client=world.other_client, title="他社の案件", category=world.category,
        purpose="-", deliverables="-", acceptance_criteria="-", budget=100_000,
        deadline=timezone.localdate(), sales_owner=world.sales, state="quoted",
    )  # fmt: skip
    other_quote = Quote.objects.create(
        engagement=other, state="sent", created_by=world.sales, total=110_000,
        valid_until=timezone.localdate(), direction_fee_kind="rate", number="Q-X",
    )  # fmt: skip
    client.force_login(world.contact)
    url = f"/engagements/portal/quotes/{other_quote.pk}/accept/"
    assert client.post(url, {"accept-confirm": "on"}).status_code == 404
    other_quote.refresh_from_db()
    assert other_quote.state == "sent"

    own = f"/engagements/portal/quotes/{quoted.pk}/accept/"
    response = client.post(own, once({"accept-confirm": "on"}), REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 302
    quoted.refresh_from_db()
    assert (quoted.state, quoted.decided_from_ip) == ("accepted", "192.0.2.7")


def test_expired_quote_shows_as_expired_and_cannot_be_accepted(world, client, quoted):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Quote.objects.filter(pk=quoted.pk).update(valid_until=yesterday)
    client.force_login(world.contact)
    url = f"/engagements/portal/quotes/{quoted.pk}/"
    page = client.get(url).content.decode()
    assert "期限切れ" in page and "見積を承諾する" not in page

    response = client.post(url + "accept/", once({"accept-confirm": "on"}), follow=True)
    date = yesterday.strftime("%Y/%m/%d")
    assert (
        f"この見積の有効期限は{date}で切れています。新しい見積をご依頼ください。"
        in response.content.decode()
    )
    quoted.refresh_from_db()
    assert quoted.state == Quote.State.SENT
    assert quoted.engagement.state == Engagement.State.QUOTED


def test_accept_needs_the_confirmation_box(world, client, quoted):
    client.force_login(world.contact)
    url = f"/engagements/portal/quotes/{quoted.pk}/accept/"
    page = client.post(url, once()).content.decode()
    assert "このフィールドは必須です。" in page
    quoted.refresh_from_db()
    assert quoted.state == Quote.State.SENT


def test_a_draft_quote_is_not_shown_to_the_client(world, client, engagement):
    from engagements.services import intake

    intake.engagement_submit_for_quote(engagement=engagement, by=world.sales)
    draft = quotes.quote_save(
        engagement=engagement, by=world.sales,
        lines=[LineInput("記事作成", 10, "本", 19_800)],
        valid_until=timezone.localdate() + datetime.timedelta(days=14),
    )  # fmt: skip
    client.force_login(world.contact)
    assert client.get(f"/engagements/portal/quotes/{draft.pk}/").status_code == 404
    detail = client.get(f"/engagements/portal/{engagement.pk}/").content.decode()
    assert "見積を準備しています。" in detail


def test_decline_needs_a_reason_then_declines(world, client, quoted):
    client.force_login(world.contact)
    url = f"/engagements/portal/quotes/{quoted.pk}/decline/"
    page = client.post(url, {"decline-reason": " "}).content.decode()
    assert "このフィールドは必須です。" in page
    response = client.post(url, {"decline-reason": "予算を超えるため"}, follow=True)
    assert "見積を辞退しました。" in response.content.decode()
    quoted.refresh_from_db()
    assert quoted.state == Quote.State.DECLINED
    assert quoted.engagement.state == Engagement.State.DECLINED


def test_request_changes_sends_the_delivery_back_to_work(world, client, delivered):
    client.force_login(world.contact)
    url = f"/engagements/portal/{delivered.pk}/delivery/changes/"
    response = client.post(url, {"changes-reason": "見出しを修正してください"})
    assert response.status_code == 302
    delivered.refresh_from_db()
    assert delivered.state == Engagement.State.IN_PROGRESS
    answered = delivered.deliveries.get()
    assert (answered.decision, answered.change_request) == (
        "changes_requested", "見出しを修正してください",
    )  # fmt: skip
    again = client.post(f"/engagements/portal/{delivered.pk}/delivery/accept/")
    page = client.get(again["Location"]).content.decode()
    assert "検収待ちの納品はありません。" in page


def test_margin_rewards_and_people_never_appear_in_client_pages(
    world, client, in_progress
):
    world.director.last_name, world.director.first_name = "監督", "花子"
    world.director.save()
    world.alice.last_name, world.alice.first_name = "作業", "一郎"
    world.alice.save()
    assign_perm("clients.view_client", world.contact, world.client)
    quote = in_progress.quotes.get()
    client.force_login(world.contact)
    pages = {
        url: client.get(url)
        for url in (
            "/clients/portal/",
            "/engagements/portal/",
            f"/engagements/portal/{in_progress.pk}/",
            f"/engagements/portal/quotes/{quote.pk}/",
        )
    }
    # Price 198,000 + 19,800 fee; rewards 120,000; margin 97,800.
    for url, response in pages.items():
        text = response.content.decode()
        assert response.status_code == 200, url
        assert in_progress.title in text, url
        for secret in ("粗利", "Margin", "¥97,800", "¥120,000", "¥60,000", "予算"):
            assert secret not in text, (url, secret)
        for person in (world.director, world.alice, world.bob):
            assert person.display_name not in text, (url, person)
        # Whole words: the random CSRF token may well contain "bob".
        assert not re.search(r"\b(alice|bob)\b", text), url

    client.force_login(world.sales)
    sales_page = client.get(f"/engagements/sales/{in_progress.pk}/").content.decode()
    assert "粗利" in sales_page and "¥97,800 (44%)" in sales_page


def test_portal_home_shows_waiting_quotes_and_progress(world, client, in_progress):
    from engagements.services import intake

    assign_perm("clients.view_client", world.contact, world.client)
    second = intake.engagement_create(
        client=world.client, by=world.sales, title="LP制作", category=world.category,
        purpose="新商品の告知", deliverables="LP 1ページ",
        acceptance_criteria="表示確認",
        deadline=timezone.localdate() + datetime.timedelta(days=20), budget=300_000,
    )  # fmt: skip
    intake.engagement_submit_for_quote(engagement=second, by=world.sales)
    sent = quotes.quote_send(
        quote=quotes.quote_save(
            engagement=second, by=world.sales,
            lines=[LineInput("LP制作", 1, "式", 300_000)],
            valid_until=timezone.localdate() + datetime.timedelta(days=10),
        ),
        by=world.sales,
    )  # fmt: skip
    client.force_login(world.contact)
    home = client.get("/clients/portal/").content.decode()
    assert "ご回答待ちの見積" in home
    assert f"/engagements/portal/quotes/{sent.pk}/" in home
    assert "¥363,000" in home  # 300,000 + 30,000 fee + 33,000 tax
    assert "2件中0件完了（0%）" in home
    assert "ご依頼案件" in client.get("/engagements/portal/").content.decode()


@pytest.mark.parametrize("who", ["sales", "alice", "director"])
def test_portal_pages_are_for_client_contacts_only(world, client, quoted, who):
    client.force_login(getattr(world, who))
    assert client.get("/engagements/portal/").status_code == 403
    url = f"/engagements/portal/quotes/{quoted.pk}/accept/"
    assert client.post(url, {"accept-confirm": "on"}).status_code == 403


def test_the_operators_draft_engagement_is_not_in_the_client_portal(
    world, client, engagement
):
    client.force_login(world.contact)
    listing = client.get("/engagements/portal/").content.decode()
    assert engagement.title not in listing
    assert client.get(f"/engagements/portal/{engagement.pk}/").status_code == 404
    # Once sales starts quoting, the client sees it (with 見積を準備しています).
    from engagements.services import intake

    intake.engagement_submit_for_quote(engagement=engagement, by=world.sales)
    assert engagement.title in client.get("/engagements/portal/").content.decode()
