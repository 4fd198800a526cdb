"""The units of an imported CSV into the database, as fast as a bare INSERT.

``bulk_create`` prepared each of a unit's 22 columns through its field for
every row: 10,000 units spent most of the import in Python (issue 15). On
PostgreSQL the columns every unit of an import shares (state, flags, empty
answers…) are prepared once, from one unit made with the model's defaults,
and only the row number, replica, input and known answer per row; the rows
go in with ``execute_values``, ``chunk`` at a time. Other databases keep
``bulk_create``.
"""

from collections.abc import Iterable

from django.db import connection

from ..models import TaskUnit

PER_ROW = ("row_number", "replica", "input", "gold_answer")


def insert_units(
    *, batch_id: int, rows: Iterable, start: int, redundancy: int, chunk: int
) -> None:
    """Store ``redundancy`` units per parsed row (``input``, ``gold``),
    numbered on after row ``start``."""
    units = (
        (start + number, replica, row.input, row.gold)
        for number, row in enumerate(rows, start=1)
        for replica in range(1, redundancy + 1)
    )
    if connection.vendor != "postgresql":
        TaskUnit.objects.bulk_create(
            (
                TaskUnit(batch_id=batch_id, **dict(zip(PER_ROW, unit, strict=True)))
                for unit in units
            ),
            batch_size=chunk,
        )
        return
    from psycopg2.extras import execute_values

    fields = [f for f in TaskUnit._meta.concrete_fields if not f.primary_key]
    shared = TaskUnit(batch_id=batch_id, row_number=0, input={})
    per_row = {name: TaskUnit._meta.get_field(name) for name in PER_ROW}
    constant = {
        f.attname: f.get_db_prep_save(getattr(shared, f.attname), connection)
        for f in fields
        if f.name not in per_row
    }
    shared_values = [constant[f.attname] for f in fields if f.name not in per_row]
    columns = [f.column for f in fields if f.name not in per_row] + [
        per_row[name].column for name in PER_ROW
    ]
    prep = [per_row[name].get_db_prep_save for name in PER_ROW]
    values = (
        (*shared_values, *(p(v, connection) for p, v in zip(prep, unit, strict=True)))
        for unit in units
    )
    sql = "INSERT INTO {} ({}) VALUES %s".format(
        connection.ops.quote_name(TaskUnit._meta.db_table),
        ", ".join(connection.ops.quote_name(c) for c in columns),
    )
    with connection.cursor() as cursor:
        execute_values(cursor.cursor, sql, values, page_size=chunk)
