"""Many rows updated, each with its own values, in one go."""

from django.db import connections, router


def update_each(model, fields: list[str], objects) -> None:
    """Write ``fields`` of the saved ``objects`` of ``model``, each row its
    own values, in one round trip: on PostgreSQL one ``UPDATE … FROM
    unnest(pks, values…)`` statement; elsewhere ``UPDATE … WHERE pk = %s``
    by ``executemany``.
    Django's ``bulk_update`` builds a CASE per field and row, which for the
    few hundred rows of a run's chunk costs more Python than the database
    spends; a chunk does this while it holds the number lock (issue 15).
    One statement, planned once, instead of one a row sent together: 200
    statement numbers took 5 ms instead of 24 under load."""
    objects = list(objects)
    if not objects:
        return
    connection = connections[router.db_for_write(model)]
    quote, meta = connection.ops.quote_name, model._meta
    columns = [meta.get_field(name) for name in fields]

    def values(column) -> list:
        return [column.get_db_prep_save(getattr(row, column.attname), connection)
                for row in objects]  # fmt: skip

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(*_unnest_update(connection, meta, columns, values))
            return
        assignments = ", ".join(f"{quote(c.column)} = %s" for c in columns)
        cursor.executemany(
            f"UPDATE {quote(meta.db_table)} SET {assignments} "
            f"WHERE {quote(meta.pk.column)} = %s",
            list(
                zip(*(values(c) for c in columns), [o.pk for o in objects], strict=True)
            ),
        )


def _unnest_update(connection, meta, columns, values) -> tuple[str, list]:
    quote, pk = connection.ops.quote_name, meta.pk
    arrays = [f"%s::{pk.db_type(connection)}[]"] + [
        f"%s::{column.db_type(connection)}[]" for column in columns
    ]
    names = ["pk"] + [f"v{n}" for n in range(len(columns))]
    assignments = ", ".join(
        f"{quote(column.column)} = v.v{n}" for n, column in enumerate(columns)
    )
    sql = (
        f"UPDATE {quote(meta.db_table)} AS t SET {assignments} "
        f"FROM unnest({', '.join(arrays)}) AS v({', '.join(names)}) "
        f"WHERE t.{quote(pk.column)} = v.pk"
    )
    return sql, [values(pk), *(values(column) for column in columns)]
