"""Bulk writes for the background jobs: re-anchoring moves thousands of spans at once after an edit, and
scoring stores an assessment for each of thousands of claims.

Django's bulk_update builds a CASE expression per field and row, which made re-anchoring 10,000 spans
take over a minute; on PostgreSQL one `UPDATE … FROM (VALUES …)` per batch does the same in well under
a second. New assessments go in with COPY, which skips building and parsing a statement with thousands
of parameters. SQLite (the embedded mode) takes Django's own bulk operations.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from claims.spans import SPAN_FIELDS

BATCH_SIZE = 2000


def spans_update(model: type[Model], rows: Sequence[Sequence[object]]) -> None:
    """Write span columns of claims or evidence, each row (id, *values in SPAN_FIELDS order), and
    record each change in their history (who: nobody, a background job)."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in SPAN_FIELDS]
    if connection.vendor == "postgresql":
        # The first row of VALUES fixes the types, so its values are cast to the columns' own.
        rows_update(model, [(field.column, field.db_type(connection)) for field in fields], rows)
        history_snapshot(model, [row[0] for row in rows])
        return
    items = model.objects.in_bulk([row[0] for row in rows])
    for pk, *values in rows:
        for field, value in zip(fields, values, strict=True):
            setattr(items[pk], field.attname, value)
    model.objects.bulk_update(items.values(), SPAN_FIELDS, batch_size=500)
    model.history.bulk_history_create(items.values(), update=True)


def history_snapshot(model: type[Model], ids: Sequence[int], *, history_type: str = "~") -> None:
    """PostgreSQL: record rows as they now are in the model's django-simple-history table, as
    bulk_history_create() would, with one INSERT … SELECT instead of building a model per row."""
    history = model.history.model
    quote = connection.ops.quote_name
    tracked = [quote(f.column) for f in history._meta.concrete_fields if not f.name.startswith("history_")]
    columns = ", ".join(tracked)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(history._meta.db_table)} "
            f"({columns}, history_date, history_type, history_user_id, history_change_reason) "
            f"SELECT {columns}, %s, %s, NULL, NULL FROM {quote(model._meta.db_table)} WHERE id = ANY(%s)",
            [timezone.now(), history_type, list(ids)],
        )


def rows_update(
    model: type[Model], columns: Sequence[tuple[str, str]], rows: Sequence[Sequence[object]]
) -> None:
    """PostgreSQL: set `columns` ((name, SQL type), …) of the rows keyed by id; each row is
    (id, value, …) in the order of `columns`. One statement per BATCH_SIZE rows."""
    quote = connection.ops.quote_name
    names = [quote(name) for name, _ in columns]
    assignments = ", ".join(f"{name} = v.{name}" for name in names)
    first = "(" + ", ".join(["%s::bigint", *(f"%s::{kind}" for _, kind in columns)]) + ")"
    other = "(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        values = ", ".join([first, *[other] * (len(batch) - 1)])
        sql = (
            f"UPDATE {quote(model._meta.db_table)} AS t SET {assignments} "
            f"FROM (VALUES {values}) AS v(id, {', '.join(names)}) WHERE t.id = v.id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [value for row in batch for value in row])


def allocate_ids(model: type[Model], count: int) -> list[int]:
    """PostgreSQL: `count` new ids from the table's sequence, for rows written with copy_rows()."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def copy_rows(model: type[Model], columns: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """PostgreSQL: insert rows (values in the order of `columns`, JSON as its text) with COPY."""
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
