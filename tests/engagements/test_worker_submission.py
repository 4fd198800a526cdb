"""Submitting through the subtask page: files and a note, every version kept;
a file over the limit or of a type not allowed is refused next to the field
and nothing is stored."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from engagements.models import Submission, SubmissionFile, Subtask
from engagements.services import work

from .worker_fixtures import *  # noqa: F403 (the fixtures)
from .worker_fixtures import text_file


def _submit(client, subtask, files, note="提出します"):
    return client.post(
        reverse("engagements:worker_subtask_submit", args=[subtask.pk]),
        {"note": note, "files": files},
    )


def _stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_submitting_two_files_makes_version_1(client, world, alice_subtask):
    client.force_login(world.alice)
    response = _submit(
        client, alice_subtask, [text_file("draft.txt"), text_file("memo.pdf", "%PDF")]
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert (submission.version, submission.note) == (1, "提出します")
    assert [f.original_name for f in submission.files.all()] == [
        "draft.txt",
        "memo.pdf",
    ]
    alice_subtask.refresh_from_db()
    assert alice_subtask.state == Subtask.State.SUBMITTED
    page = client.get(response["Location"]).content.decode()
    assert "第1版を提出しました。" in page
    assert "レビュー待ち" in page


def test_an_oversize_file_is_refused_next_to_the_field(
    client, world, alice_subtask, settings
):
    settings.ENGAGEMENTS = {**settings.ENGAGEMENTS, "UPLOAD_MAX_BYTES": 20}
    client.force_login(world.alice)
    big = SimpleUploadedFile("big.txt", b"x" * 21, content_type="text/plain")
    response = _submit(client, alice_subtask, [text_file("ok.txt"), big])
    assert response.status_code == 200
    html = response.content.decode()
    # filesizeformat keeps number and unit together with a no-break space.
    assert (
        "「big.txt」はサイズが大きすぎます（21\xa0バイト、上限は20\xa0バイト）。"
        in html
    )
    assert "「ok.txt」" not in html  # the good file is not blamed
    assert 'class="field has-error"' in html
    assert not Submission.objects.exists()
    assert not SubmissionFile.objects.exists()
    assert _stored_files(settings) == []
    alice_subtask.refresh_from_db()
    assert alice_subtask.state == Subtask.State.ASSIGNED


def test_a_disallowed_file_type_is_refused_and_nothing_is_stored(
    client, world, alice_subtask, settings
):
    client.force_login(world.alice)
    exe = SimpleUploadedFile("tool.exe", b"MZ", content_type="application/octet-stream")
    response = _submit(client, alice_subtask, [exe])
    html = response.content.decode()
    assert response.status_code == 200
    assert "「tool.exe」：この形式のファイルは提出できません" in html
    assert not Submission.objects.exists()
    assert _stored_files(settings) == []


def test_neither_file_nor_note_is_refused_with_the_services_message(
    client, world, alice_subtask
):
    client.force_login(world.alice)
    response = _submit(client, alice_subtask, [], note="  ")
    assert "ファイルを添付するか、メモを入力してください。" in response.content.decode()
    assert not Submission.objects.exists()


def test_resubmission_after_a_revision_request_shows_the_reason_and_every_version(
    client, world, alice_submission
):
    work.review_request_revision(
        submission=alice_submission, by=world.director,
        reason="見出しを3つ以上にしてください。",
    )  # fmt: skip
    subtask = alice_submission.subtask
    client.force_login(world.alice)
    page = client.get(reverse("engagements:worker_subtask", args=[subtask.pk]))
    html = page.content.decode()
    assert "第1版について修正のご依頼がありました" in html
    assert "見出しを3つ以上にしてください。" in html
    assert "使用した修正回数：1回（残り2回）" in html
    assert "3回 （使用済み：1回）" in html
    assert "新しいバージョンを提出" in html

    _submit(client, subtask, [text_file("second.txt")], note="修正しました")
    subtask.refresh_from_db()
    assert subtask.state == Subtask.State.SUBMITTED
    html = client.get(
        reverse("engagements:worker_subtask", args=[subtask.pk])
    ).content.decode()
    for submission in Submission.objects.filter(subtask=subtask):
        for record in submission.files.all():
            url = reverse("engagements:submission_file", args=[record.pk])
            assert f'href="{url}"' in html
    assert "second.txt" in html and "article.txt" in html
    assert html.index("第2版") < html.index("第1版")


def test_the_thread_shows_the_directors_messages_and_mine(
    client, world, alice_subtask, mailoutbox
):
    work.message_post(
        subtask=alice_subtask, by=world.director, body="構成案は届きましたか？"
    )
    client.force_login(world.alice)
    home = client.get(reverse("engagements:worker_home")).content.decode()
    assert "構成案は届きましたか？" in home  # waiting for alice's answer
    response = client.post(
        reverse("engagements:worker_subtask_message", args=[alice_subtask.pk]),
        {"body": "届きました。見出しの数に指定はありますか？"},
    )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "構成案は届きましたか？" in html
    assert "届きました。見出しの数に指定はありますか？" in html
    assert "メッセージをディレクターに送信しました。" in html
    home = client.get(reverse("engagements:worker_home")).content.decode()
    assert "構成案は届きましたか？" not in home  # answered now
