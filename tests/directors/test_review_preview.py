"""The review page previews the latest submission: an image inline and a PDF
in a frame (served by the preview view, under the download's check), the
first 50 lines of a text or CSV file, escaped; other files by name only."""

import base64

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from engagements.services import work

from . import factories as d

# A 1×1 transparent PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


def _submit(world, planning, *files):
    d.skilled(world.alice)
    subtask = d.add_subtask(planning, world.director)
    d.assign(subtask, world.alice, world.director)
    uploads = [SimpleUploadedFile(name, body) for name, body in files]
    return work.submission_create(
        subtask=subtask, by=world.alice, note="提出します", files=uploads
    )


def _review(client, submission):
    response = client.get(f"/directors/subtasks/{submission.subtask_id}/review/")
    assert response.status_code == 200
    return response.content.decode()


def test_an_image_and_a_pdf_are_shown_in_the_page(client, world, planning):
    submission = _submit(
        world, planning, ("banner.png", PNG), ("proof.pdf", b"%PDF-1.4\n%%EOF\n")
    )
    image, pdf = submission.files.order_by("pk")
    client.force_login(world.director)
    html = _review(client, submission)
    assert f'<img src="/directors/files/{image.pk}/preview/"' in html
    assert f'<iframe src="/directors/files/{pdf.pk}/preview/"' in html
    response = client.get(f"/directors/files/{image.pk}/preview/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    response = client.get(f"/directors/files/{pdf.pk}/preview/")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    # The page may frame the site's own PDF: without a frame-src of its own,
    # the policy's default-src 'self' allows it (and object-src stays 'none').
    page = client.get(f"/directors/subtasks/{submission.subtask_id}/review/")
    policy = page["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-src" not in policy


def test_a_text_file_shows_its_first_fifty_lines_escaped(client, world, planning):
    body = "".join(f"{n}行目,<script>alert({n})</script>\n" for n in range(1, 61))
    submission = _submit(
        world, planning, ("list.csv", body.encode("cp932")), ("a.zip", b"PK\x03\x04")
    )
    client.force_login(world.director)
    html = _review(client, submission)
    assert "1行目,&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "50行目," in html and "51行目" not in html
    assert "<script>alert" not in html
    assert "最初の50行です。" in html
    assert "a.zip" in html  # other kinds: the name and the download link
    zipped = submission.files.get(original_name="a.zip")
    assert f'href="/directors/files/{zipped.pk}/"' in html
    client.force_login(world.director)
    assert client.get(f"/directors/files/{zipped.pk}/preview/").status_code == 404


def test_another_director_or_the_worker_gets_404_on_the_preview(
    client, world, planning
):
    submission = _submit(world, planning, ("banner.png", PNG))
    url = f"/directors/files/{submission.files.get().pk}/preview/"
    client.force_login(world.other_director)
    assert client.get(url).status_code == 404
    # The worker who submitted it, even holding the director role elsewhere.
    world.alice.groups.add(Group.objects.get(name="director"))
    client.force_login(world.alice)
    assert client.get(url).status_code == 404


def test_a_long_text_file_is_read_as_utf8_even_cut_at_64_kib(client, world, planning):
    line = "あいうえお、かきくけこ。" * 5 + "\n"  # 181 bytes: no line ends at 64 KiB
    submission = _submit(world, planning, ("long.txt", (line * 1000).encode()))
    client.force_login(world.director)
    html = _review(client, submission)
    assert line.strip() in html
    assert "最初の50行です。" in html
