"""The worker order (発注書): made on acceptance with every item of 公取委規則
1条1項, final once issued, versioned with a reason, no reduction after
delivery without the worker's fault; its PDF carries every item."""

import re
import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError

from enterprise.audit import timeline_for
from invoicing.models import PayoutLine, WorkerOrder
from invoicing.services import payouts
from invoicing.services.payouts.documents import worker_order_store_pdf

from .factories import approved_subtask, assigned_subtask, submit


def test_accepting_an_offer_issues_the_order_with_every_item(
    operator, director, yamada, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        subtask = assigned_subtask(director=director, worker=yamada, reward=50_000)
    order = WorkerOrder.objects.get(subtask=subtask)
    assert (order.number, order.version, order.state) == ("PO-2026-000001", 1, "issued")
    assert order.orderer_name == operator.legal_name
    assert (order.worker_name, order.worker_code) == ("山田 太郎", f"W-{yamada.pk:06d}")
    assert order.worker_registration_number == "T1234567890123"
    assert order.title == "記事 1"
    assert "構成案に沿って執筆" in order.description
    assert order.delivery_due == subtask.due_at
    assert f"/engagements/work/subtasks/{subtask.pk}/" in order.delivery_place
    assert order.inspection_due > order.order_date
    # Registered worker: 10% added; writing is withheld; no fee policy set.
    assert (order.reward, order.consumption_tax, order.fee) == (50_000, 5_000, 0)
    assert order.withholding_subject is True
    assert order.payment_terms == (
        "毎月末日締切、翌月末日支払（支払日が銀行休業日の場合は前営業日）"
    )
    assert order.payment_due_date is not None
    assert order.payment_method == "銀行振込（振込手数料は当社負担）"
    mail = [m for m in mailoutbox if yamada.email in m.to and "発注書" in m.subject]
    assert mail[0].subject == "【元請】発注書 PO-2026-000001：記事 1"
    assert f"/invoicing/worker-orders/{order.pk}/" in mail[0].body


def test_an_issued_order_is_final(operator, director, yamada):
    order = WorkerOrder.objects.get(
        subtask=assigned_subtask(director=director, worker=yamada)
    )
    order.reward = 1
    with pytest.raises(ValidationError):
        order.save()
    with pytest.raises(ValidationError):
        WorkerOrder.objects.get(pk=order.pk).delete()


def test_a_change_is_a_new_version_with_its_reason(operator, director, yamada):
    subtask = assigned_subtask(director=director, worker=yamada, reward=50_000)
    first = WorkerOrder.objects.get(subtask=subtask)
    second = payouts.worker_order_revise(
        order=first, by=director, reason="文字数を3,000字に増やす", reward=70_000
    )
    first.refresh_from_db()
    assert (first.state, second.state) == ("superseded", "issued")
    assert (second.number, second.version, second.previous) == (first.number, 2, first)
    assert (second.reward, second.consumption_tax) == (70_000, 7_000)
    assert second.reason == "文字数を3,000字に増やす"
    superseded = [e for e in timeline_for(first) if e.action.endswith("superseded")]
    assert superseded[0].reason == "文字数を3,000字に増やす"


def test_a_lower_fee_after_delivery_is_refused_as_a_reduction(
    operator, director, yamada
):
    subtask = assigned_subtask(director=director, worker=yamada, reward=50_000)
    submit(subtask, yamada)
    order = WorkerOrder.objects.get(subtask=subtask)
    with pytest.raises(payouts.PayoutError) as error:
        payouts.worker_order_revise(
            order=order, by=director, reason="予算超過", reward=40_000
        )
    assert error.value.code == "reduction"
    with pytest.raises(payouts.PayoutError):
        payouts.worker_order_revise(
            order=order,
            by=director,
            reason="誤字多数",
            reward=40_000,
            worker_fault=True,
        )
    order.refresh_from_db()
    assert order.state == "issued"


def test_a_lower_fee_for_the_workers_fault_is_recorded_with_the_evidence(
    operator, director, yamada
):
    subtask = assigned_subtask(director=director, worker=yamada, reward=50_000)
    submit(subtask, yamada)
    order = WorkerOrder.objects.get(subtask=subtask)
    new = payouts.worker_order_revise(
        order=order,
        by=director,
        reason="納品物の一部が仕様外",
        reward=40_000,
        worker_fault=True,
        fault_evidence="第3章が指定の2,000字に対し800字（2026/11/20 提出版）",
    )
    assert (new.reward, new.worker_fault) == (40_000, True)
    assert new.fault_evidence.startswith("第3章")


def test_a_scheduled_reward_follows_the_new_version(operator, director, yamada):
    subtask = approved_subtask(director=director, worker=yamada, reward=50_000)
    order = WorkerOrder.objects.get(subtask=subtask, state="issued")
    new = payouts.worker_order_revise(
        order=order, by=director, reason="追加の図版作成", reward=60_000
    )
    line = PayoutLine.objects.get(subtask=subtask)
    assert (line.amount, line.order) == (60_000, new)


def test_only_the_director_or_finance_revises(operator, director, yamada):
    from django.core.exceptions import PermissionDenied

    from tests.engagements.factories import user_with_roles

    order = WorkerOrder.objects.get(
        subtask=assigned_subtask(director=director, worker=yamada)
    )
    other = user_with_roles("director-9", "director")
    for someone in (yamada, other):
        with pytest.raises(PermissionDenied):
            payouts.worker_order_revise(order=order, by=someone, reason="x", reward=1)


# --- the PDF -------------------------------------------------------------------------

needs_poppler = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)"
)


