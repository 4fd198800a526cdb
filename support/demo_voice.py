"""Demo data of the client's voice: help articles for each audience and a
few delivery ratings. Safe to run again: articles are matched by title, and
a delivery already rated is left as it is."""

from clients.models import ClientContact
from engagements.models import Delivery

from . import ratings
from .models import DeliveryRating, FaqArticle

A = FaqArticle.Audience
ARTICLES = [
    (
        A.CLIENT,
        10,
        "見積はどのくらいで届きますか",
        "ご依頼内容を確認後、"
        "通常2営業日以内に見積書をポータルでお送りします。"
        "お急ぎの場合は「お問い合わせ」からお知らせください。",
    ),
    (
        A.CLIENT,
        20,
        "納品物の修正を依頼したい",
        "納品後、ポータルの案件ページで「修正を依頼」を選び、"
        "修正内容をご記入ください。"
        "注文時に合意した回数まで追加費用はかかりません。",
    ),
    (
        A.CLIENT,
        30,
        "請求書の宛名や送付先を変更したい",
        "適格請求書は発行後に変更できないため、"
        "訂正が必要な場合は返還請求書（クレジットノート）を発行のうえ再発行します。"
        "お問い合わせからご連絡ください。",
    ),
    (
        A.CLIENT,
        40,
        "検収の期限を過ぎるとどうなりますか",
        "納品から所定の営業日を過ぎると自動で検収済みになります。"
        "期限内に修正依頼をいただければ検収は保留されます。",
    ),
    (
        A.WORKER,
        10,
        "支払通知書の金額に異議があるとき",
        "支払通知書の受領から7日以内に、"
        "通知書ページの「異議を申し立てる」からお問い合わせください。"
        "担当者が確認し、必要に応じて支払を保留・訂正します。",
    ),
    (
        A.WORKER,
        20,
        "報酬はいつ支払われますか",
        "月末締め・翌月末払いです。源泉徴収の対象となる業務では、"
        "所得税及び復興特別所得税を差し引いてお支払いします。",
    ),
    (
        A.WORKER,
        30,
        "振込先口座を変更したい",
        "マイページの「口座情報」から変更できます。"
        "締め日より後の変更は翌回の支払から反映されます。",
    ),
    (
        A.WORKER,
        40,
        "修正依頼が何度も来るとき",
        "発注書に記載の修正回数を超える依頼はディレクターがエスカレーションします。"
        "納得できない場合はお問い合わせからご相談ください。",
    ),
    (
        A.STAFF,
        10,
        "紛争の結果を適用する手順",
        "チケットを紛争に切り替え、"
        "双方の主張と証拠を記録してから結果を選びます。"
        "返還請求書や支払保留の解除は各サービスが行い、"
        "書類を直接編集することはありません。",
    ),
    (
        A.STAFF,
        20,
        "SLAの期限の数え方",
        "初回応答と解決の目標はカテゴリごとに営業時間で数えます。"
        "土日・祝日・年末年始は含みません。",
    ),
]
RATINGS = [
    (5, "迅速かつ丁寧な対応でした。"),
    (4, "品質は満足です。納期がもう少し早いと助かります。"),
    (2, "表記ゆれが多く、修正に時間がかかりました。"),
]


def seed(*, stdout) -> None:
    for audience, position, title, body in ARTICLES:
        FaqArticle.objects.update_or_create(
            audience=audience,
            title=title,
            defaults={"body": body, "position": position, "published": True},
        )
    rated = _rate_deliveries()
    stdout.write(f"  help centre: {len(ARTICLES)} articles; delivery ratings: {rated}")


def _rate_deliveries() -> int:
    """Rate the first few demo deliveries (by id), each by its company's first
    contact; the same deliveries every run, so a second run adds nothing."""
    deliveries = Delivery.objects.select_related("engagement").order_by("pk")
    for delivery, (score, comment) in zip(
        deliveries[: len(RATINGS)], RATINGS, strict=False
    ):
        if DeliveryRating.objects.filter(delivery=delivery).exists():
            continue
        contact = (
            ClientContact.objects.filter(client_id=delivery.engagement.client_id)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if contact is None or contact.user is None:
            continue
        ratings.delivery_rate(
            delivery=delivery, rating=score, comment=comment, by=contact.user
        )
    return DeliveryRating.objects.count()
