"""The support reports: tickets by category and state, SLA attainment, CSAT
and delivery ratings, dispute outcomes, by month; downloadable as CSV."""

import datetime

import pytest
from django.utils import timezone

from support.models import OutcomeKind, Ticket
from support.services import disputes, tickets

URL = "/support/reports/"


def NO_CHANGE() -> str:
    """The desk's label of the outcome, in the active language."""
    return str(OutcomeKind.NO_CHANGE.label)


def month_now() -> str:
    today = timezone.localdate()
    return f"{today.year}-{today.month:02d}"


@pytest.fixture
def desk_month(support_user, contact_a, contact_b, general):
    """Three tickets this month: one answered, resolved, closed and rated 5;
    one past its first-response target unanswered; one ended as a dispute."""
    answered = tickets.ticket_open(
        by=contact_a, category=general, title="請求書の宛名", body="宛名を変えたい"
    )
    tickets.ticket_reply(ticket=answered, by=support_user, body="承知しました")
    tickets.ticket_resolve(ticket=answered, by=support_user)
    tickets.ticket_close(ticket=answered, by=support_user)
    tickets.ticket_rate(ticket=answered, by=contact_a, score=5, comment="迅速でした")
    late = tickets.ticket_open(
        by=contact_b, category=general, title="見積の確認", body="見積はまだですか"
    )
    Ticket.objects.filter(pk=late.pk).update(
        first_response_due=timezone.now() - datetime.timedelta(hours=1)
    )
    disputed = tickets.ticket_open(
        by=contact_a, category=general, title="納品物の品質", body="品質に不満"
    )
    dispute = disputes.dispute_open(
        ticket=disputed, by=support_user, client=contact_a.client_contact.client
    )
    disputes.dispute_decide(
        dispute=dispute, by=support_user, kind="no_change", reason="仕様どおりと確認"
    )
    return answered


def test_report_shows_each_figure_for_the_month(client, support_user, desk_month):
    client.force_login(support_user)
    response = client.get(URL)
    assert response.status_code == 200
    (sla,) = response.context["sla"]
    assert (sla.month, sla.tickets) == (month_now(), 3)
    # First response: the answered one in time, the late one not (the
    # dispute's ticket is neither answered nor due yet).
    assert (sla.first_met, sla.first_counted, str(sla.first_rate)) == (1, 2, "50.0")
    (csat,) = response.context["satisfaction"]
    assert (csat["csat_rated"], str(csat["csat_avg"]), str(csat["csat_rate"])) == (
        1,
        "5.00",
        "100.0",
    )
    states = {r["state"]: r["count"] for r in response.context["by_category"]}
    # The dispute's decision resolved its ticket.
    S = Ticket.State
    assert states == {
        str(S.CLOSED.label): 1,
        str(S.RESOLVED.label): 1,
        str(S.OPEN.label): 1,
    }
    (outcome,) = response.context["disputes"]
    assert (outcome["outcome"], outcome["count"]) == (NO_CHANGE(), 1)
    page = response.content.decode()
    assert "サポートレポート" in page
    assert 'data-width="50.0"' in page


def test_csv_export_lists_every_figure(client, support_user, desk_month):
    client.force_login(support_user)
    response = client.get(URL, {"export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0] == "指標,月,項目,件数,値"
    assert f"期限内の初回応答 (%),{month_now()},,2,50.0" in text
    assert f"紛争の結果,{month_now()},{NO_CHANGE()},1,0" in text


def test_only_the_desk_sees_reports(client, contact_a, desk_month):
    client.force_login(contact_a)
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"export": "csv"}).status_code == 403


def test_report_queries_do_not_grow(
    client, support_user, contact_a, general, django_assert_max_num_queries
):
    client.force_login(support_user)
    for size in (1, 6):
        for n in range(size):
            tickets.ticket_open(
                by=contact_a, category=general, title=f"質問{n}", body="本文"
            )
        with django_assert_max_num_queries(15):
            response = client.get(URL)
        assert response.context["sla"][0].tickets == Ticket.objects.count()
