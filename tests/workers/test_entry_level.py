"""The demo's entry level: a passed skill test and an approved identity
certify a newcomer in that one category, before any track record."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from enterprise.models import Skill
from workers import services
from workers.demo import ENTRY_CATEGORY_SKILL, entry_level
from workers.models import SkillTest, SkillTestQuestion
from workers.services.onboarding import identity_approve, identity_submit
from workers.services.skilltests import skill_test_attempt_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def test_of_the_category():
    test = SkillTest.objects.create(
        skill=Skill.objects.get(code=ENTRY_CATEGORY_SKILL), title="データ入力"
    )
    SkillTestQuestion.objects.create(
        test=test,
        order=1,
        text="半角にすると？",
        choices=["03", "０３"],
        correct_index=0,
    )
    return test


def take_and_pass(profile, test):
    skill_test_attempt_submit(profile=profile, test=test, answers=[0], by=profile.user)


def identity_approved(user, officer):
    upload = SimpleUploadedFile("id.png", b"\x89PNG\r\n\x1a\nfake", "image/png")
    check = identity_submit(user=user, document_kind="driving_licence", upload=upload)
    identity_approve(check=check, by=officer)


def test_passed_test_and_approved_identity_grant_the_entry_level(
    profile, test_of_the_category, make_user
):
    level, category = entry_level()
    assert level.rank < 1  # below "certified"
    take_and_pass(profile, test_of_the_category)
    identity_approved(profile.user, make_user("compliance-1", roles=["compliance"]))
    cert = services.certification_recompute(worker=profile.user, category=category)
    assert cert is not None and cert.holds
    assert cert.level.code == "entry"
    assert cert.level.name == "エントリー認定"


def test_without_identity_the_passed_test_is_not_enough(profile, test_of_the_category):
    _level, category = entry_level()
    take_and_pass(profile, test_of_the_category)
    cert = services.certification_recompute(worker=profile.user, category=category)
    assert cert is None


def test_the_entry_level_is_only_offered_in_its_category(
    profile, test_of_the_category, make_user, writing, article
):
    entry_level()
    entry_level()  # idempotent
    identity_approved(profile.user, make_user("compliance-1", roles=["compliance"]))
    other = SkillTest.objects.create(skill=article, title="記事")
    SkillTestQuestion.objects.create(
        test=other, order=1, text="?", choices=["a", "b"], correct_index=0
    )
    take_and_pass(profile, other)
    assert (
        services.certification_recompute(worker=profile.user, category=writing) is None
    )
