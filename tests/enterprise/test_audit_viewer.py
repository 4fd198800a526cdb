"""The audit viewer: compliance, finance and superusers search the whole
trail and export it; nobody else reaches it."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from enterprise.audit import log_action, log_actions_bulk
from enterprise.models import WorkCategory

pytestmark = pytest.mark.django_db

URL = "/audit/"


@pytest.fixture
def categories():
    return [
        WorkCategory.objects.create(code=f"c{i}", name=f"分類{i}", name_en=f"C{i}")
        for i in range(3)
    ]


@pytest.fixture
def trail(make_user, categories):
    """Rows by two people on three categories."""
    sato = make_user("sato", last_name="佐藤", first_name="健太", roles=["sales"])
    ito = make_user("ito", last_name="伊藤", first_name="直樹", roles=["director"])
    log_action(target=categories[0], action="enterprise.category.renamed", by=sato)
    log_action(
        target=categories[1], action="enterprise.category.archived", by=ito,
        from_state="active", to_state="archived", reason="=HYPERLINK(\"x\")",
    )  # fmt: skip
    log_action(target=categories[2], action="clients.client.created", by=sato)
    return {"sato": sato, "ito": ito}


def _page(client, user, **query):
    client.force_login(user)
    return client.get(URL, query)


@pytest.mark.parametrize("role", ["compliance", "finance"])
def test_compliance_and_finance_see_every_row(client, make_user, trail, role):
    response = _page(client, make_user(roles=[role]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "監査ログ" in page and "3件" in page
    assert "enterprise.category.archived" in page and "佐藤 健太" in page


def test_a_superuser_sees_it_too(client, make_user, trail):
    assert _page(client, make_user(is_superuser=True)).status_code == 200


@pytest.mark.parametrize("role", ["worker", "client", "sales", "director"])
def test_other_roles_are_refused(client, make_user, trail, role):
    user = make_user(roles=[role])
    assert _page(client, user).status_code == 403
    assert client.get("/audit/export.csv").status_code == 403


def test_filters_by_person_action_prefix_and_object(
    client, make_user, trail, categories
):
    compliance = make_user(roles=["compliance"])

    def found(**query):
        rows = _page(client, compliance, **query).context["page"].object_list
        return sorted(row.action for row in rows)

    assert found(person="伊藤") == ["enterprise.category.archived"]
    assert found(person="sato") == [
        "clients.client.created",
        "enterprise.category.renamed",
    ]
    assert found(action="enterprise.category.") == [
        "enterprise.category.archived",
        "enterprise.category.renamed",
    ]
    assert found(
        object_type="enterprise.workcategory", object_id=str(categories[2].pk)
    ) == ["clients.client.created"]


def test_filters_by_tokyo_date_range(client, make_user, trail):
    compliance = make_user(roles=["compliance"])
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)

    def count(**query):
        return _page(client, compliance, **query).context["page"].paginator.count

    assert count(date_from=today.isoformat(), date_to=today.isoformat()) == 3
    assert count(date_from=tomorrow.isoformat()) == 0
    response = _page(
        client, compliance, date_from=tomorrow.isoformat(), date_to=today.isoformat()
    )
    assert "終了日が開始日より前です。" in response.content.decode()


def test_csv_export_parses_back_with_the_filtered_rows(client, make_user, trail):
    client.force_login(make_user(roles=["compliance"]))
    response = client.get("/audit/export.csv", {"person": "伊藤"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header[:5] == ["日時", "ログインID", "実行者", "操作", "操作キー"]
    (row,) = rows
    assert row[1:3] == ["ito", "伊藤 直樹"]
    assert row[4] == "enterprise.category.archived"
    assert row[7:10] == ["active", "archived", '\'=HYPERLINK("x")']


def test_the_page_takes_the_same_queries_for_many_rows(
    client, make_user, categories, django_assert_num_queries
):
    compliance = make_user(roles=["compliance"])
    people = [make_user(roles=["sales"]) for _ in range(3)]
    client.force_login(compliance)
    log_action(target=categories[0], action="x.y.first", by=people[0])
    client.get(URL)  # warm the session and content-type caches
    with django_assert_num_queries(5) as few:
        client.get(URL)
    for person in people:
        log_actions_bulk(targets=categories, action="x.y.z", by=person)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert response.context["page"].paginator.count == 10


def test_an_objects_history_links_to_the_viewer_for_those_who_may_read_it(
    client, make_user
):
    from invoicing.services import payouts
    from tests.invoicing.payouts.factories import make_line, make_worker

    finance = make_user(roles=["finance"])
    yamada = make_worker("yamada")
    pay = datetime.date(2026, 4, 30)
    make_line(yamada, amount=10_000, received_on=datetime.date(2026, 3, 5),
              pay_date=pay)  # fmt: skip
    (statement,) = payouts.payout_run(pay_date=pay, by=finance)
    client.force_login(finance)
    page = client.get(f"/invoicing/payout-statements/{statement.pk}/")
    link = f"/audit/?object_type=invoicing.payoutstatement&amp;object_id={statement.pk}"
    assert link in page.content.decode()
    viewer = client.get(link.replace("&amp;", "&"))
    assert [row.action for row in viewer.context["page"]] == [
        "invoicing.payout_statement.issued"
    ]
    # The document number finds the same history, with or without the type.
    for query in ({}, {"object_type": "invoicing.payoutstatement"}):
        by_number = client.get(URL, {"object_id": statement.number, **query})
        assert [row.object_id for row in by_number.context["page"]] == [
            str(statement.pk)
        ]
    # Those who may not read the viewer get no link.
    client.force_login(yamada)
    mine = client.get(f"/invoicing/payout-statements/{statement.pk}/")
    assert "/audit/" not in mine.content.decode()
