"""State labels read as their own state in Japanese: a bare English word
("Open", "Approved", "Declined", ...) would take whichever catalogue comes
first (workers' 未解決 for an incident, clients' 見送り for a client...)."""

import pytest
from django.template import Context, Template

from engagements.models import (
    Engagement,
    Offer,
    Quote,
    Review,
    Subtask,
    TaskBatch,
    TaskUnit,
    WeeklyTimesheet,
)

LABEL = Template("{% load motouke %}{% state_label obj %}")


@pytest.mark.parametrize(
    ("obj", "japanese"),
    [
        (Subtask(state=Subtask.State.OPEN), "未依頼"),
        (Subtask(state=Subtask.State.APPROVED), "承認済"),
        (Subtask(state=Subtask.State.PAID), "支払済"),
        (Quote(state=Quote.State.DECLINED), "辞退"),
        (Quote(state=Quote.State.SUPERSEDED), "改版済"),
        (Engagement(state=Engagement.State.DECLINED), "辞退"),
        (TaskBatch(state=TaskBatch.State.DRAFT), "準備中"),
        (TaskBatch(state=TaskBatch.State.CLOSED), "終了"),
        (TaskUnit(state=TaskUnit.State.APPROVED), "承認済"),
        (Offer(state=Offer.State.DECLINED), "辞退"),
        (WeeklyTimesheet(state=WeeklyTimesheet.State.APPROVED), "承認済"),
    ],
    ids=lambda value: getattr(value, "state", value),
)
def test_state_label_in_japanese(obj, japanese):
    html = LABEL.render(Context({"obj": obj}))
    assert html == f'<span class="state state-{obj.state}">{japanese}</span>'


@pytest.mark.parametrize(
    ("decision", "japanese"),
    [(Review.Decision.APPROVED, "承認済"), (Review.Decision.REJECTED, "不採用")],
)
def test_review_decisions_in_japanese(decision, japanese):
    assert Review(decision=decision).get_decision_display() == japanese


def test_state_label_follows_the_language_of_each_page():
    """The labels are looked up once per field, yet each page shows them in
    its own language, as get_state_display does."""
    from django.utils import translation

    subtask = Subtask(state=Subtask.State.APPROVED)
    for language in ("ja", "en", "ja"):
        with translation.override(language):
            html = LABEL.render(Context({"obj": subtask}))
            assert subtask.get_state_display() in html
    with translation.override("en"):
        assert "Approved" in LABEL.render(Context({"obj": subtask}))
    unknown = Subtask(state="nonsense")  # a value outside the choices: as is
    assert ">nonsense<" in LABEL.render(Context({"obj": unknown}))
