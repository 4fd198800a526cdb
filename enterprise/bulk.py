"""Many rows updated, each with its own values, in one go."""

from django.db import connections, router


def update_each(model, fields: list[str], objects) -> None:
    """Write ``fields`` of the saved ``objects`` of ``model``: one
    ``UPDATE … WHERE pk = %s`` per row, sent together (in one string on
    PostgreSQL, ``executemany`` elsewhere).
    Django's ``bulk_update`` builds a CASE per field and row, which for the
    few dozen rows of a run's chunk costs more Python than the database
    spends; a chunk does this while it holds the number lock (issue 15)."""
    objects = list(objects)
    if not objects:
        return
    connection = connections[router.db_for_write(model)]
    quote, meta = connection.ops.quote_name, model._meta
    columns = [meta.get_field(name) for name in fields]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in columns)
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {assignments} "
        f"WHERE {quote(meta.pk.column)} = %s"
    )

    def values(row) -> list:
        prep = [c.get_db_prep_save(getattr(row, c.attname), connection)
                for c in columns]  # fmt: skip
        return [*prep, row.pk]

    rows = [values(obj) for obj in objects]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # psycopg2 interpolates on the client and sends the statements
            # as one string: one round trip (executemany is one per row).
            cursor.execute(
                "; ".join([sql] * len(rows)), [v for row in rows for v in row]
            )
        else:
            cursor.executemany(sql, rows)
