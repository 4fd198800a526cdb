"""A competition from the call to the winner, and what happens to the others."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from engagements.models import (
    CompetitionEntry,
    EntryFile,
    ParticipationAward,
    Subtask,
)
from engagements.selectors_formats import competitions_for_worker, entries_for_worker
from engagements.services import competition
from engagements.services._base import EngagementError
from engagements.signals import subtask_approved
from enterprise.models import AuditLog

from .. import factories as f
from .conftest import certify, make_subtask


def _logo(content=b"PNG-1", name="logo.png"):
    return SimpleUploadedFile(name, content, content_type="image/png")


@pytest.fixture
def contest(world, planning):
    """A logo competition: prize ¥50,000, ¥3,000 to each shortlisted loser.

    Alice, Bob and Carol are certified writers with the article skill; Dave
    has the skill but no certification.
    """
    for name in ("carol", "dave"):
        setattr(world, name, f.worker(name))
    for worker in (world.alice, world.bob, world.carol):
        certify(worker, world.category, skill=f.article_skill())
    f.article_skill()
    from workers.models import WorkerSkill

    WorkerSkill.objects.create(
        profile=world.dave.worker_profile, skill=f.article_skill()
    )
    subtask = make_subtask(
        planning, world.director, "competition", title="キャッチコピー案",
        reward=50_000, due_at=f.in_days(3),
    )  # fmt: skip
    return subtask


def _close_entries(subtask):
    Subtask.objects.filter(pk=subtask.pk).update(
        due_at=timezone.now() - datetime.timedelta(minutes=1)
    )


def test_competition_from_call_to_winner(
    world, contest, mailoutbox, django_capture_on_commit_callbacks
):
    approved = []
    subtask_approved.connect(lambda **kw: approved.append(kw["subtask"].pk), weak=False)
    with django_capture_on_commit_callbacks(execute=True):
        settings = competition.competition_open(
            subtask=contest, by=world.director, participation_reward=3_000
        )
    # The three certified workers are invited, one mail each; not Dave.
    assert settings.invited_count == 3
    assert sorted(m.to[0] for m in mailoutbox) == [
        "alice@example.jp", "bob@example.jp", "carol@example.jp",
    ]  # fmt: skip
    assert mailoutbox[0].subject == "【元請】コンペのご案内：キャッチコピー案"
    with pytest.raises(PermissionDenied):
        competition.entry_submit(
            subtask=contest, by=world.dave, note="案", files=[_logo()]
        )

    a = competition.entry_submit(
        subtask=contest, by=world.alice, note="A案", files=[_logo(b"A")]
    )
    b = competition.entry_submit(
        subtask=contest, by=world.bob, note="B案", files=[_logo(b"B")]
    )
    c = competition.entry_submit(
        subtask=contest, by=world.carol, note="C案", files=[_logo(b"C")]
    )
    # A worker sees only their own entries.
    assert list(entries_for_worker(user=world.bob, subtask=contest)) == [b]
    assert EntryFile.objects.get(entry=a).sha256 == (
        "559aead08264d5795d3909718cdd05abd49572e84fe55590eef31a88a08fdffd"
    )

    competition.entry_shortlist(entry=a, by=world.director)
    competition.entry_shortlist(entry=b, by=world.director)
    with pytest.raises(PermissionDenied):
        competition.entry_shortlist(entry=c, by=world.other_director)
    with pytest.raises(EngagementError) as caught:
        competition.competition_award(entry=a, by=world.contact)
    assert caught.value.messages == ["採用作品は応募締切の後に選びます。"]

    _close_entries(contest)
    with pytest.raises(EngagementError):  # the client picks from the shortlist
        competition.competition_award(entry=c, by=world.contact)
    with pytest.raises(PermissionDenied):
        competition.competition_award(entry=a, by=world.other_contact)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = competition.competition_award(
            entry=a, by=world.contact, message="多数のご応募ありがとうございました。"
        )

    contest.refresh_from_db()
    assert (contest.state, contest.assignee, contest.reward) == (
        "approved", world.alice, 50_000,
    )  # fmt: skip
    assert approved == [contest.pk]
    assert result.awarded_on_behalf is False and result.awarded_by == world.contact
    states = dict(CompetitionEntry.objects.values_list("worker__username", "state"))
    assert states == {"alice": "won", "bob": "not_selected", "carol": "not_selected"}
    # One participation reward: Bob was shortlisted, Carol was not.
    awards = list(ParticipationAward.objects.values_list("worker__username", "amount"))
    assert awards == [("bob", 3_000)]
    assignment = contest.assignments.get()
    assert (assignment.worker, assignment.reward) == (world.alice, 50_000)
    subjects = {m.to[0]: m.subject for m in mailoutbox}
    assert (
        subjects["alice@example.jp"]
        == "【元請】あなたの作品が採用されました：キャッチコピー案"
    )
    assert subjects["bob@example.jp"] == "【元請】コンペの選考結果：キャッチコピー案"
    bob_mail = next(m for m in mailoutbox if m.to == ["bob@example.jp"])
    assert "参加報酬 ¥3,000（税抜）" in bob_mail.body
    assert "多数のご応募ありがとうございました。" in bob_mail.body
    carol_mail = next(m for m in mailoutbox if m.to == ["carol@example.jp"])
    assert "参加報酬" not in carol_mail.body

    with pytest.raises(EngagementError):  # one winner only
        competition.competition_award(entry=b, by=world.director)


def test_the_director_may_choose_on_the_clients_behalf(world, contest):
    competition.competition_open(subtask=contest, by=world.director)
    entry = competition.entry_submit(
        subtask=contest, by=world.bob, note="", files=[_logo()]
    )
    _close_entries(contest)
    result = competition.competition_award(entry=entry, by=world.director)
    assert result.awarded_on_behalf is True
    log = AuditLog.objects.get(action="engagements.competition.awarded")
    assert log.data == {"entry": entry.pk, "on_behalf_of_client": True}
    assert log.actor == world.director
    assert ParticipationAward.objects.count() == 0  # none was promised


def test_an_identical_file_of_another_worker_is_flagged(world, contest, mailoutbox):
    competition.competition_open(subtask=contest, by=world.director)
    original = competition.entry_submit(
        subtask=contest, by=world.alice, note="", files=[_logo(b"same")]
    )
    again = competition.entry_submit(
        subtask=contest, by=world.alice, note="", files=[_logo(b"same")]
    )
    copy = competition.entry_submit(
        subtask=contest, by=world.bob, note="", files=[_logo(b"same", "mine.png")]
    )
    assert again.possible_copy_of is None  # her own earlier file is no copy
    assert copy.possible_copy_of == original


def test_entries_close_at_the_deadline(world, contest):
    competition.competition_open(subtask=contest, by=world.director)
    _close_entries(contest)
    with pytest.raises(EngagementError) as caught:
        competition.entry_submit(
            subtask=contest, by=world.alice, note="", files=[_logo()]
        )
    assert caught.value.messages == ["応募締切を過ぎています。"]


def test_open_calls_are_listed_for_matching_workers(world, contest):
    competition.competition_open(subtask=contest, by=world.director)
    assert [s.pk for s in competitions_for_worker(user=world.alice)] == [contest.pk]
    assert competitions_for_worker(user=world.dave) == []


def test_losers_files_are_deleted_after_the_set_days(world, contest):
    competition.competition_open(subtask=contest, by=world.director, loser_file_days=30)
    won = competition.entry_submit(
        subtask=contest, by=world.alice, note="", files=[_logo(b"W")]
    )
    lost = competition.entry_submit(
        subtask=contest, by=world.bob, note="", files=[_logo(b"L")]
    )
    _close_entries(contest)
    competition.competition_award(entry=won, by=world.director)
    lost_file = EntryFile.objects.get(entry=lost)
    path = lost_file.file.path
    assert competition.competition_files_purge() == 0  # not yet
    later = timezone.now() + datetime.timedelta(days=30, minutes=1)
    assert competition.competition_files_purge(now=later) == 1
    assert competition.competition_files_purge(now=later) == 0
    lost_file.refresh_from_db()
    assert lost_file.deleted_at is not None and not lost_file.file
    assert lost_file.sha256  # kept to recognise copies
    import os

    assert not os.path.exists(path)
    assert EntryFile.objects.get(entry=won).file  # the winner's stays


def test_each_entry_not_selected_leaves_an_audit_row(world, contest):
    competition.competition_open(subtask=contest, by=world.director)
    entries = [
        competition.entry_submit(subtask=contest, by=worker, note="", files=[_logo()])
        for worker in (world.alice, world.bob)
    ]
    _close_entries(contest)
    competition.competition_award(entry=entries[0], by=world.director)
    rows = AuditLog.objects.filter(action="engagements.competitionentry.not_selected")
    assert [(r.target, r.actor, r.from_state, r.to_state, r.data) for r in rows] == [
        (entries[1], world.director, "submitted", "not_selected",
         {"winner_entry": entries[0].pk}),
    ]  # fmt: skip
