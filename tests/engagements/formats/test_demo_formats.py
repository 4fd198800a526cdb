"""The formats demo: a running competition and a batch at work, re-runnable."""

from io import StringIO

import pytest
from django.core.management import call_command

from clients import demo as clients_demo
from engagements import demo_formats
from engagements.models import CompetitionEntry, Subtask, TaskBatch
from engagements.selectors_formats import batch_progress
from enterprise import demo as enterprise_demo
from workers import demo as workers_demo

pytestmark = pytest.mark.django_db


def test_demo_makes_a_competition_and_a_batch_once():
    call_command("loaddata", "categories", "skills", verbosity=0)
    for demo in (enterprise_demo, clients_demo, workers_demo):
        demo.seed(stdout=StringIO())
    out = StringIO()
    demo_formats.seed(stdout=out)
    demo_formats.seed(stdout=out)
    contest = Subtask.objects.get(title="ブランドロゴ案の募集")
    assert (contest.state, contest.reward) == ("open", 50_000)
    assert contest.competition.participation_reward == 3_000
    entries = CompetitionEntry.objects.filter(subtask=contest)
    assert sorted(entries.values_list("worker__username", flat=True)) == [
        "veteran", "worker10",
    ]  # fmt: skip
    assert all(entry.shortlisted for entry in entries)
    batch = TaskBatch.objects.get()
    progress = batch_progress(batch)
    assert (progress["total"], progress["approved"], progress["submitted"]) == (
        300, 20, 35,
    )  # fmt: skip
    assert (progress["claimed"], progress["open"]) == (5, 240)
    assert batch.subtask.engagement.state == "in_progress"
    assert out.getvalue().count("competition with 2 entries, batch of 300 units") == 2
