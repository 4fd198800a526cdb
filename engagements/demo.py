"""Demo engagements in every state, made through the services as people would.

Runs after the clients and workers demos (seed_demo, INSTALLED_APPS order):
client-a and client-b are contacts of two active companies, worker1..12 have
profiles. The catalogue, screening keywords and review checklists are brought
up to date on every run; the engagements are made once (the first one's
title is the marker), since their state machines cannot be walked twice.
The completed engagements of last month have their dates moved back so the
month close and the payouts have work to show.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from clients.models import ClientContact
from enterprise.models import Skill, WorkCategory

from . import demo_formats
from .models import (
    Assignment,
    CatalogueItem,
    ChecklistItem,
    Delivery,
    Engagement,
    Review,
    ScreeningKeyword,
    Submission,
)
from .services import assignment, decomposition, delivery, intake, quotes, work
from .services.quotes import LineInput

# (category code, name, unit, unit price in yen before tax, description)
CATALOGUE = [
    ("writing", "記事作成 2,000字", "本", 19_800, "構成案・見出し付き、コピペ確認済み"),
    ("writing", "商品説明文 300字", "本", 3_300, "EC サイト向けの商品紹介文"),
    ("writing", "キャッチコピー作成", "式", 33_000, "案10本から3本に絞ってご提案"),
    ("web-design", "バナー制作（静止画）", "点", 16_500, "1サイズ、修正2回まで"),
    ("web-design", "ランディングページ制作", "式", 330_000, "デザインとコーディング"),
    ("design", "ロゴデザイン", "式", 55_555, "3案ご提案、AI・PNG・SVG で納品"),
    ("design", "名刺デザイン", "式", 11_000, "両面、印刷用データ"),
    ("design", "イラスト作成", "点", 22_000, "カラー、商用利用可"),
    ("web-development", "コーポレートサイト構築（5ページ）", "式", 440_000, ""),
    ("system-development", "サーバー構築", "式", 165_000, "手順書付き"),
    ("image-video", "動画編集（3分まで）", "本", 27_500, "テロップ・BGM 込み"),
    ("image-video", "写真レタッチ", "枚", 1_650, ""),
    ("tasks", "データ入力", "件", 55, "ダブルチェック込み"),
    ("tasks", "テープ起こし（60分）", "本", 11_000, "ケバ取り"),
    ("other", "現地撮影", "件", 8_800, "スマートフォンでの撮影・送付"),
]  # fmt: skip

# (phrase, why it is risky): seed report §10.3, malicious requests.
SCREENING_KEYWORDS = [
    ("個人情報", "個人情報の収集・取扱いを伴う可能性"),
    ("名簿", "名簿の作成・売買に使われる可能性"),
    ("アフィリエイト", "誘導目的の記事の大量作成"),
    ("リスト販売", "連絡先リストの売買"),
    ("口コミ投稿", "やらせレビュー・ステルスマーケティング"),
    ("なりすまし", "第三者へのなりすまし"),
    ("情報商材", "高額な情報商材の宣伝"),
]

CHECKLISTS = {
    "writing": [
        "指定文字数を満たしている",
        "構成案・見出しに沿っている",
        "表記ルールに沿い、誤字脱字がない",
        "コピペ率が10%未満である",
    ],
    "web-design": [
        "指定サイズ（px）・容量に収まっている",
        "文字に誤りがない",
        "素材・フォントのライセンスが確認できる",
    ],
    "design": [
        "指定の形式（AI・PNG・SVG）がそろっている",
        "小さいサイズ・モノクロでも判読できる",
        "素材・フォントのライセンスが確認できる",
    ],
    "web-development": [
        "指定ブラウザで表示が崩れない",
        "ソースコード一式が納品されている",
        "テスト結果が添付されている",
    ],
    "system-development": ["構築手順書が添付されている", "不要なポートが閉じている"],
    "image-video": ["指定の解像度・形式である", "尺が指定どおりである"],
    "tasks": ["抜き取り検査で誤りがない", "指定のフォーマットである"],
    "other": ["指示どおりの対象・枚数である", "位置情報などの個人情報が消されている"],
}

# The skill a demo subtask requires, by its engagement's category, so the
# director's assignment panel ranks the demo workers who hold it.
SKILL_FOR_CATEGORY = {
    "writing": "article",
    "web-design": "banner",
    "design": "illustration",
    "web-development": "web-frontend",
    "system-development": "server-setup",
    "image-video": "video-editing",
    "tasks": "data-entry",
    "other": "field-photo",
}

MARKER = "採用サイトのリニューアル"
IP = "203.0.113.10"


def seed(*, stdout) -> None:
    _reference_data()
    if Engagement.objects.filter(title=MARKER).exists():
        stdout.write("  engagements: already there")
    else:
        _Demo().build()
        stdout.write(
            f"  engagements: {Engagement.objects.count()} in every state, "
            f"{len(CATALOGUE)} standard packages, {len(SCREENING_KEYWORDS)} keywords"
        )
    demo_formats.seed(stdout=stdout)  # a competition and a task batch at work


def _reference_data() -> None:
    categories = {c.code: c for c in WorkCategory.objects.all()}
    for code, name, unit, price, description in CATALOGUE:
        CatalogueItem.objects.update_or_create(
            category=categories[code],
            name=name,
            defaults={"unit": unit, "unit_price": price, "description": description},
        )
    for phrase, reason in SCREENING_KEYWORDS:
        ScreeningKeyword.objects.update_or_create(
            phrase=phrase, defaults={"reason": reason}
        )
    for code, texts in CHECKLISTS.items():
        for position, text in enumerate(texts):
            ChecklistItem.objects.update_or_create(
                category=categories[code], text=text, defaults={"position": position}
            )


def _file(name: str, body: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body.encode(), content_type="text/plain")


class _Demo:
    """The people and the steps; each engagement is one short method."""

    def __init__(self):
        users = {u.username: u for u in get_user_model().objects.all()}
        self.u = users
        self.sales, self.director = users["sales"], users["director"]
        contacts = ClientContact.objects.select_related("client", "user")
        by_login = {c.user.username: c for c in contacts}
        self.a, self.b = by_login["client-a"], by_login["client-b"]
        self.categories = {c.code: c for c in WorkCategory.objects.all()}
        self.skills = {s.code: s for s in Skill.objects.all()}
        self.today = timezone.localdate()

    # --- steps --------------------------------------------------------------

    def create(self, contact, title, code, budget, days=30, **form):
        form.setdefault("purpose", "自社サービスの認知向上と問い合わせ増加")
        form.setdefault("deliverables", "下記の成果物一式")
        form.setdefault("acceptance_criteria", "発注時の指示書どおりであること")
        return intake.engagement_create(
            client=contact.client,
            by=self.sales,
            title=title,
            category=self.categories[code],
            deadline=self.today + datetime.timedelta(days=days),
            budget=budget,
            **form,
        )

    def quote(self, engagement, lines, send=True):
        intake.engagement_submit_for_quote(engagement=engagement, by=self.sales)
        quote = quotes.quote_save(
            engagement=engagement,
            by=self.sales,
            lines=[LineInput(d, Decimal(q), u, p) for d, q, u, p in lines],
            valid_until=self.today + datetime.timedelta(days=14),
            notes="納期は上記の日付です。有効期限を過ぎてご発注いただく場合は、納期を改めてご相談します。",
        )
        return quotes.quote_send(quote=quote, by=self.sales) if send else quote

    def contract(self, contact, title, code, lines, director=None, **form):
        budget = sum(int(Decimal(q) * p) for _d, q, _u, p in lines)
        engagement = self.create(contact, title, code, budget, **form)
        quote = self.quote(engagement, lines)
        quotes.quote_accept(quote=quote, by=contact.user, ip=IP)
        decomposition.engagement_assign_director(
            engagement=engagement, director=director or self.director, by=self.sales
        )
        return engagement

    def plan(self, engagement, subtasks, skill=None):
        """Start planning and add (title, reward, days to due, instructions,
        spec) subtasks; returns them."""
        engagement.refresh_from_db()
        director = engagement.director
        decomposition.engagement_start_planning(engagement=engagement, by=director)
        return [self.subtask(engagement, *spec, skill=skill) for spec in subtasks]

    def subtask(self, engagement, title, reward, days, instructions, spec, skill=None):
        code = skill or SKILL_FOR_CATEGORY[engagement.category.code]
        return decomposition.subtask_create(
            engagement=engagement,
            by=engagement.director,
            title=title,
            instructions=instructions,
            deliverable_spec=spec,
            reward=reward,
            due_at=demo_formats.due_in(days),
            required_skill=self.skills[code],
        )

    def hand(self, subtask, worker):
        offer = self.offer(subtask, worker)
        assignment.offer_accept(offer=offer, by=self.u[worker])
        subtask.refresh_from_db()
        return subtask

    def offer(self, subtask, worker):
        return assignment.subtask_offer(
            subtask=subtask, worker=self.u[worker], by=subtask.engagement.director
        )

    def submit(self, subtask, note, name="deliverable.txt", body="成果物です。"):
        return work.submission_create(
            subtask=subtask,
            by=subtask.assignee,
            note=note,
            files=[_file(name, body)],
        )

    def approve(self, subtask, rating, note="納品します。"):
        submission = self.submit(subtask, note)
        items = ChecklistItem.objects.filter(category=subtask.engagement.category)
        work.review_approve(
            submission=submission,
            by=subtask.engagement.director,
            rating=rating,
            checklist={item.text: True for item in items},
        )

    def deliver(self, engagement, accept_by=None):
        engagement.refresh_from_db()
        delivery.engagement_deliver(
            engagement=engagement,
            by=engagement.director,
            note="全成果物を検品のうえ納品いたします。ご確認をお願いいたします。",
        )
        if accept_by is not None:
            delivery.delivery_accept(engagement=engagement, by=accept_by.user)

    # --- the engagements ----------------------------------------------------

    def build(self) -> None:
        self.draft()
        self.screening()
        self.quoting()
        self.quoted()
        self.declined()
        self.contracted()
        article = ("記事作成 2,000字", "本", 19_800)
        self.completed(
            self.a,
            "メールマガジン記事 4本",
            "writing",
            (4, *article),
            "worker1",
            parts=2,
            days_ago=40,
        )
        self.completed(
            self.b,
            "プレスリリース作成 3本",
            "writing",
            (3, *article),
            "worker8",
            parts=1,
            days_ago=35,
        )
        self.completed(
            self.b,
            "店舗用ロゴデザイン",
            "design",
            (1, "ロゴデザイン", "式", 55_555),
            "worker10",
            parts=1,
            skill="logo",
        )
        self.delivered()
        self.planning()
        self.in_progress()
        self.cancelled()

    def draft(self):
        self.create(
            self.a, MARKER, "web-design", 600_000, days=60,
            purpose="新卒採用の応募数を増やすため、採用サイトを刷新したい",
            deliverables="トップページと募集要項ページのデザイン（PC・スマートフォン）",
            acceptance_criteria="社内の採用担当者による確認で、ブランドガイドに沿っていること",
        )  # fmt: skip

    def screening(self):
        engagement = self.create(
            self.b, "展示会来場者リストの整理", "tasks", 80_000,
            purpose="展示会で集めた名刺を営業リストにしたい",
            deliverables="来場者の名簿（氏名・会社名・電話番号）の Excel",
            acceptance_criteria="入力ミスがないこと",
        )  # fmt: skip
        intake.engagement_submit_for_quote(engagement=engagement, by=self.sales)

    def quoting(self):
        engagement = self.create(
            self.a, "EC サイトの商品説明文 30本", "writing", 99_000,
            deliverables="商品ごとの説明文（300字）30本",
            acceptance_criteria="指定キーワードを含み、薬機法に触れる表現がないこと",
        )  # fmt: skip
        self.quote(engagement, [("商品説明文 300字", "30", "本", 3_300)], send=False)

    def quoted(self):
        engagement = self.create(
            self.a, "オウンドメディア記事 10本", "writing", 198_000,
            deliverables="2,000字の記事10本（Word形式）",
            acceptance_criteria="表記ルールに沿っていること、コピペ率10%未満",
        )  # fmt: skip
        self.quote(engagement, [("記事作成 2,000字", "10", "本", 19_800)])

    def declined(self):
        engagement = self.create(
            self.b, "会社案内パンフレットのデザイン", "design", 150_000,
            deliverables="A4 三つ折りパンフレットの印刷用データ",
        )  # fmt: skip
        quote = self.quote(engagement, [("パンフレットデザイン", "1", "式", 165_000)])
        quotes.quote_decline(
            quote=quote, by=self.b.user, reason="予算の都合により、今回は見送ります。"
        )

    def contracted(self):
        self.contract(
            self.b, "新サービスのロゴデザイン", "design",
            [("ロゴデザイン", "1", "式", 55_555)], director=self.u["veteran"],
            deliverables="ロゴ（カラー・モノクロ）の AI・PNG・SVG データ",
        )  # fmt: skip

    def completed(
        self, contact, title, code, line, worker, parts=None, days_ago=0, skill=None
    ):
        """Contracted, split into ``parts`` subtasks (one per unit by default),
        all done by ``worker``, delivered and accepted by the client."""
        quantity, name, unit, price = line
        engagement = self.contract(
            contact, title, code, [(name, str(quantity), unit, price)]
        )
        parts = parts or quantity
        reward = price * quantity * 6 // 10 // parts  # 60% of the price
        subtasks = self.plan(
            engagement,
            [
                (f"{title}（{n}/{parts}）", reward, 7,
                 "指示書に沿って作成してください。", "Word 形式で提出")
                for n in range(1, parts + 1)
            ],
            skill=skill,
        )  # fmt: skip
        for n, subtask in enumerate(subtasks):
            self.approve(self.hand(subtask, worker), rating=5 - n % 2)
        self.deliver(engagement, accept_by=contact)
        if days_ago:
            move_back(engagement, datetime.timedelta(days=days_ago))

    def delivered(self):
        engagement = self.contract(
            self.a, "コーポレートサイト用イラスト 3点", "design",
            [("イラスト作成", "3", "点", 22_000)],
        )  # fmt: skip
        subtasks = self.plan(
            engagement,
            [
                ("トップページ用イラスト", 15_000, 5, "社員が働く様子を明るい色調で",
                 "PNG 1920×1080"),
                ("採用ページ用イラスト 2点", 24_000, 5, "若手社員2名の人物イラスト",
                 "PNG 各1200×800"),
            ],
        )  # fmt: skip
        for subtask in subtasks:
            self.approve(self.hand(subtask, "worker6"), rating=5)
        self.deliver(engagement)

    def planning(self):
        engagement = self.contract(
            self.a, "キャンペーン用バナー 5点", "web-design",
            [("バナー制作（静止画）", "5", "点", 16_500)],
        )  # fmt: skip
        banner, rest = self.plan(
            engagement,
            [
                ("バナー 300×250 2点", 18_000, 6, "年末セールの告知。赤を基調に",
                 "PNG・150KB以内"),
                ("バナー 728×90 ほか 3点", 27_000, 8, "同じデザインでサイズ展開",
                 "PNG・150KB以内"),
            ],
        )  # fmt: skip
        self.offer(banner, "worker2")

    def in_progress(self):
        engagement = self.contract(
            self.a, "ブログ記事 月4本（11月分）", "writing",
            [("記事作成 2,000字", "4", "本", 19_800)],
            deliverables="2,000字の記事4本（Word形式）",
            acceptance_criteria="構成案どおり、コピペ率10%未満",
        )  # fmt: skip
        spec = "2,000字・Word形式・見出し3つ以上"
        first, second, third = self.plan(
            engagement,
            [
                ("記事: テレワークの始め方", 12_000, 2, "初心者向けに手順を解説", spec),
                ("記事: オンライン会議のマナー", 12_000, 4, "具体例を3つ以上", spec),
                ("記事: 業務効率化ツール比較", 12_000, 5, "無料ツール5つを比較", spec),
            ],
        )  # fmt: skip
        self.hand(first, "worker1")
        work.message_post(
            subtask=first,
            by=self.u["worker1"],
            body="構成案の3つ目の見出しは、事例紹介に差し替えてもよろしいでしょうか。",
        )
        self.submit(self.hand(second, "worker8"), "初稿です。ご確認をお願いします。")
        submission = self.submit(self.hand(third, "worker1"), "初稿です。")
        work.review_request_revision(
            submission=submission,
            by=self.director,
            reason="比較表に料金の列を追加し、各ツールの無料プランの制限を明記してください。",
            rating=3,
        )
        work.message_post(
            subtask=third,
            by=self.director,
            body="修正の際は、各ツールの公式サイトの最新情報をご確認ください。",
        )
        extra = self.subtask(
            engagement, "記事: 年末の大掃除とデスク整理（追加）", 12_000, 9,
            "読者アンケートの結果を踏まえて", spec,
        )  # fmt: skip
        self.offer(extra, "worker1")

    def cancelled(self):
        engagement = self.contract(
            self.b, "SNS 投稿文の作成 3か月分", "writing",
            [("SNS 投稿文", "90", "本", 1_100)],
        )  # fmt: skip
        self.plan(
            engagement,
            [("12月分の投稿文 30本", 20_000, 10, "週ごとのテーマに沿って", "Excel")],
        )
        delivery.engagement_cancel(
            engagement=engagement,
            by=self.sales,
            reason="クライアントの事業方針の変更により、発注が取り消されました。",
        )


def move_back(engagement: Engagement, delta: datetime.timedelta) -> None:
    """Move a finished engagement's dates back by ``delta`` (demo only), so
    it reads as completed last month: contract, work, delivery, acceptance."""

    def shift(rows, *fields):
        for row in rows:
            for field in fields:
                value = getattr(row, field)
                if value is not None:
                    setattr(row, field, value - delta)
            type(row).objects.filter(pk=row.pk).update(
                **{field: getattr(row, field) for field in fields}
            )

    shift(
        Engagement.objects.filter(pk=engagement.pk),
        *("created_at", "contracted_at", "delivered_at", "completed_at", "deadline"),
    )
    shift(engagement.quotes.all(), "sent_at", "decided_at", "issued_on", "valid_until")
    subtasks = engagement.subtasks.all()
    shift(subtasks, "due_at", "approved_at", "created_at")
    shift(Assignment.objects.filter(subtask__in=subtasks), "accepted_at", "due_at")
    shift(Submission.objects.filter(subtask__in=subtasks), "submitted_at")
    shift(Review.objects.filter(submission__subtask__in=subtasks), "reviewed_at")
    shift(
        Delivery.objects.filter(engagement=engagement),
        "delivered_at",
        "decided_at",
        "accept_by",
    )
