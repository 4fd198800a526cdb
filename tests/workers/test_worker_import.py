"""CSV import of workers: UTF-8 or Shift_JIS, all or nothing with line
numbers, and every imported worker mailed an invitation."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.once import once
from workers.models import WorkerProfile

pytestmark = pytest.mark.django_db

HEADER = "email,username,legal_name,legal_name_kana,display_name,kind\n"
GOOD = (
    HEADER
    + "hanako@example.jp,hanako,佐藤 花子,サトウ ハナコ,はなこ,individual\n"
    + "jiro@example.jp,jiro,田中 次郎,タナカ ジロウ,,individual\n"
)


@pytest.fixture
def officer(client, make_user):
    user = make_user("compliance-1", roles=["compliance"])
    client.force_login(user)
    return user


def upload(client, text: str, encoding="utf-8"):
    file = SimpleUploadedFile("workers.csv", text.encode(encoding), "text/csv")
    return client.post(reverse("workers:import"), once(file=file), follow=True)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_a_good_file_imports_every_worker_and_mails_invitations(
    client, officer, encoding, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = upload(client, GOOD, encoding)
    assert "2人のワーカーを取り込みました" in page.content.decode()
    hanako = WorkerProfile.objects.get(user__username="hanako")
    assert hanako.legal_name == "佐藤 花子"
    assert hanako.signup_steps
    assert hanako.user.has_role("worker")
    assert not hanako.user.has_usable_password()
    assert WorkerProfile.objects.get(user__username="jiro").display_name == "田中 次郎"
    assert sorted(m.to[0] for m in mail.outbox) == [
        "hanako@example.jp",
        "jiro@example.jp",
    ]
    assert "/accounts/password/set/" in mail.outbox[0].body or "password" in (
        mail.outbox[0].body
    )


def test_one_bad_line_refuses_the_whole_file_with_line_numbers(client, officer):
    bad = (
        GOOD
        + "not-an-address,saburo,山本 三郎,ヤマモト サブロウ,,individual\n"
        + "hanako@example.jp,hanako2,佐藤 花子,漢字カナ,,freelancer\n"
    )
    page = upload(client, bad).content.decode()
    assert "何も取り込んでいません" in page
    assert "4行目" in page and "5行目" in page
    assert "2行目" in page  # hanako@example.jp again on line 5 names line 2
    assert (
        not get_user_model()
        .objects.filter(username__in=["hanako", "jiro", "saburo", "hanako2"])
        .exists()
    )
    assert mail.outbox == []


def test_an_existing_account_refuses_the_file(client, officer, make_user):
    make_user("jiro")
    page = upload(client, GOOD).content.decode()
    assert "3行目" in page
    assert not WorkerProfile.objects.exists()


def test_a_file_that_is_not_text_is_refused(client, officer):
    file = SimpleUploadedFile("workers.csv", b"\xff\xfe\x00\x81\x00", "text/csv")
    page = client.post(reverse("workers:import"), once(file=file), follow=True)
    assert page.status_code == 200
    assert not WorkerProfile.objects.exists()


def test_workers_and_directors_cannot_import(client, make_user):
    client.force_login(make_user("d", roles=["director"]))
    assert client.get(reverse("workers:import")).status_code == 403
