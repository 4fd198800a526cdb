"""The director's and worker's half of an engagement, through the pages only:
plan, offer, accept, ask and answer, submit, revise, approve, deliver, 検収."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as Browser
from django.utils import timezone

from engagements.models import Engagement, Subtask
from engagements.services import decomposition, quotes
from tests.once import once

from . import factories as f


def browser_for(user) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


def ok(response, status=200):
    assert response.status_code == status, [
        line for line in response.content.decode().splitlines() if "error" in line
    ]
    return response


def test_director_and_worker_take_an_engagement_to_completion(world, quoted):
    quotes.quote_accept(quote=quoted, by=world.contact, ip="203.0.113.9")
    engagement = quoted.engagement
    decomposition.engagement_assign_director(
        engagement=engagement, director=world.director, by=world.sales
    )
    director, alice = browser_for(world.director), browser_for(world.alice)
    contact = browser_for(world.contact)

    ok(director.post(f"/directors/engagements/{engagement.pk}/start-planning/"), 302)
    due = timezone.localtime() + datetime.timedelta(days=7)
    ok(
        director.post(
            f"/directors/engagements/{engagement.pk}/subtasks/",
            {
                "subtask-title": "記事 1",
                "subtask-instructions": "構成案に沿って執筆",
                "subtask-deliverable_spec": "2,000字",
                "subtask-required_skill": f.article_skill().pk,
                "subtask-required_level": "",
                "subtask-reward": "60000",
                "subtask-due_at": due.strftime("%Y-%m-%dT%H:%M"),
                "subtask-revisions_included": "3",
            },  # fmt: skip
        ),
        302,
    )
    subtask = Subtask.objects.get(engagement=engagement)
    ok(
        director.post(
            f"/directors/subtasks/{subtask.pk}/offer/", {"worker": world.alice.pk}
        ),
        302,
    )

    offers = ok(alice.get("/engagements/work/offers/")).content.decode()
    assert "記事 1" in offers and "¥60,000" in offers
    offer = subtask.offers.get()
    ok(alice.post(f"/engagements/work/offers/{offer.pk}/accept/", once()), 302)
    engagement.refresh_from_db()
    assert engagement.state == Engagement.State.IN_PROGRESS

    page = f"/engagements/work/subtasks/{subtask.pk}/"
    ok(alice.post(f"{page}messages/", {"body": "見出しの数に指定はありますか？"}), 302)
    review = f"/directors/subtasks/{subtask.pk}/"
    ok(
        director.post(
            f"{review}messages/", {"message-body": "4つ程度でお願いします。"}
        ),
        302,
    )
    assert "4つ程度でお願いします。" in ok(alice.get(page)).content.decode()

    def submit(text):
        upload = SimpleUploadedFile("article.txt", text.encode(), "text/plain")
        ok(alice.post(f"{page}submit/", {"note": "提出します", "files": [upload]}), 302)
        return subtask.submissions.order_by("-version").first()

    first = submit("初稿")
    ok(
        director.post(
            f"{review}revision/",
            {"revision-submission": first.pk, "revision-reason": "導入文を短く"},
        ),
        302,
    )
    subtask.refresh_from_db()
    assert (subtask.state, subtask.revisions_used) == ("revision_requested", 1)
    assert "導入文を短く" in ok(alice.get(page)).content.decode()

    second = submit("第二稿")
    ok(
        director.post(
            f"{review}approve/",
            {"approve-submission": second.pk, "approve-rating": "5"},
        ),
        302,
    )
    subtask.refresh_from_db()
    assert subtask.state == Subtask.State.APPROVED

    ok(
        director.post(
            f"/directors/engagements/{engagement.pk}/deliver/",
            {"deliver-note": "全10本を納品します"},
        ),
        302,
    )
    engagement.refresh_from_db()
    assert engagement.state == Engagement.State.DELIVERED
    ok(contact.post(f"/engagements/portal/{engagement.pk}/delivery/accept/"), 302)
    engagement.refresh_from_db()
    assert engagement.state == Engagement.State.COMPLETED
