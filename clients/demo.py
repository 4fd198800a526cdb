"""Demo clients in every onboarding state, with client-a and client-b as
contacts of two different active companies. Safe to run again: a company
that exists (by 法人番号) is left as it is."""

import datetime

from django.contrib.auth import get_user_model

from . import services
from .documents import default_terms
from .models import CheckResult, Client, ClientContact
from .numbers import with_check_digit

# (12-digit base of the 法人番号, name, kana, postal code, address, target
# state, watchlist reason, demo contact login)
DEMO_CLIENTS = [
    (
        "010401120001",
        "株式会社サンプル商事",
        "サンプルショウジ",
        "100-0005",
        "東京都千代田区丸の内二丁目3番4号",
        Client.State.ACTIVE,
        "",
        "client-a",
    ),
    (
        "011003120002",
        "合同会社テストデザイン",
        "テストデザイン",
        "150-0002",
        "東京都渋谷区渋谷一丁目2番3号 渋谷テストビル5階",
        Client.State.ACTIVE,
        "",
        "client-b",
    ),
    (
        "012001120003",
        "株式会社みらいマーケティング",
        "ミライマーケティング",
        "530-0001",
        "大阪府大阪市北区梅田三丁目1番1号",
        Client.State.ACTIVE,
        "過去にアフィリエイト誘導目的の記事作成を大量に依頼した経緯あり",
        "",
    ),
    (
        "018001120004",
        "株式会社ひかりソフト",
        "ヒカリソフト",
        "460-0008",
        "愛知県名古屋市中区栄四丁目5番6号",
        Client.State.LEAD,
        "",
        "",
    ),
    (
        "040001120005",
        "有限会社さくら出版",
        "サクラシュッパン",
        "980-0021",
        "宮城県仙台市青葉区中央二丁目7番8号",
        Client.State.SCREENING,
        "",
        "",
    ),
    (
        "060001120006",
        "株式会社ノースウェーブ",
        "ノースウェーブ",
        "060-0001",
        "北海道札幌市中央区北一条西四丁目2番",
        Client.State.SUSPENDED,
        "",
        "",
    ),
    (
        "070001120007",
        "株式会社グレイリンク",
        "グレイリンク",
        "810-0001",
        "福岡県福岡市中央区天神一丁目9番9号",
        Client.State.DECLINED,
        "",
        "",
    ),
]


def _onboard(client: Client, target: str, by) -> Client:
    """Walk a new lead through the services to ``target``, as sales would."""
    if target == Client.State.LEAD:
        return client

    def check(kind, result, note):
        services.client_record_check(
            client=client, kind=kind, result=result, note=note, by=by
        )

    client = services.client_start_screening(client=client, by=by)
    check("antisocial", CheckResult.PASSED, "日経テレコン・社内DB照会: 該当なし")
    if target == Client.State.SCREENING:
        return client
    if target == Client.State.DECLINED:
        check("credit", CheckResult.FAILED, "信用調査会社の評点が社内基準を下回る")
        return services.client_decline(
            client=client, by=by, reason="与信審査の結果、取引を見送り"
        )
    check("credit", CheckResult.PASSED, "信用調査会社の評点 62")
    client = services.client_activate(client=client, by=by)
    if target == Client.State.SUSPENDED:
        client = services.client_suspend(
            client=client, by=by, reason="請求書2か月分が未入金のため"
        )
    return client


def _agreement(client: Client, by) -> None:
    if client.agreements.exists():
        return
    services.master_agreement_create(
        client=client,
        signed_on=datetime.date(2026, 4, 1),
        # The demo client's contact signs as what they are (their department),
        # not as the company's representative director.
        counter_signatory_name=client.billing_contact_name,
        counter_signatory_title=client.billing_contact_department or "契約担当者",
        operator_signatory_name="佐藤 健太",
        operator_signatory_title="営業部長",
        terms=default_terms(),
        by=by,
    )


def seed(*, stdout) -> None:
    User = get_user_model()
    sales = User.objects.get(username="sales")
    made = 0
    for base, name, kana, postal, address, state, watch, login in DEMO_CLIENTS:
        number = with_check_digit(base)
        client = Client.objects.filter(corporate_number=number).first()
        if client is None:
            made += 1
            client = services.client_create(
                by=sales,
                legal_name=name,
                legal_name_kana=kana,
                corporate_number=number,
                registration_number=f"T{number}",
                postal_code=postal,
                address=address,
                billing_contact_name="経理 花子",
                billing_contact_email=f"billing-{base[-4:]}@example.jp",
                billing_contact_department="経理部",
            )
            client = _onboard(client, state, sales)
            if watch:
                services.client_watchlist(
                    client=client, flag=True, reason=watch, by=sales
                )
        if client.state in (Client.State.ACTIVE, Client.State.SUSPENDED):
            _agreement(client, sales)
        if login:
            user = User.objects.get(username=login)
            if not ClientContact.objects.filter(user=user).exists():
                services.contact_link(
                    client=client,
                    user=user,
                    name=user.display_name,
                    email=user.email,
                    department="マーケティング部",
                    by=sales,
                )
    stdout.write(f"  clients: {len(DEMO_CLIENTS)} companies ({made} new)")
