"""The review page: submission, order form and checklist side by side, the
decisions, and the revision limit holding through the page."""

from engagements.models import ChecklistItem, Review, Subtask
from engagements.services import work
from enterprise.models import AuditLog

from . import factories as d


def url(submission, action="review"):
    return f"/directors/subtasks/{submission.subtask_id}/{action}/"


def test_page_shows_submission_order_form_and_checklist(client, world, submitted):
    ChecklistItem.objects.create(category=world.category, text="表記ルールに沿っている")
    client.force_login(world.director)
    html = client.get(url(submitted)).content.decode()
    for text in (
        "article.txt",  # the file, linked through the checked download view
        f"/directors/files/{submitted.files.get().pk}/",
        "提出します",
        "構成案に沿って執筆してください。",  # subtask instructions
        "表記ルールに沿っていること、コピペ率10%未満",  # acceptance criteria
        "表記ルールに沿っている",  # checklist
        'class="review-grid"',
    ):
        assert text in html


def test_approval_keeps_rating_and_checklist(client, world, submitted):
    first = ChecklistItem.objects.create(category=world.category, text="誤字がない")
    ChecklistItem.objects.create(category=world.category, text="字数を満たす")
    client.force_login(world.director)
    response = client.post(
        url(submitted, "approve"),
        {
            "approve-submission": submitted.pk,
            "approve-rating": "4",
            "approve-checklist": [first.pk],
        },
        follow=True,
    )
    assert "承認しました。" in response.content.decode()
    review = Review.objects.get()
    assert (review.decision, review.rating, review.reviewer) == (
        "approved", 4, world.director,
    )  # fmt: skip
    assert review.checklist == {"誤字がない": True, "字数を満たす": False}
    assert Subtask.objects.get(pk=submitted.subtask_id).state == "approved"


def test_approval_without_a_rating_is_refused_beside_the_field(
    client, world, submitted
):
    client.force_login(world.director)
    response = client.post(
        url(submitted, "approve"), {"approve-submission": submitted.pk}
    )
    assert "このフィールドは必須です。" in response.content.decode()
    assert not Review.objects.exists()


def test_the_revision_limit_holds_through_the_page(client, world, planning):
    d.skilled(world.alice)
    subtask = d.add_subtask(planning, world.director, revisions_included=1)
    d.assign(subtask, world.alice, world.director)
    first = d.submit(subtask, world.alice)
    client.force_login(world.director)
    client.post(
        url(first, "revision"),
        {"revision-submission": first.pk, "revision-reason": "見出しを修正"},
    )
    second = d.submit(subtask, world.alice, note="修正版です")
    response = client.post(
        url(second, "revision"),
        {"revision-submission": second.pk, "revision-reason": "もう一度"},
    )
    html = response.content.decode()
    message = (
        "修正回数（1回）をすべて使用しました。エスカレーションするか、"
        "クライアントが合意した有償の追加修正を記録してください。"
    )
    assert message in html
    assert 'id="escalate"' in html and 'id="paid-round"' in html
    subtask.refresh_from_db()
    assert (subtask.state, subtask.revisions_used) == ("submitted", 1)
    assert Review.objects.filter(submission=second).count() == 0
    assert (
        AuditLog.objects.filter(action="engagements.subtask.revision_requested").count()
        == 1
    )

    # The client agrees to pay for a round: the request then goes through.
    client.post(
        url(second, "paid-round"),
        {"paid-price": "8000", "paid-note": "メールで合意（11/20）"},
    )
    client.post(
        url(second, "revision"),
        {"revision-submission": second.pk, "revision-reason": "もう一度"},
    )
    subtask.refresh_from_db()
    assert (subtask.state, subtask.revisions_used) == ("revision_requested", 2)
    assert (subtask.extra_rounds_billable, subtask.extra_round_price) == (1, 8_000)


def test_escalation_from_the_page(client, world, submitted):
    client.force_login(world.director)
    client.post(url(submitted, "escalate"), {"escalate-note": "修正範囲で合意できず"})
    subtask = Subtask.objects.get(pk=submitted.subtask_id)
    assert subtask.escalated
    assert AuditLog.objects.get(action="engagements.subtask.escalated").reason == (
        "修正範囲で合意できず"
    )


def test_rejection_with_a_reason_code_reopens_the_subtask(client, world, submitted):
    client.force_login(world.director)
    client.post(
        url(submitted, "reject"),
        {
            "reject-submission": submitted.pk,
            "reject-reason_code": "plagiarism",
            "reject-reason": "他サイトと一致する文章が多数",
        },
    )
    subtask = Subtask.objects.get(pk=submitted.subtask_id)
    assert (subtask.state, subtask.assignee) == ("open", None)
    review = Review.objects.get()
    assert (review.decision, review.reason_code) == ("rejected", "plagiarism")


def test_the_director_answers_a_question_in_the_thread(client, world, submitted):
    subtask = submitted.subtask
    question = work.message_post(
        subtask=subtask, by=world.alice, body="字数は目安ですか？"
    )
    client.force_login(world.director)
    assert "字数は目安ですか？" in client.get(url(submitted)).content.decode()
    client.post(url(submitted, "messages"), {"message-body": "±10%までは可です"})
    question.refresh_from_db()
    assert question.answered_at is not None
    assert subtask.messages.last().body == "±10%までは可です"


def test_a_decision_on_a_reviewed_version_is_refused(client, world, submitted):
    work.review_approve(submission=submitted, by=world.director, rating=5)
    client.force_login(world.director)
    response = client.post(
        url(submitted, "reject"),
        {
            "reject-submission": submitted.pk,
            "reject-reason_code": "quality",
            "reject-reason": "やはり品質不足",
        },
    )
    assert "この提出物はすでにレビュー済みです。" in response.content.decode()
    assert Review.objects.get().decision == "approved"


def test_another_subtasks_submission_is_404(client, world, submitted, planning):
    other = d.add_subtask(planning, world.director, title="記事 2")
    client.force_login(world.director)
    response = client.post(
        f"/directors/subtasks/{other.pk}/approve/",
        {"approve-submission": submitted.pk, "approve-rating": "5"},
    )
    assert response.status_code == 404
    assert not Review.objects.exists()
