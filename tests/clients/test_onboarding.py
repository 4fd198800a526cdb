"""The onboarding state machine: who may move a company, and when."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from clients import services
from clients.models import CheckResult, Client, ScreeningCheck
from enterprise.fsm import TransitionRefused, apply_transition
from enterprise.models import AuditLog
from tests.clients.conftest import onboard
from tests.clients.factories import ClientFactory

pytestmark = pytest.mark.django_db

S = Client.State
# (service, state before, state after, needs a reason)
TRANSITIONS = [
    ("client_start_screening", S.LEAD, S.SCREENING),
    ("client_activate", S.SCREENING, S.ACTIVE),
    ("client_decline", S.SCREENING, S.DECLINED),
    ("client_suspend", S.ACTIVE, S.SUSPENDED),
    ("client_reactivate", S.SUSPENDED, S.ACTIVE),
]


def client_in(state, sales):
    client = ClientFactory()
    if state == S.LEAD:
        return client
    if state == S.SCREENING:
        client = onboard(client, sales, S.SCREENING)
        for kind in ("antisocial", "credit"):
            services.client_record_check(
                client=client, kind=kind, result=CheckResult.PASSED, by=sales
            )
        return client
    if state == S.DECLINED:
        client = onboard(client, sales, S.SCREENING)
        return services.client_decline(client=client, by=sales, reason="与信不足")
    return onboard(client, sales, state)


@pytest.mark.parametrize(("service", "before", "after"), TRANSITIONS)
def test_sales_makes_each_transition_and_it_is_logged(sales, service, before, after):
    client = client_in(before, sales)
    moved = getattr(services, service)(client=client, by=sales, reason="確認済み")
    assert moved.state == after
    client.refresh_from_db()
    assert client.state == after
    entry = AuditLog.objects.filter(from_state=before, to_state=after).get()
    assert (entry.actor, entry.reason) == (sales, "確認済み")


@pytest.mark.parametrize(("service", "before", "after"), TRANSITIONS)
@pytest.mark.parametrize("outsider", ["worker", "client", "finance", "director"])
def test_other_roles_cannot_move_a_company(
    make_user, contact_of, sales, service, before, after, outsider
):
    client = client_in(before, sales)
    if outsider == "client":
        # Even the company's own contact may not move it.
        user = contact_of(client, "own-contact")
    else:
        user = make_user(roles=[outsider])
    with pytest.raises(PermissionDenied):
        getattr(services, service)(client=client, by=user, reason="試行")
    client.refresh_from_db()
    assert client.state == before


def test_activation_is_refused_without_both_checks(sales):
    client = onboard(ClientFactory(), sales, S.SCREENING)
    services.client_record_check(
        client=client, kind="antisocial", result=CheckResult.PASSED, by=sales
    )
    with pytest.raises(ValidationError) as exc:
        services.client_activate(client=client, by=sales)
    assert exc.value.messages == [
        "反社チェックと与信チェックの両方が合格している必要があります。"
    ]
    client.refresh_from_db()
    assert client.state == S.SCREENING


def test_activation_is_refused_after_a_failed_credit_check(sales):
    client = onboard(ClientFactory(), sales, S.SCREENING)
    services.client_record_check(
        client=client, kind="antisocial", result=CheckResult.PASSED, by=sales
    )
    services.client_record_check(
        client=client,
        kind="credit",
        result=CheckResult.FAILED,
        note="評点不足",
        by=sales,
    )
    with pytest.raises(ValidationError):
        services.client_activate(client=client, by=sales)


def test_a_check_records_result_who_and_when(sales):
    client = onboard(ClientFactory(), sales, S.SCREENING)
    check = services.client_record_check(
        client=client, kind="antisocial", result=CheckResult.PASSED, by=sales
    )
    check = ScreeningCheck.objects.get(pk=check.pk)
    assert (check.kind, check.result, check.checked_by) == (
        "antisocial",
        "passed",
        sales,
    )
    assert check.checked_at is not None
    client.refresh_from_db()
    assert (client.antisocial_check, client.credit_check) == ("passed", "pending")


def test_a_failed_check_needs_a_note(sales):
    client = onboard(ClientFactory(), sales, S.SCREENING)
    with pytest.raises(ValidationError) as exc:
        services.client_record_check(
            client=client, kind="credit", result=CheckResult.FAILED, by=sales
        )
    assert exc.value.message_dict == {"note": ["不合格の理由を記入してください。"]}


def test_checks_wait_for_screening_to_start(sales):
    with pytest.raises(ValidationError):
        services.client_record_check(
            client=ClientFactory(), kind="credit", result="passed", by=sales
        )


@pytest.mark.parametrize("service", ["client_decline", "client_suspend"])
def test_declining_and_suspending_need_a_reason(sales, service):
    before = S.SCREENING if service == "client_decline" else S.ACTIVE
    client = client_in(before, sales)
    with pytest.raises(ValidationError) as exc:
        getattr(services, service)(client=client, by=sales, reason="  ")
    assert exc.value.message_dict == {"reason": ["理由を入力してください。"]}


@pytest.mark.parametrize(
    ("service", "state"),
    [
        ("client_activate", S.LEAD),
        ("client_suspend", S.SCREENING),
        ("client_reactivate", S.ACTIVE),
        ("client_start_screening", S.DECLINED),
    ],
)
def test_transition_from_the_wrong_state_is_refused(sales, service, state):
    client = client_in(state, sales)
    with pytest.raises(ValidationError) as exc:
        getattr(services, service)(client=client, by=sales, reason="理由")
    label = Client.State(state).label
    assert exc.value.messages == [f"現在の状態（{label}）ではこの操作はできません。"]


def test_state_cannot_be_assigned_directly():
    client = ClientFactory.build()
    with pytest.raises(AttributeError):
        client.state = S.ACTIVE


def test_watchlist_needs_a_reason_and_is_logged(sales, active_client):
    with pytest.raises(ValidationError):
        services.client_watchlist(client=active_client, flag=True, reason="", by=sales)
    client = services.client_watchlist(
        client=active_client, flag=True, reason="個人情報収集の疑い", by=sales
    )
    assert (client.watchlisted, client.watchlist_reason) == (True, "個人情報収集の疑い")
    assert AuditLog.objects.filter(action="clients.client.watchlisted").exists()
    client = services.client_watchlist(
        client=client, flag=False, reason="改善を確認", by=sales
    )
    assert (client.watchlisted, client.watchlist_reason) == (False, "")


@pytest.mark.parametrize("roles", [["worker"], ["client"], ["finance"]])
def test_only_sales_watchlists(make_user, active_client, roles):
    with pytest.raises(PermissionDenied):
        services.client_watchlist(
            client=active_client, flag=True, reason="理由", by=make_user(roles=roles)
        )


def test_a_wrong_state_is_told_as_such_even_to_someone_without_the_right(
    sales, make_user
):
    """django-fsm's permission check also says no when no transition leaves
    the state: the state is checked first, so nobody is told they lack a right
    when the client simply is not in a state that allows it."""
    client = client_in(S.DECLINED, sales)
    with pytest.raises(TransitionRefused):
        apply_transition(client, "activate", by=sales, action="clients.client.x")
    worker = make_user(roles=["worker"])
    client = client_in(S.LEAD, sales)
    with pytest.raises(PermissionDenied):
        apply_transition(client, "start_screening", by=worker, action="x.y")
