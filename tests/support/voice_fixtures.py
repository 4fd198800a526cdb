"""Helpers of the help-centre, ratings and reports tests."""

from support.models import FaqArticle
from tests.once import once


def article(audience, title, body, **fields) -> FaqArticle:
    return FaqArticle.objects.create(
        audience=audience, title=title, body=body, **fields
    )


def rate(client, delivery, rating="4", comment="丁寧な仕上がりでした。"):
    """Post the portal's rating form for ``delivery`` (with a fresh token)."""
    return client.post(
        f"/support/ratings/delivery/{delivery.pk}/",
        once({"rating": rating, "comment": comment}),
    )
