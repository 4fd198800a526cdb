"""One engagement through the HTTP views with the roles: sales records the
order, submits it, writes and sends the quote; the client's contact accepts
it in the portal (their address recorded); directors and workers do their
part through the services; the contact accepts the delivery (検収)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from engagements.models import Engagement, Quote
from engagements.services import assignment, decomposition, delivery, work
from tests.once import once

from . import factories as f


def _follow(response, client):
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"])


def _line(i, description, quantity, unit, price, rate="0.10", item=""):
    p = f"lines-{i}-"
    return {
        p + "description": description,
        p + "quantity": quantity,
        p + "unit": unit,
        p + "unit_price": price,
        p + "tax_rate": rate,
        p + "catalogue_item": item,
    }


def _quote_post(valid_until, *lines, action="save"):
    data = {
        "action": action,
        "valid_until": valid_until.isoformat(),
        "notes": "",
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": str(len(lines)),  # as the editor shows them
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "100",
    }
    for line in lines:
        data.update(line)
    return data


def _intake_post(world, **changes):
    return {
        "client": world.client.pk,
        "title": "採用サイトのリニューアル記事",
        "category": world.category.pk,
        "purpose": "採用候補者に社風を伝える",
        "deliverables": "インタビュー記事10本（各3,000字、Word形式）",
        "acceptance_criteria": "表記ルールに沿っていること",
        "reference_material": "",
        "constraints": "",
        "deadline": (timezone.localdate() + datetime.timedelta(days=45)).isoformat(),
        "budget": "250000",
        "revision_limit": "3",
        **changes,
    }


def test_engagement_walks_from_intake_to_completed_through_the_pages(
    world, client, django_capture_on_commit_callbacks
):
    # Sales records the order form and submits it for a quote.
    client.force_login(world.sales)
    page = _follow(client.post("/engagements/sales/new/", _intake_post(world)), client)
    assert "案件を下書きとして登録しました。" in page.content.decode()
    engagement = Engagement.objects.get(title="採用サイトのリニューアル記事")
    assert (engagement.state, engagement.sales_owner) == ("draft", world.sales)
    base = f"/engagements/sales/{engagement.pk}/"
    _follow(client.post(base + "submit/"), client)
    engagement.refresh_from_db()
    assert engagement.state == Engagement.State.QUOTING

    # The quote: 10 articles at ¥19,800 and a reduced-rate line of ¥1,000.
    valid_until = timezone.localdate() + datetime.timedelta(days=14)
    post = _quote_post(
        valid_until,
        _line(0, "インタビュー記事作成", "10", "本", "19800"),
        _line(1, "取材用の茶菓", "1", "式", "1000", rate="0.08"),
    )
    page = _follow(client.post(base + "quote/", post), client)
    text = page.content.decode()
    quote = Quote.objects.get(engagement=engagement)
    # 199,000 work + 10% fee 19,900; tax once per rate: 10% on 217,900 =
    # 21,790 and 8% on 1,000 = 80; total 240,770.
    assert (quote.work_subtotal, quote.direction_fee, quote.tax, quote.total) == (
        199_000, 19_900, 21_870, 240_770,
    )  # fmt: skip
    assert "¥240,770" in text and "¥21,790" in text and "¥80" in text
    # No margin before any reward is planned (it would read 100%): it waits
    # for the director's subtasks.
    assert "¥218,900 (100%)" not in text
    assert "ディレクターが作業を作成すると表示されます" in text

    with django_capture_on_commit_callbacks(execute=True):
        _follow(client.post(base + f"quotes/{quote.pk}/send/", once()), client)
    quote.refresh_from_db()
    engagement.refresh_from_db()
    assert (quote.state, engagement.state) == ("sent", "quoted")
    assert quote.pdf_sha256
    pdf = client.get(base + f"quotes/{quote.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"

    director_form = {"director": world.director.pk}
    _follow(client.post(base + "director/", director_form), client)
    engagement.refresh_from_db()
    assert engagement.director == world.director

    # The client's contact accepts the quote in the portal.
    client.force_login(world.contact)
    home = client.get("/engagements/portal/").content.decode()
    assert f"/engagements/portal/quotes/{quote.pk}/" in home
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/engagements/portal/quotes/{quote.pk}/accept/",
            once({"accept-confirm": "on"}),
            REMOTE_ADDR="198.51.100.23",
        )
    page = _follow(response, client)
    assert "ご注文ありがとうございます。" in page.content.decode()
    quote.refresh_from_db()
    engagement.refresh_from_db()
    assert engagement.state == Engagement.State.CONTRACTED
    assert (quote.state, quote.decided_by, quote.decided_from_ip) == (
        "accepted", world.contact, "198.51.100.23",
    )  # fmt: skip
    confirmation = client.get(
        f"/engagements/portal/quotes/{quote.pk}/order-confirmation/"
    )
    assert confirmation["Content-Type"] == "application/pdf"

    # The director plans, the worker does the work, the director delivers.
    decomposition.engagement_start_planning(engagement=engagement, by=world.director)
    subtask = decomposition.subtask_create(
        engagement=engagement, by=world.director, title="記事 1〜10",
        instructions="構成案に沿って執筆", deliverable_spec="3,000字×10",
        reward=150_000, due_at=f.in_days(20),
    )  # fmt: skip
    offer = assignment.subtask_offer(
        subtask=subtask, worker=world.alice, by=world.director
    )
    assignment.offer_accept(offer=offer, by=world.alice)
    upload = SimpleUploadedFile("article.txt", "本文".encode(), "text/plain")
    submission = work.submission_create(
        subtask=subtask, by=world.alice, note="提出します", files=[upload]
    )
    work.review_approve(submission=submission, by=world.director, rating=5)
    delivery.engagement_deliver(
        engagement=engagement, by=world.director, note="記事10本を納品します。"
    )

    # The contact sees the delivery waiting and accepts it (検収).
    home = client.get("/engagements/portal/").content.decode()
    assert "検収待ちの納品" in home
    detail = client.get(f"/engagements/portal/{engagement.pk}/").content.decode()
    assert "記事10本を納品します。" in detail and "1件中1件完了（100%）" in detail
    page = _follow(
        client.post(f"/engagements/portal/{engagement.pk}/delivery/accept/"), client
    )
    assert "納品を検収しました。" in page.content.decode()
    engagement.refresh_from_db()
    assert engagement.state == Engagement.State.COMPLETED
