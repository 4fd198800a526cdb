"""Contacts' login states and the client's own words read right in Japanese:
the client's "Active" (取引中) is not a contact's working login (利用中), and
clients' bare words no longer take other apps' labels."""

import re

import pytest
from django.utils.translation import gettext

from clients.timeline import ACTION_LABELS
from clients.views import TRANSITION_BUTTONS

pytestmark = pytest.mark.django_db


def login_cell(html, name):
    row = re.search(rf"<td>{name}</td>.*?</tr>", html, re.S).group(0)
    return re.sub(r"<[^>]+>|\s+", " ", row.split("</td>")[3]).split()[0]


def test_contact_logins_read_in_use_invited_and_closed(
    client, sales, active_client, contact_of, make_user
):
    working = contact_of(active_client, "working")
    working.set_password("ki-ra-ki-ra-2026")
    working.save()
    invited = contact_of(active_client, "invited")
    invited.set_unusable_password()
    invited.save()
    closed = contact_of(active_client, "closed")
    closed.is_active = False
    closed.save()
    client.force_login(sales)
    html = client.get(f"/clients/companies/{active_client.pk}/").content.decode()
    assert login_cell(html, "working") == "利用中"
    assert login_cell(html, "invited") == "招待中"
    assert login_cell(html, "closed") == "停止"
    assert "取引中" in html  # the client's own state


def test_clients_words_leave_the_bare_ones_to_other_apps():
    assert ACTION_LABELS["clients.client.created"] == "登録"
    assert gettext("Registered") == "登録日"  # a worker's registration date
    decline = next(label for name, label, *_ in TRANSITION_BUTTONS if name == "decline")
    assert decline == "取引を見送る"
    assert gettext("Decline") == "辞退する"  # a client declining a quote
