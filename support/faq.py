"""Reading the help centre: which audiences a person may read, and search.

Search is a substring match on title and body (``icontains``): Japanese has no
spaces to split words on, so a phrase like 「支払」 must match inside
「支払通知書」. On PostgreSQL the GIN trigram index of the migration
'faq_trigram_index' serves the match; SQLite scans (a few hundred articles).
"""

import re

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from enterprise.entry import nfkc
from enterprise.roles import CLIENT, ROLES, WORKER

from .models import FaqArticle

Audience = FaqArticle.Audience
STAFF_ROLES = [role for role in ROLES if role not in (CLIENT, WORKER)]
MAX_QUERY = 100
SUGGESTIONS = 5


def audiences_for(user) -> list[str]:
    """The audiences ``user`` may read: their own, and all three for staff
    (who answer questions from both sides)."""
    if not user.is_authenticated:
        return []
    roles = set(user.role_names())
    if user.is_staff or roles.intersection(STAFF_ROLES):
        return list(Audience.values)
    audiences = []
    if CLIENT in roles:
        audiences.append(Audience.CLIENT)
    if WORKER in roles:
        audiences.append(Audience.WORKER)
    return audiences


def clean_query(raw: str) -> str:
    """NFKC (full-width letters and digits to one form), trimmed and bounded."""
    return " ".join(nfkc(raw or "").split())[:MAX_QUERY]


def article_list_for_user(*, user, audience: str | None = None, query: str = ""):
    """Published articles the user may read, optionally of one audience,
    matching every space-separated term of ``query`` in title or body;
    title matches first."""
    allowed = audiences_for(user)
    if audience is not None:
        allowed = [a for a in allowed if a == audience]
    articles: QuerySet = FaqArticle.objects.filter(
        published=True, audience__in=allowed
    ).only("id", "audience", "title", "position", "updated_at")
    terms = clean_query(query).split()
    for term in terms:
        articles = articles.filter(Q(title__icontains=term) | Q(body__icontains=term))
    if terms:
        in_title = Q()
        for term in terms:
            in_title &= Q(title__icontains=term)
        articles = articles.annotate(
            title_hit=Case(
                When(in_title, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        ).order_by("title_hit", "position", "pk")
    return articles


# Runs of kanji, katakana or latin letters and digits: a ticket's sentence
# split at its particles and punctuation (「支払通知書の金額が違う」 gives
# 支払通知書 and 金額), the words an article would contain.
KEYWORD = re.compile(r"[\u3400-\u9fff\u30a0-\u30ffー々A-Za-z0-9]{2,}")
MAX_KEYWORDS = 4


def keywords(text: str) -> list[str]:
    """The longest few keywords of ``text``, longest first."""
    unique = dict.fromkeys(KEYWORD.findall(clean_query(text)))
    return sorted(unique, key=len, reverse=True)[:MAX_KEYWORDS]


def suggestions_for(*, user, text: str) -> list[FaqArticle]:
    """Up to five articles for what a person is typing into a ticket: those
    holding its longest keyword first, then the next (one query each)."""
    found: dict[int, FaqArticle] = {}
    for word in keywords(text):
        for article in article_list_for_user(user=user, query=word)[:SUGGESTIONS]:
            found.setdefault(article.pk, article)
        if len(found) >= SUGGESTIONS:
            break
    return list(found.values())[:SUGGESTIONS]


def get_article_for_user(user, pk) -> FaqArticle:
    """A published article of an audience the user may read; 404 otherwise."""
    return get_object_or_404(
        FaqArticle.objects.filter(published=True, audience__in=audiences_for(user)),
        pk=pk,
    )
