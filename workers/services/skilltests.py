"""Taking a skill test; a pass verifies the skill."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from enterprise.audit import log_action

from ..models import SkillTest, SkillTestAttempt, WorkerProfile, WorkerSkill
from .records import _enqueue_recompute


def skill_test_retake_at(*, profile: WorkerProfile, test: SkillTest, now=None):
    """When the worker may take the test again: None for now, or a datetime.

    After a failure the worker waits ``test.retake_after_days``, so answers
    cannot be found by trying every choice in turn.
    """
    last = (
        SkillTestAttempt.objects.filter(profile=profile, test=test)
        .order_by("-taken_at", "-id")
        .first()
    )
    if last is None or last.passed:
        return None
    allowed = last.taken_at + timedelta(days=test.retake_after_days)
    return allowed if allowed > (now or timezone.now()) else None


def skill_test_attempt_submit(
    *, profile: WorkerProfile, test: SkillTest, answers: list, by
) -> SkillTestAttempt:
    """Score the answers (one chosen index per question, None when left blank).

    A score at or above the pass mark verifies the worker's skill (declared at
    level 1 if it was not yet) and, after commit, recomputes the category's
    certification. Raises ValidationError when the test is inactive, already
    passed, or may not be retaken yet.
    """
    now = timezone.now()
    with transaction.atomic():
        # One attempt at a time per worker: a double submit waits here.
        profile = WorkerProfile.objects.select_for_update().get(pk=profile.pk)
        if not test.active:
            raise ValidationError(_("This test is not open."))
        if SkillTestAttempt.objects.filter(
            profile=profile, test=test, passed=True
        ).exists():
            raise ValidationError(_("You have already passed this test."))
        retake_at = skill_test_retake_at(profile=profile, test=test, now=now)
        if retake_at:
            raise ValidationError(
                _("You can take this test again from %(date)s.")
                % {"date": date_format(timezone.localtime(retake_at), "DATE_FORMAT")}
            )
        questions = list(test.questions.all())
        if not questions:
            raise ValidationError(_("This test has no questions yet."))
        chosen = list(answers) + [None] * (len(questions) - len(answers))
        correct = sum(
            1 for q, a in zip(questions, chosen, strict=False) if a == q.correct_index
        )
        passed = correct * 100 >= test.pass_mark * len(questions)
        attempt = SkillTestAttempt.objects.create(
            profile=profile,
            test=test,
            answers=chosen[: len(questions)],
            score=correct * 100 // len(questions),
            passed=passed,
            taken_at=now,
        )
        if passed:
            skill, _created = WorkerSkill.objects.get_or_create(
                profile=profile, skill=test.skill, defaults={"self_level": 1}
            )
            skill.verified, skill.verified_at = True, now
            skill.save(update_fields=["verified", "verified_at"])
            _enqueue_recompute(profile.user_id, test.skill.category_id)
        log_action(
            target=attempt,
            action="workers.skill_test." + ("passed" if passed else "failed"),
            by=by,
            data={"test": test.pk, "score": attempt.score},
        )
    return attempt
