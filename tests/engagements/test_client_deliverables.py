"""The client's deliverables: once delivered, the contact sees and downloads
the files of each subtask's approved version -- not an earlier version, not
rejected work -- and nothing tells them who did the work. Another company's
contact, an engagement not yet delivered and an earlier version's file all
answer 404."""

import datetime
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from engagements.models import SubmissionFile
from engagements.services import (
    assignment,
    decomposition,
    delivery,
    intake,
    quotes,
    work,
)

from . import factories as f


def _ordered(world, title):
    """An engagement of world.client, ordered and planned by world.director."""
    engagement = intake.engagement_create(
        client=world.client, by=world.sales, title=title, category=world.category,
        purpose="認知向上", deliverables="記事", acceptance_criteria="表記ルール",
        deadline=timezone.localdate() + datetime.timedelta(days=30), budget=200_000,
    )  # fmt: skip
    quotes.quote_accept(
        quote=f.sent_quote(engagement, world.sales),
        by=world.contact,
        ip="203.0.113.5",
    )
    decomposition.engagement_assign_director(
        engagement=engagement, director=world.director, by=world.sales
    )
    decomposition.engagement_start_planning(engagement=engagement, by=world.director)
    return engagement


def _held(world, engagement, title, worker):
    subtask = decomposition.subtask_create(
        engagement=engagement, by=world.director, title=title,
        instructions="構成案に沿って執筆", deliverable_spec="テキスト",
        reward=40_000, due_at=f.in_days(10),
    )  # fmt: skip
    _hand_to(world, subtask, worker)
    return subtask


def _hand_to(world, subtask, worker):
    offer = assignment.subtask_offer(subtask=subtask, worker=worker, by=world.director)
    assignment.offer_accept(offer=offer, by=worker)


def _submit(subtask, worker, name, text):
    subtask.refresh_from_db()
    return work.submission_create(
        subtask=subtask, by=worker, note="提出します",
        files=[SimpleUploadedFile(name, text.encode(), "text/plain")],
    )  # fmt: skip


def _deliver(world, engagement):
    delivery.engagement_deliver(
        engagement=engagement, by=world.director, note="記事2本を納品します。"
    )
    engagement.refresh_from_db()
    return engagement


@pytest.fixture
def approved(world):
    """Two subtasks approved, not delivered yet. 第一章 (alice): version 1
    sent back for a revision, version 2 approved. 第二章: bob's version 1
    rejected, alice's version 2 approved."""
    world.alice.last_name, world.alice.first_name = "作業", "一郎"
    world.alice.save()
    engagement = _ordered(world, "オウンドメディア記事")
    first = _held(world, engagement, "第一章の記事", world.alice)
    second = _held(world, engagement, "第二章の記事", world.bob)
    old = _submit(first, world.alice, "ch1-v1.txt", "第一章 第1稿")
    work.review_request_revision(submission=old, by=world.director, reason="短く")
    final = _submit(first, world.alice, "ch1-v2.txt", "第一章 第2稿")
    work.review_approve(submission=final, by=world.director, rating=5)
    rejected = _submit(second, world.bob, "ch2-bob.txt", "第二章 bob")
    work.review_reject(
        submission=rejected, by=world.director, reason_code="quality", reason="品質"
    )
    second.refresh_from_db()
    _hand_to(world, second, world.alice)
    work.review_approve(
        submission=_submit(second, world.alice, "ch2-v2.txt", "第二章 第2稿"),
        by=world.director,
        rating=4,
    )
    return engagement


@pytest.fixture
def delivered(world, approved):
    return _deliver(world, approved)


def _file(name) -> SubmissionFile:
    return SubmissionFile.objects.get(original_name=name)


def _file_url(engagement, name):
    return reverse(
        "engagements:client_deliverable_file", args=[engagement.pk, _file(name).pk]
    )


def _rows(page) -> list[tuple[str, str, str]]:
    section = page.split('id="deliverables"')[1].split("</section>")[0]
    return [
        tuple(re.sub(r"<[^>]+>", "", cell).strip() for cell in cells)
        for cells in re.findall(
            r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td[^>]*>(.*?)</td>",
            section,
            re.S,
        )
    ]


