"""Bulk loading: drop secondary indexes and the SQLite full-text trigger, insert, then rebuild.

Building an index once over sorted data is far faster than maintaining it row by row, which
matters when the demo generator or a large import writes a million rows."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime

from sqlalchemy import JSON, Table, text

from .engine import Database

# Mirrors the trigger created by migration 0001 (migrations stay frozen, so it is repeated).
_FTS_INSERT_TRIGGER = (
    "CREATE TRIGGER feedback_fts_ai AFTER INSERT ON feedback BEGIN "
    "INSERT INTO feedback_fts(rowid, text) VALUES (new.id, new.text); END"
)


@contextmanager
def bulk_load(db: Database, tables: Sequence[Table]) -> Iterator[None]:
    """Inside the block, `tables` have no secondary indexes and (SQLite) new feedback rows are
    not added to the full-text index; on leaving, both are rebuilt, even after an error."""
    indexes = [ix for t in tables for ix in t.indexes
               if not (db.is_sqlite and ix.name == "ix_feedback_text_fts")]
    fts = db.is_sqlite and any(t.name == "feedback" for t in tables)
    with db.engine.begin() as conn:
        for ix in indexes:
            ix.drop(conn)
        if fts:
            conn.execute(text("DROP TRIGGER feedback_fts_ai"))
    try:
        yield
    finally:
        with db.engine.begin() as conn:
            for ix in indexes:
                ix.create(conn)
            if fts:
                conn.execute(text(_FTS_INSERT_TRIGGER))
                conn.execute(text("INSERT INTO feedback_fts(feedback_fts) VALUES ('rebuild')"))


def _sqlite_value(value):
    """A Python value in exactly the form SQLAlchemy stores it on SQLite."""
    if value is None or isinstance(value, int | float | str | bytes):
        return value  # bool is an int subclass: stored as 0/1 like SQLAlchemy's Boolean
    if isinstance(value, datetime):
        return value.isoformat(" ", "microseconds")  # SQLAlchemy's DATETIME storage format
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value)
    raise TypeError(f"cannot bulk-insert a {type(value).__name__}")


def insert_rows(db: Database, table: Table, rows: Sequence[dict], chunk: int = 20_000) -> None:
    """Insert many rows with identical keys in one transaction, as fast as the driver allows.

    On SQLite the values are converted here and passed straight to the driver's executemany
    (SQLAlchemy's per-row type processing costs several times the insert itself); elsewhere
    Core's executemany is used."""
    if not rows:
        return
    keys = list(rows[0].keys())
    if not db.is_sqlite:
        with db.session() as s:
            for i in range(0, len(rows), chunk):
                s.execute(table.insert(), list(rows[i:i + chunk]))
        return
    json_cols = {c.name for c in table.columns if isinstance(c.type, JSON)}
    columns = ", ".join(f'"{k}"' for k in keys)
    marks = ", ".join("?" for _ in keys)
    sql = f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})'
    conv = _sqlite_value
    with db.session() as s:
        cursor = s.connection().connection.driver_connection.cursor()
        for i in range(0, len(rows), chunk):
            batch = []
            for r in rows[i:i + chunk]:
                values = []
                for k in keys:
                    v = r[k]
                    if k in json_cols:
                        v = None if v is None else json.dumps(v)
                    values.append(conv(v))
                batch.append(values)
            cursor.executemany(sql, batch)
        cursor.close()
