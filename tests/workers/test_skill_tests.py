"""Skill tests: a pass verifies the skill; a failure waits before a retake."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from workers import services
from workers.models import SkillTestAttempt, WorkerSkill

from .factories import QuestionFactory, SkillTestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def test_of_five(article):
    test = SkillTestFactory(skill=article, pass_mark=80)
    for _n in range(5):
        QuestionFactory(test=test, correct_index=1)
    return test


def submit(profile, test, answers):
    return services.skill_test_attempt_submit(
        profile=profile, test=test, answers=answers, by=profile.user
    )


def test_score_at_the_pass_mark_passes_and_verifies_the_skill(profile, test_of_five):
    attempt = submit(profile, test_of_five, [1, 1, 1, 1, 0])
    assert (attempt.score, attempt.passed) == (80, True)
    skill = WorkerSkill.objects.get(profile=profile)
    assert (skill.skill.code, skill.verified, skill.self_level) == ("article", True, 1)


def test_score_under_the_pass_mark_fails_and_keeps_the_skill_unverified(
    profile, test_of_five, article
):
    WorkerSkill.objects.create(profile=profile, skill=article, self_level=4)
    attempt = submit(profile, test_of_five, [1, 1, 1, 0, 0])
    assert (attempt.score, attempt.passed) == (60, False)
    assert WorkerSkill.objects.get(profile=profile).verified is False


def test_retake_waits_after_a_failure(profile, test_of_five):
    failed = submit(profile, test_of_five, [0, 0, 0, 0, 0])
    with pytest.raises(ValidationError):
        submit(profile, test_of_five, [1, 1, 1, 1, 1])
    SkillTestAttempt.objects.filter(pk=failed.pk).update(
        taken_at=failed.taken_at - timedelta(days=7)
    )
    assert submit(profile, test_of_five, [1, 1, 1, 1, 1]).passed


def test_taking_the_test_in_the_portal(client, profile, test_of_five):
    client.force_login(profile.user)
    page = client.get(f"/workers/me/tests/{test_of_five.pk}/").content.decode()
    assert "正しい表記はどれですか。" in page
    answers = {f"q{q.pk}": "1" for q in test_of_five.questions.all()}
    response = client.post(
        f"/workers/me/tests/{test_of_five.pk}/", answers, follow=True
    )
    page = response.content.decode()
    assert "100%" in page
    assert "スキル「記事作成」が確認済みになりました。" in page


def test_an_inactive_test_is_not_found(client, profile, test_of_five):
    test_of_five.active = False
    test_of_five.save()
    client.force_login(profile.user)
    assert client.get(f"/workers/me/tests/{test_of_five.pk}/").status_code == 404