def test_the_page_lists_each_subtasks_approved_version_only(world, client, delivered):
    client.force_login(world.contact)
    page = client.get(f"/engagements/portal/{delivered.pk}/").content.decode()
    # "第一章 第2稿" is 17 bytes of UTF-8 (3 bytes a kanji); "第二章 第2稿" too.
    assert _rows(page) == [
        ("第一章の記事", "ch1-v2.txt", "17\xa0バイト"),
        ("第二章の記事", "ch2-v2.txt", "17\xa0バイト"),
    ]
    assert _file_url(delivered, "ch1-v2.txt") in page
    for earlier in ("ch1-v1.txt", "ch2-bob.txt"):
        assert earlier not in page
    assert "まとめてダウンロード" in page


def test_the_contact_downloads_a_delivered_file(world, client, delivered):
    client.force_login(world.contact)
    response = client.get(_file_url(delivered, "ch1-v2.txt"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ch1-v2.txt"'
    assert b"".join(response.streaming_content).decode() == "第一章 第2稿"


def test_the_zip_holds_every_delivered_file_under_its_subtask(world, client, delivered):
    client.force_login(world.contact)
    url = reverse("engagements:client_deliverables_zip", args=[delivered.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert {name: archive.read(name).decode() for name in archive.namelist()} == {
        "第一章の記事/ch1-v2.txt": "第一章 第2稿",
        "第二章の記事/ch2-v2.txt": "第二章 第2稿",
    }


def test_earlier_versions_and_rejected_work_are_not_downloadable(
    world, client, delivered
):
    client.force_login(world.contact)
    for name in ("ch1-v1.txt", "ch2-bob.txt"):
        assert client.get(_file_url(delivered, name)).status_code == 404, name


def test_another_companys_contact_gets_404(world, client, delivered):
    client.force_login(world.other_contact)
    assert client.get(_file_url(delivered, "ch1-v2.txt")).status_code == 404
    url = reverse("engagements:client_deliverables_zip", args=[delivered.pk])
    assert client.get(url).status_code == 404


def test_nothing_is_listed_or_downloadable_before_delivery(world, client, approved):
    client.force_login(world.contact)
    page = client.get(f"/engagements/portal/{approved.pk}/").content.decode()
    assert 'id="deliverables"' not in page and "ch1-v2.txt" not in page
    assert client.get(_file_url(approved, "ch1-v2.txt")).status_code == 404
    url = reverse("engagements:client_deliverables_zip", args=[approved.pk])
    assert client.get(url).status_code == 404


def test_a_file_of_another_engagement_is_404_under_this_one(world, client, delivered):
    other = _deliver(world, _approved_engagement(world, "別の案件", 1))
    client.force_login(world.contact)
    theirs = SubmissionFile.objects.get(submission__subtask__engagement=other)
    url = reverse("engagements:client_deliverable_file", args=[delivered.pk, theirs.pk])
    assert client.get(url).status_code == 404


def test_the_page_and_downloads_never_name_the_worker(world, client, delivered):
    client.force_login(world.contact)
    responses = [
        client.get(f"/engagements/portal/{delivered.pk}/"),
        client.get(_file_url(delivered, "ch2-v2.txt")),
        client.get(reverse("engagements:client_deliverables_zip", args=[delivered.pk])),
    ]
    page = responses[0].content.decode()
    assert world.alice.display_name not in page and "作業 一郎" not in page
    assert not re.search(r"\b(alice|bob)\b", page)
    assert "¥40,000" not in page  # each subtask's reward
    for response in responses:
        headers = " ".join(f"{k}: {v}" for k, v in response.headers.items())
        assert not re.search(r"alice|bob|作業|一郎", headers), headers


def _approved_engagement(world, title, count):
    """``count`` subtasks of one writer, each approved at version 1."""
    writer = f.worker(f"writer-{title}", capacity=count)
    engagement = _ordered(world, title)
    for n in range(count):
        subtask = _held(world, engagement, f"{title} {n + 1}", writer)
        submission = _submit(subtask, writer, f"part-{n + 1}.txt", "本文")
        work.review_approve(submission=submission, by=world.director, rating=4)
    return engagement


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_page_runs_the_same_queries_for_one_and_six_subtasks(world, client):
    small = _deliver(world, _approved_engagement(world, "小さな案件", 1))
    large = _deliver(world, _approved_engagement(world, "大きな案件", 6))
    client.force_login(world.contact)
    _queries(client, f"/engagements/portal/{small.pk}/")  # warms caches
    counts = [
        _queries(client, f"/engagements/portal/{engagement.pk}/")
        for engagement in (small, large)
    ]
    assert counts[0] == counts[1], counts
    page = client.get(f"/engagements/portal/{large.pk}/").content.decode()
    assert len(_rows(page)) == 6
