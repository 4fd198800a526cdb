"""Counting several lists in one query: a page that shows the first rows of
five lists and each list's total asked the database five COUNTs; this asks
one SELECT of scalar subqueries, each the list's own WHERE clause."""

from django.db import connections
from django.db.models import QuerySet


def count_each(**querysets: QuerySet) -> dict[str, int]:
    """{name: COUNT(*) of that queryset} in one round trip (every queryset
    on the same database)."""
    if not querysets:
        return {}
    parts, params, alias = [], [], None
    for queryset in querysets.values():
        alias = alias or queryset.db
        sql, more = queryset.order_by().values("pk").query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted)")
        params.extend(more)
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return dict(zip(querysets, (int(n) for n in row), strict=True))
