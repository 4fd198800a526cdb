"""A client contact writes an inquiry from the portal's contact link in one
form; the support login finds it in its queue and answers; the contact's
colleagues see it, another company's contact never does, and no client ever
sees an internal note."""

import datetime

from django.core import mail
from django.urls import reverse

from enterprise.once import new_token
from support.models import Ticket


def _ask(client, category, **extra):
    return client.post(
        reverse("support:new"),
        {
            "category": category.pk,
            "title": "納品物の修正について",
            "body": "先週の記事の修正をお願いできますか",
            "once_token": new_token(),
            **extra,
        },
    )


def test_the_contact_link_is_on_portal_pages(client, contact_a):
    client.force_login(contact_a)
    page = client.get(reverse("clients:portal_dashboard")).content.decode()
    assert reverse("support:new") in page
    assert "お問い合わせ" in page


def test_inquiry_reaches_the_queue_and_the_answer_reaches_the_contact(
    client, contact_a, support_user, general, django_capture_on_commit_callbacks
):
    client.force_login(contact_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = _ask(client, general)
    ticket = Ticket.objects.get()
    assert response.url == reverse("support:ticket", args=[ticket.pk])
    assert (ticket.company, ticket.requester, ticket.state) == (
        contact_a.client_contact.client,
        contact_a,
        "open",
    )
    assert any(support_user.email in m.to for m in mail.outbox)

    client.force_login(support_user)
    queue = client.get(reverse("support:queue")).content.decode()
    assert "納品物の修正について" in queue
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("support:reply", args=[ticket.pk]),
            {"body": "承知しました。本日中に対応します。", "once_token": new_token()},
        )
        client.post(
            reverse("support:reply", args=[ticket.pk]),
            {
                "body": "社内メモ：担当ディレクターに確認中",
                "internal": "on",
                "once_token": new_token(),
            },
        )
    ticket.refresh_from_db()
    assert ticket.first_response_at is not None
    assert [m.to for m in mail.outbox] == [[contact_a.email]]
    assert reverse("support:ticket", args=[ticket.pk]) in mail.outbox[0].body

    client.force_login(contact_a)
    page = client.get(reverse("support:ticket", args=[ticket.pk])).content.decode()
    assert "本日中に対応します" in page
    assert "社内メモ" not in page


def test_another_company_never_sees_the_ticket(
    client, contact_a, colleague_a, contact_b, general
):
    client.force_login(contact_a)
    _ask(client, general)
    ticket = Ticket.objects.get()
    url = reverse("support:ticket", args=[ticket.pk])

    client.force_login(colleague_a)
    assert client.get(url).status_code == 200
    assert "納品物の修正" in client.get(reverse("support:my_tickets")).content.decode()

    client.force_login(contact_b)
    assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("support:reply", args=[ticket.pk]),
            {"body": "x", "once_token": new_token()},
        )
    ).status_code == 404
    assert (
        "納品物の修正" not in client.get(reverse("support:my_tickets")).content.decode()
    )


def test_an_internal_note_is_never_shown_nor_downloadable_for_the_client(
    client, contact_a, support_user, general
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from support.services.tickets import ticket_open, ticket_reply

    ticket = ticket_open(by=contact_a, category=general, title="件名", body="本文")
    note = ticket_reply(
        ticket=ticket,
        by=support_user,
        body="顧客には見せない",
        internal=True,
        files=[SimpleUploadedFile("memo.txt", b"secret")],
    )
    client.force_login(contact_a)
    page = client.get(reverse("support:ticket", args=[ticket.pk])).content.decode()
    assert "顧客には見せない" not in page
    file_url = reverse("support:attachment", args=[note.attachments.get().pk])
    assert client.get(file_url).status_code == 404
    client.force_login(support_user)
    assert client.get(file_url).status_code == 200


def test_a_worker_cannot_open_someone_elses_statement_ticket(client, contact_b):
    client.force_login(contact_b)
    response = client.get(reverse("support:new") + "?payout_statement=999")
    assert response.status_code == 404


def test_bad_input_gets_a_japanese_message_not_a_500(client, contact_a, general):
    client.force_login(contact_a)
    response = client.post(
        reverse("support:new"),
        {
            "category": "99999999999999999999",
            "title": "",
            "body": "本文",
            "once_token": new_token(),
        },
    )
    assert response.status_code == 400
    assert "このフィールドは必須です" in response.content.decode()


def test_the_engagement_page_messages_the_operator_about_it(client, contact_a):
    from tests.invoicing.billing.factories import completed_engagement

    company = contact_a.client_contact.client
    engagement = completed_engagement(
        company, "LP制作", [("LP", 1, 100_000)], completed_on=datetime.date(2026, 3, 2)
    )
    client.force_login(contact_a)
    page = client.get(reverse("engagements:client_detail", args=[engagement.pk]))
    link = reverse("support:new") + f"?engagement={engagement.pk}"
    assert link in page.content.decode()
    form = client.get(link)
    assert "LP制作" in form.content.decode()
