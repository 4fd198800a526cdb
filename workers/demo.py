"""Demo workers: profiles, skills, bank accounts, tests, track records, levels.

Safe to run again: rows are found by natural keys (user, skill, subtask and
message references) and the certification recompute writes a decision only
when a status changes.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from enterprise.models import Skill, WorkCategory

from . import services
from .models import (
    BankAccount,
    Certification,
    CertificationCriteria,
    CertificationLevel,
    Incident,
    ResponseRecord,
    SkillTest,
    SkillTestAttempt,
    SkillTestQuestion,
    WorkerProfile,
    WorkerSkill,
    WorkRecord,
)
from .services.records import category_stats_rebuild

# username: profile fields, skills {code: (level, verified)}, bank account
PEOPLE = {
    "veteran": {
        "profile": {"legal_name": "伊藤 直樹", "legal_name_kana": "イトウ ナオキ",
                    "display_name": "伊藤 直樹", "capacity": 5,
                    "registration_number": "T9010401012345"},
        "skills": {"article": (5, True), "copywriting": (5, False),
                   "logo": (5, True), "illustration": (4, False)},
        "bank": ("0005", "001", 1, "3456789", "イトウ ナオキ"),
    },
    "worker1": {
        "profile": {"legal_name": "小林 翔", "legal_name_kana": "コバヤシ ショウ",
                    "display_name": "小林 翔"},
        "skills": {"article": (4, True), "proofreading": (3, False)},
        "bank": ("0001", "001", 1, "1234567", "コバヤシ ショウ"),
    },
    "worker2": {
        "profile": {"legal_name": "加藤 陽菜", "legal_name_kana": "カトウ ヒナ",
                    "display_name": "加藤 陽菜", "capacity": 4},
        "skills": {"banner": (4, False), "homepage": (3, False),
                   "ui-design": (4, False)},
        "bank": ("0009", "001", 1, "7654321", "カトウ ヒナ"),
    },
    "worker3": {
        "profile": {"legal_name": "吉田 蓮", "legal_name_kana": "ヨシダ レン",
                    "display_name": "吉田 蓮"},
        "skills": {"web-frontend": (4, True), "web-backend": (3, False)},
        "bank": ("0005", "002", 1, "12345", "ヨシダ レン"),
    },
    "worker4": {
        "profile": {"legal_name": "山田 結衣", "legal_name_kana": "ヤマダ ユイ",
                    "display_name": "山田 結衣", "capacity": 6},
        "skills": {"data-entry": (5, True), "transcription": (4, False)},
        "bank": ("9900", "008", 1, "2345678", "ヤマダ ユイ"),
    },
    "worker5": {
        "profile": {"legal_name": "佐々木 大和", "legal_name_kana": "ササキ ヤマト",
                    "display_name": "佐々木 大和", "availability": "away"},
        "skills": {"video-editing": (4, False), "photo-retouch": (3, False)},
        "bank": ("0001", "100", 1, "3333333", "ササキ ヤマト"),
    },
    "worker6": {
        "profile": {"legal_name": "山口 葵", "legal_name_kana": "ヤマグチ アオイ",
                    "display_name": "山口 葵"},
        "skills": {"illustration": (4, False), "character": (4, False)},
        "bank": ("0033", "001", 1, "4444444", "ヤマグチ アオイ"),
    },
    "worker7": {
        "profile": {"kind": "corporation", "legal_name": "合同会社マツモトシステム",
                    "legal_name_kana": "マツモトシステム",
                    "display_name": "マツモトシステム（松本 湊）",
                    "registration_number": "T9234567890123", "capacity": 4,
                    "availability": "busy"},
        "skills": {"server-setup": (4, False), "business-system": (3, False)},
        "bank": ("0010", "100", 2, "5555555", "ド)マツモトシステム"),
    },
    "worker8": {
        "profile": {"legal_name": "井上 凛", "legal_name_kana": "イノウエ リン",
                    "display_name": "井上 凛"},
        "skills": {"article": (3, False), "translation": (4, False)},
        "bank": ("0009", "001", 4, "6666666", "イノウエ リン"),
    },
    "worker9": {
        "profile": {"legal_name": "木村 悠真", "legal_name_kana": "キムラ ユウマ",
                    "display_name": "木村 悠真", "capacity": 2},
        "skills": {"mobile-app": (3, False), "web-frontend": (3, False)},
        "bank": ("0001", "001", 1, "7777777", "キムラ ユウマ"),
    },
    "worker10": {
        "profile": {"legal_name": "林 芽依", "legal_name_kana": "ハヤシ メイ",
                    "display_name": "林 芽依"},
        "skills": {"print-design": (4, False), "logo": (3, False)},
        "bank": ("0005", "001", 1, "8888888", "ハヤシ メイ"),
    },
    "worker11": {
        "profile": {"legal_name": "斎藤 蒼", "legal_name_kana": "サイトウ アオイ",
                    "display_name": "斎藤 蒼"},
        "skills": {"data-collection": (3, False), "data-entry": (3, False)},
        "bank": ("0001", "100", 1, "9999999", "サイトウ アオイ"),
    },
    "worker12": {
        "profile": {"legal_name": "清水 咲良", "legal_name_kana": "シミズ サクラ",
                    "display_name": "清水 咲良"},
        "skills": {"copywriting": (4, False), "naming": (5, False)},
        "bank": ("0009", "001", 1, "1111111", "シミズ サクラ"),
    },
}  # fmt: skip

# username: [(category code, approved, first pass, ratings, rejected)]
HISTORIES = {
    "veteran": [
        ("writing", 24, 20, [5] * 20 + [4] * 4, 1),
        ("design", 22, 19, [5] * 19 + [4] * 3, 0),
    ],
    "worker1": [("writing", 10, 8, [5] * 6 + [4] * 4, 1)],
    "worker2": [("web-design", 8, 7, [5] * 5 + [4] * 3, 0)],
    "worker3": [("web-development", 8, 6, [5] * 6 + [4] * 2, 0)],
    "worker4": [("tasks", 15, 15, [5] * 12 + [4] * 3, 1)],
    "worker6": [("design", 3, 3, [5, 4, 5], 0)],
    "worker8": [("writing", 6, 3, [4, 4, 5, 4, 4, 4], 1)],
    "worker10": [("design", 5, 4, [5, 5, 4, 4, 5], 0)],
}

TESTS = [
    (
        "article",
        "記事作成 基礎テスト",
        "ウェブ記事の表記と構成に関する基礎知識を確認します。",
        [
            (
                "「〜すること」が続く文を読みやすくするには？",
                ["箇条書きにする", "読点を増やす", "漢字を増やす"],
                0,
            ),
            (
                "見出しの付け方として適切なものはどれですか。",
                [
                    "本文の内容を要約する",
                    "本文と無関係な語を入れる",
                    "毎回同じ見出しにする",
                ],
                0,
            ),
            (
                "他サイトの文章を引用するときに必要なことは？",
                [
                    "引用元を明記し、引用部分を区別する",
                    "言い回しを少し変える",
                    "何もしない",
                ],
                0,
            ),
            (
                "「全然大丈夫」を書き言葉で整えると？",
                ["まったく問題ありません", "全然問題ありません", "ぜんぜん大丈夫"],
                0,
            ),
            (
                "納品前に必ず行うことはどれですか。",
                [
                    "誤字脱字と表記揺れの確認",
                    "文字数を水増しする",
                    "画像を無断で追加する",
                ],
                0,
            ),
        ],
    ),
    (
        "logo",
        "ロゴ作成 基礎テスト",
        "ロゴ制作の納品形式と権利に関する基礎知識を確認します。",
        [
            (
                "拡大しても劣化しない納品形式はどれですか。",
                ["PNG", "JPEG", "SVG（ベクター形式）"],
                2,
            ),
            (
                "ロゴの最小使用サイズを決める目的は？",
                ["小さくしても判読できるようにする", "印刷代を下げる", "色数を増やす"],
                0,
            ),
            (
                "既存のフォントをロゴに使うとき確認すべきことは？",
                ["フォントのライセンス", "フォントの作者の年齢", "特にない"],
                0,
            ),
            (
                "モノクロ版を用意する理由として適切なのは？",
                [
                    "一色刷りやFAXでも使えるようにする",
                    "データ容量を増やす",
                    "色を決めずに済む",
                ],
                0,
            ),
        ],
    ),
    (
        "data-entry",
        "データ入力 基礎テスト",
        "データ入力の正確さに関わるルールを確認します。",
        [
            (
                "「０３−１２３４−５６７８」を半角に統一すると？",
                ["03-1234-5678", "０３-1234-5678", "0312345678"],
                0,
            ),
            (
                "判読できない文字があったときの対応は？",
                [
                    "推測で入力せず、指示に従って報告する",
                    "似た文字を入れる",
                    "空欄のまま黙って納品する",
                ],
                0,
            ),
            (
                "個人情報を含むデータの扱いとして正しいのは？",
                [
                    "作業後は指示どおり削除する",
                    "自分のPCに保管し続ける",
                    "知人に共有する",
                ],
                0,
            ),
        ],
    ),
    (
        "web-frontend",
        "フロントエンド開発 基礎テスト",
        "HTML・CSS・JavaScript の基礎を確認します。",
        [
            ("画像の代替テキストを指定する属性は？", ["alt", "title", "src"], 0),
            (
                "スマートフォン表示に対応するために使うCSSの仕組みは？",
                ["メディアクエリ", "!important", "インラインスタイル"],
                0,
            ),
            (
                "フォーム送信前の入力チェックで、最終的に必ず必要なのは？",
                ["サーバー側での検証", "ブラウザ側の検証だけ", "検証しない"],
                0,
            ),
        ],
    ),
]


def _users():
    User = get_user_model()
    return {u.username: u for u in User.objects.filter(username__in=list(PEOPLE))}


def _profile(user, spec, today):
    fields = {
        "kind": "individual",
        "registration_number": "",
        "capacity": 3,
        "availability": "available",
        "away_until": None,
    } | spec["profile"]
    if fields["availability"] == "away":
        fields["away_until"] = today + timedelta(days=14)
    profile, _created = WorkerProfile.objects.update_or_create(
        user=user, defaults=fields
    )
    for code, (level, _verified) in spec["skills"].items():
        WorkerSkill.objects.update_or_create(
            profile=profile,
            skill=Skill.objects.get(code=code),
            defaults={"self_level": level},
        )
    bank, branch, kind, number, holder = spec["bank"]
    BankAccount.objects.update_or_create(
        profile=profile,
        defaults=services.bank_details(
            bank_code=bank,
            branch_code=branch,
            account_type=kind,
            account_number=number,
            holder_name=holder,
        ),
    )
    return profile


def _tests(now):
    tests = {}
    for code, title, description, questions in TESTS:
        test, _created = SkillTest.objects.update_or_create(
            skill=Skill.objects.get(code=code),
            title=title,
            defaults={"description": description, "pass_mark": 80},
        )
        for order, (text, choices, correct) in enumerate(questions, start=1):
            SkillTestQuestion.objects.update_or_create(
                test=test,
                order=order,
                defaults={"text": text, "choices": choices, "correct_index": correct},
            )
        tests[code] = test
    return tests


# The entry level: a newcomer who passed the category's skill test and whose
# identity was approved may be offered work there before any track record.
ENTRY_LEVEL = ("entry", "エントリー認定", "Entry certified", 0)
ENTRY_CATEGORY_SKILL = "data-entry"


def entry_level():
    """The entry level (ranked below certified) and its criteria, only in the
    category of the data entry skill: idempotent."""
    code, name, name_en, rank = ENTRY_LEVEL
    level, _created = CertificationLevel.objects.get_or_create(
        code=code,
        defaults={"name": name, "name_en": name_en, "rank": rank, "sort_order": rank},
    )
    category = Skill.objects.get(code=ENTRY_CATEGORY_SKILL).category
    CertificationCriteria.objects.get_or_create(
        level=level,
        category=category,
        defaults={"requires_passed_skill_test": True, "requires_identity_check": True},
    )
    return level, category


def _pass_test(profile, skill_code, tests, now):
    """A passed attempt (taken once) for the skills the demo marks verified."""
    test = tests.get(skill_code)
    if test is None:
        return
    attempt = SkillTestAttempt.objects.filter(profile=profile, test=test).first()
    if attempt is None:
        correct = [q.correct_index for q in test.questions.all()]
        attempt = SkillTestAttempt.objects.create(
            profile=profile,
            test=test,
            answers=correct,
            score=100,
            passed=True,
            taken_at=now - timedelta(days=120),
        )
    WorkerSkill.objects.filter(profile=profile, skill=test.skill).update(
        verified=True, verified_at=attempt.taken_at
    )


def _history(user, category, row, now):
    _code, approved, first_pass, ratings, rejected = row
    prefix = f"demo:{user.username}:{category.code}"
    for n in range(approved + rejected):
        is_approved = n < approved
        done = now - timedelta(days=3 + n * 6)
        WorkRecord.objects.update_or_create(
            worker=user,
            subtask_ref=f"{prefix}:{n + 1}",
            defaults={
                "category": category,
                "outcome": "approved" if is_approved else "rejected",
                "revisions": 0 if n < first_pass else 1,
                "rating": ratings[n] if is_approved else None,
                "due_at": done + timedelta(days=1),
                "submitted_at": done - timedelta(hours=5),
                "completed_at": done,
            },
        )
        # A question during each subtask, answered within a few hours.
        ResponseRecord.objects.update_or_create(
            worker=user,
            message_ref=f"{prefix}:message:{n + 1}",
            defaults={
                "asked_at": done - timedelta(days=2),
                "answered_at": done - timedelta(days=2) + timedelta(hours=2 + n % 5),
            },
        )
    category_stats_rebuild(worker=user, category=category)


def _incident(worker3, now):
    """worker3 was certified, then ran late: the level is on probation."""
    web = WorkCategory.objects.get(code="web-development")
    if not Certification.objects.filter(worker=worker3, category=web).exists():
        # Measured before the incident, the record earned the level.
        services.certification_recompute(
            worker=worker3, category=web, as_of=now - timedelta(days=21)
        )
    Incident.objects.get_or_create(
        worker=worker3,
        subtask_ref="demo:worker3:late-1",
        defaults={
            "kind": Incident.Kind.OVERDUE,
            "engagement_ref": "demo:engagement-lp",
            "description": (
                "LPのコーディングが納期を2日過ぎ、その間連絡がありませんでした。"
            ),
            "occurred_at": now - timedelta(days=20),
            "resolution": (
                "本人と面談し、遅れそうなときは前日までに連絡する約束をしました。"
            ),
            "resolved_at": now - timedelta(days=18),
        },
    )


def seed(*, stdout) -> None:
    now = timezone.now()
    today = timezone.localdate(now)
    users = _users()
    tests = _tests(now)
    entry_level()
    for username, spec in PEOPLE.items():
        user = users.get(username)
        if user is None:
            continue
        profile = _profile(user, spec, today)
        for code, (_level, verified) in spec["skills"].items():
            if verified:
                _pass_test(profile, code, tests, now)
        for row in HISTORIES.get(username, []):
            _history(user, WorkCategory.objects.get(code=row[0]), row, now)
    WorkerProfile.objects.filter(user__username="worker11").update(active_assignments=2)
    if "worker3" in users:
        _incident(users["worker3"], now)
    for user in users.values():
        services.certification_recompute_worker(worker=user, as_of=now)
    from .demo_signup import seed as seed_signup

    seed_signup(now=now, stdout=stdout)
    held = Certification.objects.exclude(status="revoked").count()
    stdout.write(
        f"  workers: {len(users)} profiles, {len(tests)} skill tests, "
        f"{held} certifications"
    )
