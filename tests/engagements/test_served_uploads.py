"""Uploaded files are stored and sent with the type of their extension in the
allow-list, whatever the uploader's browser claimed, always as attachments
that the browser may not render; a request body larger than any allowed
upload is refused with 413 before the view runs."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from engagements.models import Submission, SubmissionFile, Subtask

from .worker_fixtures import *  # noqa: F403 (the fixtures)
from .worker_fixtures import text_file

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def _submit(client, subtask, files, note="提出します"):
    return client.post(
        reverse("engagements:worker_subtask_submit", args=[subtask.pk]),
        {"note": note, "files": files},
    )


def test_an_svg_claimed_as_html_is_stored_and_sent_as_an_svg_attachment(
    client, world, alice_subtask
):
    client.force_login(world.alice)
    logo = SimpleUploadedFile("logo.svg", SVG, content_type="text/html")
    assert _submit(client, alice_subtask, [logo]).status_code == 302
    record = SubmissionFile.objects.get()
    assert record.content_type == "image/svg+xml"

    client.force_login(world.director)
    response = client.get(reverse("directors:file", args=[record.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="logo.svg"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "no-store"
    assert b"".join(response.streaming_content) == SVG


def test_an_html_file_kept_with_the_browsers_type_is_sent_as_opaque_bytes(
    client, world, alice_submission
):
    # A row stored before the allow-list typed uploads: the browser's claim
    # and an extension outside the list must not make it a web page.
    SubmissionFile.objects.update(original_name="page.html", content_type="text/html")
    record = SubmissionFile.objects.get()
    client.force_login(world.alice)
    response = client.get(reverse("engagements:submission_file", args=[record.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


def test_an_oversize_post_is_refused_with_413_before_the_view_runs(
    client, world, alice_subtask, settings
):
    # The limit is one upload plus 1 MB of form: with 1 000-byte uploads a
    # body of 1.1 MB is too large, whatever the form would have said.
    settings.ENGAGEMENTS = {**settings.ENGAGEMENTS, "UPLOAD_MAX_BYTES": 1000}
    client.force_login(world.alice)
    big = SimpleUploadedFile("big.txt", b"x" * 1_100_000, content_type="text/plain")
    response = _submit(client, alice_subtask, [big])
    assert response.status_code == 413
    page = response.content.decode()
    assert "ファイルが大きすぎます" in page
    assert "一度に送れる上限（1.0\xa0MB）" in page
    assert not Submission.objects.exists()
    alice_subtask.refresh_from_db()
    assert alice_subtask.state == Subtask.State.ASSIGNED
    root = Path(settings.MEDIA_ROOT)
    assert not root.exists() or not any(p.is_file() for p in root.rglob("*"))


def test_a_post_within_the_limit_still_goes_through(
    client, world, alice_subtask, settings
):
    settings.ENGAGEMENTS = {**settings.ENGAGEMENTS, "UPLOAD_MAX_BYTES": 1000}
    client.force_login(world.alice)
    response = _submit(client, alice_subtask, [text_file("ok.txt")])
    assert response.status_code == 302
    assert Submission.objects.count() == 1
