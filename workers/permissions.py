"""Who may see which worker's data. Each helper answers 404 for what is hidden.

- Directors and finance see every profile (``workers.view_workerprofile``);
  a worker sees only their own.
- Bank accounts: the owner, and whoever holds ``workers.view_bankaccount``
  (finance; administrators). Directors never do.
"""

from django.http import Http404

from .models import BankAccount, Incident, SkillTest, SkillTestAttempt, WorkerProfile

VIEW_PROFILES = "workers.view_workerprofile"
VIEW_BANK = "workers.view_bankaccount"
CHANGE_INCIDENT = "workers.change_incident"


def can_see_all_workers(user) -> bool:
    return user.has_perm(VIEW_PROFILES)


def profiles_visible_to(user):
    """The profiles ``user`` may see: all of them, or their own."""
    qs = WorkerProfile.objects.all()
    return qs if can_see_all_workers(user) else qs.filter(user=user)


def get_profile_for_user(user, pk) -> WorkerProfile:
    profile = profiles_visible_to(user).select_related("user").filter(pk=pk).first()
    if profile is None:
        raise Http404
    return profile


def get_own_profile(user) -> WorkerProfile | None:
    return WorkerProfile.objects.filter(user=user).first()


def get_bank_account_for_user(user, profile_pk) -> BankAccount:
    qs = BankAccount.objects.select_related("profile__user")
    if not user.has_perm(VIEW_BANK):
        qs = qs.filter(profile__user=user)
    account = qs.filter(profile_id=profile_pk).first()
    if account is None:
        raise Http404
    return account


def get_incident_for_user(user, pk) -> Incident:
    """Directors who may change incidents; nobody else finds them."""
    if not user.has_perm(CHANGE_INCIDENT):
        raise Http404
    incident = Incident.objects.select_related("worker").filter(pk=pk).first()
    if incident is None:
        raise Http404
    return incident


def get_skill_test_for_user(user, pk) -> SkillTest:
    """An open test, for a worker about to take it."""
    test = SkillTest.objects.select_related("skill").filter(pk=pk, active=True).first()
    if test is None:
        raise Http404
    return test


def get_attempt_for_user(user, pk) -> SkillTestAttempt:
    qs = SkillTestAttempt.objects.select_related("test__skill", "profile")
    if not can_see_all_workers(user):
        qs = qs.filter(profile__user=user)
    attempt = qs.filter(pk=pk).first()
    if attempt is None:
        raise Http404
    return attempt
