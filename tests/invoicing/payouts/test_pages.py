"""The payout pages: a worker sees only their own orders, statements and pay
dates (404 otherwise); only finance (and superusers) reach the payout run and
its exports (403 otherwise); lists do not grow queries with their rows."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from invoicing.models import PayoutRun, PayoutStatement, WorkerOrder
from invoicing.services import payouts
from tests.engagements.factories import user_with_roles
from tests.invoicing.test_zengin import EXPECTED
from tests.once import once

from .factories import assigned_subtask, make_line

PAY = datetime.date(2026, 9, 30)
RECEIVED = datetime.date(2026, 8, 20)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def paid_out(operator, yamada, sato, finance):
    make_line(yamada, amount=50_000, received_on=RECEIVED, pay_date=PAY)
    make_line(sato, amount=1_500_000, received_on=RECEIVED, pay_date=PAY)
    statements = payouts.payout_run(pay_date=PAY, by=finance)
    return {s.worker.username: s for s in statements}


def test_a_worker_sees_their_statements_and_not_anothers(paid_out, yamada):
    own, other = paid_out["yamada"], paid_out["sato"]
    client = _client(yamada)

    page = client.get(reverse("invoicing:my_statements"))
    assert page.status_code == 200
    assert own.number in page.text and other.number not in page.text
    assert "¥49,895" in page.text

    assert (
        client.get(reverse("invoicing:payout_statement", args=[own.pk])).status_code
        == 200
    )
    for name in ("invoicing:payout_statement", "invoicing:payout_statement_pdf"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404


def test_a_worker_sees_their_orders_and_not_anothers(operator, director, yamada, sato):
    own = WorkerOrder.objects.get(
        subtask=assigned_subtask(director=director, worker=yamada)
    )
    other = WorkerOrder.objects.get(
        subtask=assigned_subtask(director=director, worker=sato, title="記事 2")
    )
    client = _client(yamada)

    page = client.get(reverse("invoicing:my_orders"))
    assert page.status_code == 200
    assert "発注書" in page.text and "記事 1" in page.text and "記事 2" not in page.text
    detail = client.get(reverse("invoicing:worker_order", args=[own.pk]))
    assert "毎月末日締切、翌月末日支払" in detail.text
    for name in ("invoicing:worker_order", "invoicing:worker_order_pdf"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404
    # The engagement's director sees the order; another director does not.
    assert (
        _client(director)
        .get(reverse("invoicing:worker_order", args=[own.pk]))
        .status_code
        == 200
    )
    stranger = user_with_roles("director-7", "director")
    assert (
        _client(stranger)
        .get(reverse("invoicing:worker_order", args=[own.pk]))
        .status_code
        == 404
    )


def test_pay_dates_show_what_is_still_to_come(operator, yamada, sato):
    make_line(yamada, amount=30_000, received_on=RECEIVED, pay_date=PAY)
    make_line(sato, amount=99_000, received_on=RECEIVED, pay_date=PAY)
    page = _client(yamada).get(reverse("invoicing:my_pay_dates"))
    assert page.status_code == 200
    assert "2026/09/30" in page.text and "¥30,000" in page.text
    assert "¥99,000" not in page.text


@pytest.mark.parametrize("role", ["worker", "director", "sales", "client"])
def test_only_finance_reaches_the_payout_run(paid_out, role):
    client = _client(user_with_roles(f"{role}-p", role))
    day = PAY.isoformat()
    for name in (
        "invoicing:payouts",
        "invoicing:payout_date",
        "invoicing:payout_zengin",
    ):
        args = [] if name == "invoicing:payouts" else [day]
        assert client.get(reverse(name, args=args)).status_code == 403
    assert (
        client.post(reverse("invoicing:payout_run", args=[day]), once()).status_code
        == 403
    )
    statement = paid_out["yamada"]
    assert (
        client.post(
            reverse("invoicing:payout_statement_paid", args=[statement.pk]), once()
        ).status_code
        == 403
    )


def test_finance_runs_downloads_and_confirms(
    operator, yamada, sato, finance, django_capture_on_commit_callbacks
):
    make_line(yamada, amount=50_000, received_on=RECEIVED, pay_date=PAY)
    make_line(sato, amount=1_500_000, received_on=RECEIVED, pay_date=PAY)
    client = _client(finance)
    day = PAY.isoformat()

    page = client.get(reverse("invoicing:payout_date", args=[day]))
    assert page.status_code == 200 and "2026/09/30 の支払" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("invoicing:payout_run", args=[day]), once())
    run = PayoutRun.objects.get()
    assert response.url == reverse("invoicing:payout_run_page", args=[run.pk])
    response = client.get(response.url)
    assert (run.state, run.done, run.total, run.issued) == ("done", 2, 2, 2)
    assert 'data-field="state_label">完了' in response.text
    assert "¥1,495,695" in response.text  # the total of the net payments

    download = client.get(reverse("invoicing:payout_zengin", args=[day]))
    assert (
        download["Content-Disposition"] == 'attachment; filename="zengin-20260930.txt"'
    )
    assert download.content == EXPECTED

    statement = PayoutStatement.objects.get(worker=yamada)
    done = client.post(
        reverse("invoicing:payout_statement_paid", args=[statement.pk]),
        once(transferred="", transfer_fee="0"),
        follow=True,
    )
    assert f"{statement.number} を支払済みにしました。" in done.text
    statement.refresh_from_db()
    assert statement.state == "paid"


def test_a_refused_transfer_is_shown_to_finance(paid_out, finance):
    statement = paid_out["yamada"]
    response = _client(finance).post(
        reverse("invoicing:payout_statement_paid", args=[statement.pk]),
        once(transferred=str(statement.net - 440), transfer_fee="440"),
        follow=True,
    )
    assert "減額にあたるため受け付けられません" in response.text


def test_held_lines_are_shown_with_their_flags_and_released_with_a_reason(
    operator, yamada, finance
):
    line = make_line(
        yamada,
        amount=10_000,
        received_on=datetime.date(2026, 6, 1),
        pay_date=PAY,
        state="held",
        flags=["beyond_limit"],
    )
    client = _client(finance)
    home = client.get(reverse("invoicing:payouts"))
    assert "60日ルールにより保留中" in home.text
    assert (
        "支払期日が法律で認められる期限を過ぎています。" in home.text
        or "beyond" not in home.text
    )
    response = client.post(
        reverse("invoicing:payout_line_release", args=[line.pk]),
        {"reason": "受託者の依頼で支払日を合わせた"},
        follow=True,
    )
    assert "支払明細を更新しました。" in response.text
    line.refresh_from_db()
    assert (line.state, line.late_reason) == (
        "scheduled",
        "受託者の依頼で支払日を合わせた",
    )


def _orders(director, worker, n):
    for i in range(n):
        assigned_subtask(director=director, worker=worker, title=f"記事 {i}")


def test_the_order_list_does_not_grow_queries_with_its_rows(operator, director, yamada):
    client = _client(yamada)
    _orders(director, yamada, 1)
    client.get(reverse("invoicing:my_orders"))  # warm caches (session, groups)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("invoicing:my_orders"))
    _orders(director, yamada, 3)
    with CaptureQueriesContext(connection) as four:
        client.get(reverse("invoicing:my_orders"))
    assert len(four) == len(one)


def test_the_pay_date_page_does_not_grow_queries_with_its_rows(operator, finance):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .factories import make_worker

    client = _client(finance)
    url = reverse("invoicing:payout_date", args=[PAY.isoformat()])

    made = iter(range(100))

    def add(n):
        for _i in range(n):
            worker = make_worker(f"payee-{next(made)}")
            make_line(worker, amount=10_000, received_on=RECEIVED, pay_date=PAY)

    add(1)
    payouts.payout_run(pay_date=PAY, by=finance)
    add(1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(4)
    payouts.payout_run(pay_date=PAY, by=finance)
    add(4)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few) <= 15
