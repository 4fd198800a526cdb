"""Helpers of the help-centre, ratings and reports tests."""

from support.models import FaqArticle


def article(audience, title, body, **fields) -> FaqArticle:
    return FaqArticle.objects.create(
        audience=audience, title=title, body=body, **fields
    )
