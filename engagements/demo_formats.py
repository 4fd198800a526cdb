"""Demo of the competition and task formats: one running logo competition
and one task batch of 300 shop records, made through the services.

``seed(stdout=...)`` is called by the engagements demo once the clients and
workers demos have run (client-a's company, the certified designers veteran
and worker10, the data-entry workers worker4 and worker11). Safe to run
again: each engagement is found by its title and each step checks what is
already there.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from clients.models import ClientContact
from enterprise.calendar import next_business_day
from enterprise.models import Skill, WorkCategory

from .models import Engagement, Subtask, TaskBatch, TaskUnit
from .services import batch_review, batches, competition, decomposition, intake, quotes
from .services.quotes import LineInput


def due_in(days: int) -> datetime.datetime:
    """A deadline ``days`` from today at 18:00 Tokyo time on a business day,
    as a director would set it (not the minute the demo happened to run)."""
    day = next_business_day(timezone.localdate() + datetime.timedelta(days=days))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(18)))


CONTEST_TITLE = "新ブランドのロゴ（コンペ）"
BATCH_TITLE = "店舗情報の入力 300件（タスク）"
WARDS = ["千代田区", "中央区", "港区", "新宿区", "渋谷区", "品川区", "目黒区", "大田区"]
GOLD_ROWS = {7: ("03-3201-0007", "10:00-19:00"), 77: ("03-3201-0077", "11:00-20:00")}


def seed(*, stdout) -> None:
    users = {u.username: u for u in get_user_model().objects.all()}
    contact = ClientContact.objects.filter(user__username="client-a").first()
    if contact is None or "director" not in users or "sales" not in users:
        stdout.write("  formats: skipped (run the clients and workers demos first)")
        return
    contest = _contest(users, contact)
    batch = _batch(users, contact)
    stdout.write(
        f"  formats: competition with {contest.entries.count()} entries, "
        f"batch of {batch.units.count()} units"
    )


def _engagement(users, contact, title, code, line, **form) -> Engagement:
    """Found by title, or ordered, quoted, accepted and being planned."""
    engagement = Engagement.objects.filter(client=contact.client, title=title).first()
    if engagement is not None:
        return engagement
    sales, director = users["sales"], users["director"]
    today = timezone.localdate()
    description, quantity, unit, price = line
    engagement = intake.engagement_create(
        client=contact.client,
        by=sales,
        title=title,
        category=WorkCategory.objects.get(code=code),
        deadline=today + datetime.timedelta(days=21),
        budget=int(Decimal(quantity) * price),
        **form,
    )
    intake.engagement_submit_for_quote(engagement=engagement, by=sales)
    quote = quotes.quote_save(
        engagement=engagement,
        by=sales,
        lines=[LineInput(description, Decimal(quantity), unit, price)],
        valid_until=today + datetime.timedelta(days=14),
    )
    quote = quotes.quote_send(quote=quote, by=sales)
    quotes.quote_accept(quote=quote, by=contact.user, ip="203.0.113.10")
    decomposition.engagement_assign_director(
        engagement=engagement, director=director, by=sales
    )
    decomposition.engagement_start_planning(engagement=engagement, by=director)
    engagement.refresh_from_db()
    return engagement


def _subtask(engagement, title, work_format, reward, **fields) -> Subtask:
    subtask = engagement.subtasks.filter(title=title).first()
    if subtask is None:
        subtask = decomposition.subtask_create(
            engagement=engagement,
            by=engagement.director,
            title=title,
            reward=reward,
            work_format=work_format,
            due_at=due_in(5),
            **fields,
        )
    return subtask


def _start_work(engagement) -> None:
    engagement.refresh_from_db()
    if engagement.state == Engagement.State.PLANNING:
        decomposition.engagement_start_work(
            engagement=engagement, by=engagement.director
        )


def _contest(users, contact) -> Subtask:
    engagement = _engagement(
        users, contact, CONTEST_TITLE, "design",
        ("ロゴデザイン（コンペ形式）", "1", "式", 88_000),
        purpose="新ブランド「はるかぜ茶房」の立ち上げ",
        deliverables="ロゴ（カラー・モノクロ）の AI・PNG・SVG データ",
        acceptance_criteria="和の雰囲気があり、小さいサイズでも判読できること",
    )  # fmt: skip
    subtask = _subtask(
        engagement, "ブランドロゴ案の募集", "competition", 50_000,
        instructions="和カフェ「はるかぜ茶房」のロゴ案を募集します。"
        "桜と湯気をモチーフに、やわらかい印象で。",
        deliverable_spec="ロゴ案（PNG または SVG）と、コンセプトの説明",
        required_skill=Skill.objects.filter(code="logo").first(),
    )  # fmt: skip
    if not hasattr(subtask, "competition"):
        competition.competition_open(
            subtask=subtask, by=engagement.director, participation_reward=3_000
        )
    _start_work(engagement)
    for n, username in enumerate(["veteran", "worker10"], start=1):
        worker = users.get(username)
        if worker is None or subtask.entries.filter(worker=worker).exists():
            continue
        svg = f'<svg xmlns="http://www.w3.org/2000/svg"><text>案{n}</text></svg>'
        try:
            entry = competition.entry_submit(
                subtask=subtask,
                by=worker,
                note=f"案{n}：桜の花びらを湯気に見立てたデザインです。",
                files=[
                    SimpleUploadedFile(f"logo-{n}.svg", svg.encode(), "image/svg+xml")
                ],
            )
        except (PermissionDenied, ValidationError):
            continue  # not certified in this database: no entry
        competition.entry_shortlist(entry=entry, by=engagement.director)
    return Subtask.objects.get(pk=subtask.pk)


def _shops_csv() -> bytes:
    lines = ["店名,住所,gold:電話番号,gold:営業時間"]
    for n in range(1, 301):
        ward = WARDS[n % len(WARDS)]
        phone, hours = GOLD_ROWS.get(n, ("", ""))
        lines.append(
            f"はるかぜ茶房 {n}号店,東京都{ward}{n % 9 + 1}-{n % 20 + 1},{phone},{hours}"
        )
    return ("\r\n".join(lines) + "\r\n").encode("cp932")


def _batch(users, contact) -> TaskBatch:
    engagement = _engagement(
        users, contact, BATCH_TITLE, "tasks", ("データ入力", "300", "件", 55),
        purpose="店舗一覧の電話番号と営業時間を整えたい",
        deliverables="300店舗分の電話番号・営業時間を入力した CSV",
        acceptance_criteria="抜き取り検査で誤りがないこと",
    )  # fmt: skip
    subtask = _subtask(
        engagement, "店舗の電話番号・営業時間の入力", "task", 9_000,
        instructions="各店舗の公式ページを確認して入力してください。",
        deliverable_spec="入力済みのタスク 300件",
    )  # fmt: skip
    batch = TaskBatch.objects.filter(subtask=subtask).first()
    director = engagement.director
    if batch is None:
        batch = batches.batch_create(
            subtask=subtask, by=director,
            instructions="店舗の公式ページを開き、電話番号（ハイフン付き）と"
            "営業時間（例 10:00-19:00）を入力してください。",
            input_fields=["店名", "住所"], answer_fields=["電話番号", "営業時間"],
            unit_reward=30, minutes_per_claim=10, max_units_per_worker=150,
            required_skill=Skill.objects.filter(code="data-entry").first(),
        )  # fmt: skip
    if not batch.units.exists():
        batches.batch_import_csv(batch=batch, by=director, data=_shops_csv())
    batch.refresh_from_db()
    if batch.state == TaskBatch.State.DRAFT:
        batches.batch_publish(batch=batch, by=director)
        _start_work(engagement)
        _work(batch, users, director)
    return batch


def _work(batch, users, director) -> None:
    """worker4 answers 40 units (20 approved), worker11 answers 15 and holds 5."""
    answered = []
    for username, answer_count, claim_count in (
        ("worker4", 40, 40),
        ("worker11", 15, 20),
    ):
        worker = users.get(username)
        if worker is None:
            continue
        held = []
        try:
            while len(held) < claim_count:
                got = batches.units_claim(batch=batch, by=worker, count=20)
                if not got:
                    break
                held += got
        except (PermissionDenied, ValidationError):
            continue
        for unit in held[:answer_count]:
            gold = GOLD_ROWS.get(unit.row_number)
            phone = gold[0] if gold else f"03-5555-{unit.row_number:04d}"
            answer = {"電話番号": phone, "営業時間": gold[1] if gold else "10:00-19:00"}
            answered.append(batches.unit_submit(unit=unit, by=worker, answer=answer).pk)
    first = list(
        TaskUnit.objects.filter(pk__in=answered)
        .order_by("id")
        .values_list("id", flat=True)
    )[:20]
    batch_review.units_approve(batch=batch, by=director, unit_ids=first)
