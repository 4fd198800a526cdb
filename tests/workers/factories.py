import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from enterprise.models import Skill, WorkCategory
from tests.factories import UserFactory
from workers.models import (
    Incident,
    SkillTest,
    SkillTestQuestion,
    WorkerProfile,
    WorkerSkill,
    WorkRecord,
)

# A real account (0001 みずほ 001 東京営業部) in the form the portal takes it.
BANK_ACCOUNT = {
    "bank_code": "0001",
    "branch_code": "001",
    "account_type": 1,
    "account_number": "1234567",
    "holder_name": "ヤマダ タロウ",
}


class WorkerUserFactory(UserFactory):
    class Meta:
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"w{n}")

    @factory.post_generation
    def worker_role(self, create, extracted, **kwargs):
        if create:
            self.groups.add(*Group.objects.filter(name="worker"))


class WorkerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkerProfile

    user = factory.SubFactory(WorkerUserFactory)
    legal_name = factory.Sequence(lambda n: f"山田 太郎{n}")
    legal_name_kana = "ヤマダ タロウ"
    display_name = factory.Sequence(lambda n: f"ワーカー{n:03d}")
    capacity = 3


class WorkerSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkerSkill

    profile = factory.SubFactory(WorkerProfileFactory)
    skill = factory.LazyFunction(lambda: Skill.objects.get(code="article"))
    self_level = 3


class SkillTestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillTest

    skill = factory.LazyFunction(lambda: Skill.objects.get(code="article"))
    title = "記事作成テスト"
    pass_mark = 80


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillTestQuestion

    test = factory.SubFactory(SkillTestFactory)
    order = factory.Sequence(int)
    text = "正しい表記はどれですか。"
    choices = ["誤り", "正しい", "どちらでもない"]
    correct_index = 1


class WorkRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkRecord

    worker = factory.SubFactory(WorkerUserFactory)
    category = factory.LazyFunction(lambda: WorkCategory.objects.get(code="writing"))
    subtask_ref = factory.Sequence(lambda n: f"subtask:{n}")
    outcome = WorkRecord.Outcome.APPROVED
    revisions = 0
    rating = 5
    completed_at = factory.LazyFunction(timezone.now)


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    worker = factory.SubFactory(WorkerUserFactory)
    kind = Incident.Kind.OVERDUE
    description = "納期を2日過ぎました。"
    occurred_at = factory.LazyFunction(timezone.now)