def _pdf_text(order) -> str:
    """The PDF's text without whitespace: a table cell may wrap anywhere."""
    path = order.pdf.path
    out = subprocess.run(
        ["pdftotext", "-layout", path, "-"], capture_output=True, check=True
    ).stdout.decode()
    return re.sub(r"\s+", "", out)


def _missing(items, text) -> list[str]:
    return [item for item in items if re.sub(r"\s+", "", item) not in text]


@needs_poppler
def test_the_order_pdf_carries_every_item_of_article_3(
    operator, director, yamada, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        subtask = assigned_subtask(director=director, worker=yamada, reward=50_000)
    order = WorkerOrder.objects.get(subtask=subtask)
    assert len(order.pdf_sha256) == 64
    text = _pdf_text(order)
    d = order.order_date
    items = [
        "発注書",
        # 1. both parties (or codes)
        "委託者",
        operator.legal_name,
        "受託者",
        "山田 太郎",
        order.worker_code,
        # 2. order date
        "委託日",
        f"{d.year}年{d.month}月{d.day}日",
        # 3. the deliverable
        "給付の内容",
        "記事 1",
        "構成案に沿って執筆",
        # 4. delivery date
        "納期",
        f"{order.delivery_due:%Y}年",
        # 5. place of delivery
        "納品場所",
        f"/engagements/work/subtasks/{subtask.pk}/",
        # 6. inspection complete by
        "検査完了日",
        f"{order.inspection_due.month}月{order.inspection_due.day}日",
        # 7. fee and payment due date (specific date and rule)
        "報酬額",
        "¥50,000",
        "支払期日",
        f"{order.payment_due_date.month}月{order.payment_due_date.day}日",
        "毎月末日締切、翌月末日支払",
        # payment method (not cash)
        "支払方法",
        "銀行振込",
    ]
    assert _missing(items, text) == []
    fonts = subprocess.run(
        ["pdffonts", order.pdf.path], capture_output=True, check=True
    ).stdout.decode()
    assert "CJK" in fonts or "IPAex" in fonts


@needs_poppler
def test_a_redelegation_order_names_the_original_client_and_due_date(
    operator, director, yamada
):
    import datetime

    order = WorkerOrder.objects.get(
        subtask=assigned_subtask(director=director, worker=yamada)
    )
    order = payouts.worker_order_revise(
        order=order,
        by=director,
        reason="再委託である旨を明示",
        is_redelegation=True,
        original_client_name="株式会社元委託",
        original_due_date=datetime.date(2026, 12, 31),
    )
    worker_order_store_pdf(order_id=order.pk)
    order.refresh_from_db()
    text = _pdf_text(order)
    items = ["再委託", "元委託者", "株式会社元委託", "元委託支払期日", "2026年12月31日"]
    assert _missing([*items, "第2版", "変更の理由", "再委託である旨を明示"], text) == []


def test_rendering_again_keeps_the_stored_pdf(operator, director, yamada):
    order = WorkerOrder.objects.get(
        subtask=assigned_subtask(director=director, worker=yamada)
    )
    first = worker_order_store_pdf(order_id=order.pk)
    assert worker_order_store_pdf(order_id=order.pk) == first
