"""The engagements and quotes section of the company page
(clients.sections.COMPANY): the newest of each, scoped like every list."""

from ..models import Quote
from ..selectors import engagement_list_for_user

RECENT = 10


def company_engagements_section(request, client) -> dict:
    engagements = engagement_list_for_user(user=request.user).filter(client=client)
    quotes = (
        Quote.objects.filter(engagement__in=engagements.values("pk"))
        .exclude(number="")
        .select_related("engagement")
        .order_by("-id")
    )
    # One row more than shown says whether to link to the full list.
    newest = list(engagements.order_by("-created_at", "-id")[: RECENT + 1])
    return {
        "client": client,
        "engagements": newest[:RECENT],
        "more": len(newest) > RECENT,
        "quotes": list(quotes[:RECENT]) if newest else [],
    }
