"""The help centre: each audience reads its own articles, Japanese substring
search finds a word inside a longer one, and a ticket's text gets suggestions
(an HTML fragment) of articles the writer may read."""

import pytest

from support.models import FaqArticle

from .voice_fixtures import article

A = FaqArticle.Audience


@pytest.fixture
def people(make_user):
    class People:
        client = make_user("c1", roles=["client"])
        worker = make_user("w1", roles=["worker"])
        support = make_user("s1", roles=["support"])

    return People


@pytest.fixture
def articles(db):
    return {
        "payout": article(A.WORKER, "支払通知書に異議があるときは", "7日以内に連絡"),
        "invoice": article(A.CLIENT, "請求書の再発行", "適格請求書は再発行できます。"),
        "staff": article(A.STAFF, "返金の社内手順", "経理に連絡します。"),
        "draft": article(A.CLIENT, "請求書の下書き", "公開前", published=False),
    }  # fmt: skip


def test_search_finds_japanese_substring_in_title_and_body(client, people, articles):
    client.force_login(people.worker)
    page = client.get("/support/help/worker/", {"q": "通知"}).content.decode()
    assert "支払通知書に異議があるときは" in page
    # 「以内」 occurs only in the body.
    page = client.get("/support/help/worker/", {"q": "以内"}).content.decode()
    assert "支払通知書に異議があるときは" in page
    page = client.get("/support/help/worker/", {"q": "請求書"}).content.decode()
    assert "支払通知書に異議" not in page
    assert "該当する記事はありません" in page


def test_full_width_query_is_normalised(client, people, db):
    article(A.CLIENT, "API キーの発行", "管理画面から発行します。")
    client.force_login(people.client)
    page = client.get("/support/help/client/", {"q": "ＡＰＩ"}).content.decode()
    assert "API キーの発行" in page


def test_client_reads_only_client_articles(client, people, articles):
    client.force_login(people.client)
    assert client.get("/support/help/").url == "/support/help/client/"
    page = client.get("/support/help/client/").content.decode()
    assert "請求書の再発行" in page
    assert "請求書の下書き" not in page  # unpublished
    assert client.get("/support/help/worker/").status_code == 404
    assert (
        client.get(f"/support/help/article/{articles['staff'].pk}/").status_code == 404
    )
    assert (
        client.get(f"/support/help/article/{articles['draft'].pk}/").status_code == 404
    )
    page = client.get(f"/support/help/article/{articles['invoice'].pk}/")
    assert "適格請求書は再発行できます。" in page.content.decode()


def test_staff_read_every_audience(client, people, articles):
    client.force_login(people.support)
    for audience in ("client", "worker", "staff"):
        assert client.get(f"/support/help/{audience}/").status_code == 200
    assert (
        client.get(f"/support/help/article/{articles['payout'].pk}/").status_code == 200
    )


def test_suggest_returns_fragment_of_readable_articles(client, people, articles):
    client.force_login(people.worker)
    response = client.get(
        "/support/help/suggest/", {"q": "先月の支払通知書の金額が違います"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "支払通知書に異議があるときは" in html
    assert f"/support/help/article/{articles['payout'].pk}/" in html
    client.force_login(people.client)
    html = client.get(
        "/support/help/suggest/", {"q": "支払通知書の金額"}
    ).content.decode()
    assert "支払通知書に異議" not in html  # a worker article, not the client's


def test_suggest_with_nothing_to_match_is_empty(client, people, articles):
    client.force_login(people.worker)
    assert client.get("/support/help/suggest/", {"q": "あ"}).content.strip() == b""


def test_audience_page_queries_do_not_grow(
    client, people, django_assert_max_num_queries
):
    client.force_login(people.support)
    for size in (3, 30):
        for i in range(size):
            article(A.CLIENT, f"記事{size}-{i}", "本文")
        with django_assert_max_num_queries(15):
            response = client.get("/support/help/client/")
        assert response.status_code == 200
        assert response.context["page"].paginator.count == FaqArticle.objects.count()
