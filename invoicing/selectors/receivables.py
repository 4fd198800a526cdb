"""Reads of money in and what is owed: finance only (anyone else sees none)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from .. import rules
from ..models import BankCredit, BankStatement, DunningLetter


def statement_list_for_user(*, user) -> QuerySet[BankStatement]:
    if not rules.is_finance(None, user):
        return BankStatement.objects.none()
    return BankStatement.objects.select_related("started_by", "csv_layout")


def get_statement_for_user(user, pk) -> BankStatement:
    try:
        return statement_list_for_user(user=user).get(pk=pk)
    except (BankStatement.DoesNotExist, ValueError):
        raise Http404 from None


def credit_list_for_user(*, user) -> QuerySet[BankCredit]:
    if not rules.is_finance(None, user):
        return BankCredit.objects.none()
    return BankCredit.objects.select_related("statement", "client")


def unmatched_credits(*, user) -> QuerySet[BankCredit]:
    return credit_list_for_user(user=user).filter(state=BankCredit.State.UNMATCHED)


def overpaid_credits(*, user) -> QuerySet[BankCredit]:
    """Credits that paid more than the client owed: the rest is held until
    refunded or set against a later invoice."""
    return credit_list_for_user(user=user).filter(
        state=BankCredit.State.MATCHED, unapplied__gt=0
    )


def get_credit_for_user(user, pk) -> BankCredit:
    try:
        return credit_list_for_user(user=user).get(pk=pk)
    except (BankCredit.DoesNotExist, ValueError):
        raise Http404 from None


def dunning_letters_for_user(*, user) -> QuerySet[DunningLetter]:
    if not rules.is_finance(None, user):
        return DunningLetter.objects.none()
    return DunningLetter.objects.select_related("invoice", "step")
