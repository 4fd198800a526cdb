"""The sales pages: the engagement list, the intake, the detail with its
actions (screening, director, cancel) and the quote editor."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from engagements.models import (
    CatalogueItem,
    Engagement,
    Quote,
    QuoteLine,
    ScreeningKeyword,
)
from engagements.services import intake, quotes
from enterprise.audit import timeline_for
from tests.once import once

from . import factories as f
from .test_sales_to_client_walk import _intake_post, _line, _quote_post

IN_TWO_WEEKS = timezone.localdate() + datetime.timedelta(days=14)


def _engagements(world, count, **fields):
    Engagement.objects.bulk_create(
        Engagement(
            client=world.client if n % 2 else world.other_client,
            title=f"案件 {n}",
            category=world.category,
            purpose="目的",
            deliverables="成果物",
            acceptance_criteria="基準",
            deadline=timezone.localdate() + datetime.timedelta(days=n % 40),
            budget=100_000 + n,
            sales_owner=world.sales,
            director=world.director if n % 3 else None,
            **fields,
        )
        for n in range(count)
    )


def test_list_runs_the_same_queries_for_10_and_200_engagements(
    world, client, django_assert_num_queries
):
    client.force_login(world.sales)
    _engagements(world, 10)
    client.get("/engagements/sales/")  # warms the per-process content-type cache
    with CaptureQueriesContext(connection) as ten:
        assert client.get("/engagements/sales/").status_code == 200
    _engagements(world, 190)
    with django_assert_num_queries(len(ten.captured_queries)):
        page = client.get("/engagements/sales/?sort=deadline")
    assert "200件の案件" in page.content.decode()


def test_list_filters_by_state_client_and_search(world, client, engagement, quoted):
    other = intake.engagement_create(
        client=world.other_client, by=world.sales, title="ロゴ制作",
        category=world.category, purpose="ブランド刷新", deliverables="ロゴ一式",
        acceptance_criteria="3案から選定", deadline=IN_TWO_WEEKS, budget=80_000,
    )  # fmt: skip
    client.force_login(world.sales)

    def titles(query):
        page = client.get("/engagements/sales/?" + query).context["page"]
        return sorted(e.title for e in page)

    assert titles("") == ["オウンドメディア記事 10本", "ロゴ制作"]
    assert titles("state=draft") == ["ロゴ制作"]
    assert titles("state=quoted") == ["オウンドメディア記事 10本"]
    assert titles(f"client={world.other_client.pk}") == [other.title]
    assert titles("q=オウンド") == ["オウンドメディア記事 10本"]
    assert titles("q=合同会社ほか") == ["ロゴ制作"]  # the client's name


@pytest.mark.parametrize("who", ["contact", "alice", "director"])
def test_sales_pages_refuse_other_roles(world, client, engagement, who):
    client.force_login(getattr(world, who))
    for url in ("/engagements/sales/", f"/engagements/sales/{engagement.pk}/"):
        assert client.get(url).status_code == 403


def test_intake_offers_active_clients_and_refuses_a_suspended_one(world, client):
    suspended = f.active_client(name="株式会社停止中")
    type(suspended).objects.filter(pk=suspended.pk).update(state="suspended")
    client.force_login(world.sales)
    form = client.get("/engagements/sales/new/").content.decode()
    assert world.client.legal_name in form and "株式会社停止中" not in form

    data = _intake_post(world, client=suspended.pk)
    page = client.post("/engagements/sales/new/", data).content.decode()
    assert "株式会社停止中は取引停止中のため、新規案件を受け付けできません。" in page
    assert not Engagement.objects.exists()


def test_risky_order_waits_for_compliance_who_clears_it(
    world, client, engagement, make_user
):
    ScreeningKeyword.objects.create(phrase="名簿", reason="名簿の売買の疑い")
    Engagement.objects.filter(pk=engagement.pk).update(purpose="顧客名簿の整理")
    base = f"/engagements/sales/{engagement.pk}/"
    client.force_login(world.sales)
    page = client.post(base + "submit/", follow=True).content.decode()
    assert "審査リストに該当しました" in page and "名簿の売買の疑い" in page
    assert "承認して見積作成に進める" not in page  # sales may not clear
    assert (
        client.post(base + "screening/clear/", {"screening-note": "可"}).status_code
        == 403
    )

    compliance = make_user("compliance", roles=["sales"])
    compliance.user_permissions.add(Permission.objects.get(codename="clear_screening"))
    client.force_login(compliance)
    page = client.post(base + "screening/clear/", {"screening-note": " "}).content
    assert "このフィールドは必須です。" in page.decode()
    client.post(base + "screening/clear/", {"screening-note": "社内確認済み、問題なし"})
    engagement.refresh_from_db()
    assert engagement.state == Engagement.State.QUOTING
    cleared = [e for e in timeline_for(engagement) if e.to_state == "quoting"][0]
    assert (cleared.actor, cleared.reason) == (compliance, "社内確認済み、問題なし")


def test_compliance_refuses_a_held_order_and_it_is_cancelled(
    world, client, engagement, make_user
):
    world.client.watchlisted, world.client.watchlist_reason = True, "過去の未払い"
    world.client.save()
    intake.engagement_submit_for_quote(engagement=engagement, by=world.sales)
    client.force_login(make_user("admin-1", is_superuser=True))
    url = f"/engagements/sales/{engagement.pk}/screening/refuse/"
    page = client.post(url, {"screening-note": "取引条件を満たさない"}, follow=True)
    assert "審査で却下しました。案件は中止になりました。" in page.content.decode()
    engagement.refresh_from_db()
    assert (engagement.state, engagement.cancel_reason) == (
        "cancelled", "取引条件を満たさない",
    )  # fmt: skip


def test_director_select_lists_directors_and_assigns(world, client, engagement):
    client.force_login(world.sales)
    base = f"/engagements/sales/{engagement.pk}/"
    choices = client.get(base).context["director_form"].fields["director"].queryset
    assert set(choices) == {world.director, world.other_director}
    page = client.post(base + "director/", {"director": world.alice.pk}).content
    assert "正しく選択してください" in page.decode()
    client.post(base + "director/", {"director": world.other_director.pk})
    engagement.refresh_from_db()
    assert engagement.director == world.other_director


def test_cancel_needs_a_reason(world, client, engagement):
    client.force_login(world.sales)
    url = f"/engagements/sales/{engagement.pk}/cancel/"
    assert "このフィールドは必須です。" in client.post(url, {}).content.decode()
    response = client.post(
        url, {"cancel-reason": "クライアント都合で中止"}, follow=True
    )
    assert "案件を中止しました。" in response.content.decode()
    engagement.refresh_from_db()
    assert (engagement.state, engagement.cancel_reason) == (
        "cancelled", "クライアント都合で中止",
    )  # fmt: skip


def test_editor_adds_a_catalogue_package_and_a_blank_line_without_saving(
    world, client, engagement
):
    intake.engagement_submit_for_quote(engagement=engagement, by=world.sales)
    item = CatalogueItem.objects.create(
        category=world.category, name="SEO記事パッケージ", unit="本", unit_price=25_000
    )
    client.force_login(world.sales)
    url = f"/engagements/sales/{engagement.pk}/quote/"
    post = _quote_post(IN_TWO_WEEKS, _line(0, "構成案作成", "1", "式", "30000"))
    response = client.post(url, {**post, "action": "add_item", "item": item.pk})
    formset = response.context["formset"]
    assert [form.initial["description"] for form in formset] == [
        "構成案作成", "SEO記事パッケージ",
    ]  # fmt: skip
    assert "標準価格 ¥25,000/本" in response.content.decode()
    response = client.post(url, {**post, "action": "add_line"})
    assert len(response.context["formset"].forms) == 2
    assert not Quote.objects.exists()


def test_editor_saves_lines_with_the_package_and_shows_reference_prices(
    world, client, engagement
):
    for n, subtotal in enumerate((150_000, 198_000, 300_000)):
        past = Engagement.objects.create(
            client=world.client, title=f"過去案件{n}", category=world.category,
            purpose="-", deliverables="-", acceptance_criteria="-", budget=subtotal,
            deadline=timezone.localdate(), sales_owner=world.sales, state="completed",
        )  # fmt: skip
        Quote.objects.create(
            engagement=past, state="accepted", created_by=world.sales,
            work_subtotal=subtotal, valid_until=timezone.localdate(),
            direction_fee_kind="rate",
        )  # fmt: skip
    intake.engagement_submit_for_quote(engagement=engagement, by=world.sales)
    item = CatalogueItem.objects.create(
        category=world.category, name="SEO記事パッケージ", unit="本", unit_price=25_000
    )
    client.force_login(world.sales)
    url = f"/engagements/sales/{engagement.pk}/quote/"
    post = _quote_post(
        IN_TWO_WEEKS,
        _line(0, "SEO記事パッケージ", "8", "本", "25000", item=str(item.pk)),
        _line(1, "削除する行", "1", "式", "999"),
        _line(2, "", "1", "式", ""),  # an untouched blank line is ignored
    )
    post["lines-1-DELETE"] = "on"
    page = client.post(url, post, follow=True).content.decode()
    assert "見積を下書き保存しました。" in page
    line = QuoteLine.objects.get()
    assert (line.description, line.quantity, line.catalogue_item) == (
        "SEO記事パッケージ", 8, item,
    )  # fmt: skip
    # 200,000 + 20,000 fee + 22,000 tax.
    assert "¥242,000" in page and "標準価格 ¥25,000/本" in page
    for label, amount in (("中央値", 198_000), ("最低", 150_000), ("最高", 300_000)):
        assert f'<dt>{label}</dt><dd class="amount">¥{amount:,}</dd>' in page


def test_changing_a_sent_quote_makes_a_new_revision(world, client, quoted):
    client.force_login(world.sales)
    url = f"/engagements/sales/{quoted.engagement_id}/quote/"
    page = client.get(url)
    assert "第1版をクライアントに送付済みです。" in page.content.decode()
    assert page.context["formset"].forms[0].initial["unit_price"] == 19_800
    post = _quote_post(IN_TWO_WEEKS, _line(0, "記事作成", "10", "本", "18000"))
    client.post(url, post)
    assert list(
        Quote.objects.order_by("revision").values_list("revision", "state", "total")
    ) == [(1, "superseded", 239_580), (2, "draft", 217_800)]


def test_editor_shows_each_lines_rate_and_quantity_as_saved(world, client, engagement):
    intake.engagement_submit_for_quote(engagement=engagement, by=world.sales)
    quotes.quote_save(
        engagement=engagement, by=world.sales,
        lines=[
            quotes.LineInput("記事作成", Decimal("10"), "本", 19_800),
            quotes.LineInput("茶菓", Decimal("2.5"), "箱", 1_000, Decimal("0.08")),
        ],
        valid_until=IN_TWO_WEEKS,
    )  # fmt: skip
    client.force_login(world.sales)
    page = client.get(f"/engagements/sales/{engagement.pk}/quote/").content.decode()
    assert 'name="lines-0-quantity" value="10"' in page
    assert 'name="lines-1-quantity" value="2.5"' in page
    assert '<option value="0.10" selected>10%</option>' in page
    assert '<option value="0.08" selected>8%（軽減税率）</option>' in page


def test_quote_pdf_not_rendered_yet_says_so(world, client, quoted):
    client.force_login(world.sales)
    base = f"/engagements/sales/{quoted.engagement_id}/"
    response = client.get(base + f"quotes/{quoted.pk}/pdf/", follow=True)
    assert response.redirect_chain[-1][0] == base
    assert "PDFを作成中です。" in response.content.decode()


def test_sending_a_quote_past_its_validity_is_refused(world, client, engagement):
    intake.engagement_submit_for_quote(engagement=engagement, by=world.sales)
    draft = quotes.quote_save(
        engagement=engagement, by=world.sales,
        lines=[quotes.LineInput("記事作成", 1, "本", 10_000)],
        valid_until=timezone.localdate() - datetime.timedelta(days=1),
    )  # fmt: skip
    client.force_login(world.sales)
    url = f"/engagements/sales/{engagement.pk}/quotes/{draft.pk}/send/"
    page = client.post(url, once(), follow=True).content.decode()
    assert "有効期限が過去の日付です。" in page
    draft.refresh_from_db()
    assert draft.state == Quote.State.DRAFT


def test_sales_dashboard_lists_my_open_quotes_with_expiry(world, client, quoted):
    client.force_login(world.sales)
    page = client.get("/clients/sales/").content.decode()
    assert "回答待ちの見積（自分の担当）" in page
    assert quoted.number in page and "¥239,580" in page
    assert IN_TWO_WEEKS.strftime("%Y/%m/%d") in page


@pytest.mark.parametrize("state", ["completed", "invoiced", "cancelled"])
def test_the_director_of_a_closed_engagement_cannot_be_reassigned(
    world, client, engagement, state
):
    from engagements.models import Engagement

    Engagement.objects.filter(pk=engagement.pk).update(
        state=state, director=world.director
    )
    client.force_login(world.sales)
    base = f"/engagements/sales/{engagement.pk}/"
    page = client.post(base + "director/", {"director": world.other_director.pk})
    assert "この案件は終了しているため、ディレクターを変更できません。" in (
        page.content.decode()
    )
    engagement.refresh_from_db()
    assert engagement.director == world.director
