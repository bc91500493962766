"""The change log: every write, refused edit and undo, and what an undo may put back.

Each entry holds the record's text row before and after the change (JSON, with its version).
An undo reverts only the fields the undone change set, on the record as it is now; it is
refused, naming the later change, when a later change touched one of those fields (or deleted
or re-created the record), so that undoing one person's change never loses another's.
"""
from __future__ import annotations

import json

import pandas as pd
import sqlalchemy as sa

from analysis.schema import TABLES
from analysis.store.connection import now
from analysis.store.errors import UndoRefused
from analysis.store.tables import CHANGE_COLUMNS, CHANGES
from analysis.store.values import Row, without

LOG_LOCK = 0x436F7272  # the PostgreSQL advisory lock that orders the change log ("Corr")


def log(conn: sa.Connection, entries: list[Row]) -> None:
    """Append entries (user, table_name, record_key, action, before, after, reason), stamped now.

    The last thing a write does before it commits. On PostgreSQL it first takes a lock held until
    the commit, so that change ids become visible in the order they were given: a reader that has
    seen change n can ask for the changes after n (`analysis.refresh`) without missing one that a
    slower write numbered earlier and committed later. (SQLite writes one at a time anyway.)
    """
    if entries:
        hold_order(conn)
        at = now()
        conn.execute(sa.insert(CHANGES), [{"at": at, **e} for e in entries])


def hold_order(conn: sa.Connection) -> None:
    """On PostgreSQL, wait for and hold until the commit the lock that orders the change log."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(LOG_LOCK)))


def read(conn: sa.Connection, where: sa.ColumnElement[bool] | None = None, latest: int | None = None) -> pd.DataFrame:
    """Log entries, oldest first (columns as in CHANGE_COLUMNS; before/after are JSON); only the
    newest `latest` of them when given."""
    query = sa.select(CHANGES).order_by(CHANGES.c.change_id.desc())
    if where is not None:
        query = query.where(where)
    if latest is not None:
        query = query.limit(latest)
    rows = conn.execute(query).all()[::-1]
    frame = pd.DataFrame([tuple(r) for r in rows], columns=list(CHANGE_COLUMNS))
    return frame.astype({c: "string" for c in CHANGE_COLUMNS if c != "change_id"}).astype({"change_id": "int64"})


def entry(conn: sa.Connection, change_id: int) -> Row | None:
    return conn.execute(sa.select(CHANGES).where(CHANGES.c.change_id == change_id)).mappings().first()


def last_id(conn: sa.Connection) -> int:
    return conn.execute(sa.select(sa.func.max(CHANGES.c.change_id))).scalar() or 0


def last_editor(conn: sa.Connection, table: str, key: str) -> str | None:
    """Who last changed a record (refused edits aside)."""
    return conn.execute(
        sa.select(CHANGES.c.user).where(CHANGES.c.table_name == table, CHANGES.c.record_key == key,
                                         CHANGES.c.action != "conflict")
        .order_by(CHANGES.c.change_id.desc()).limit(1)).scalar()


def next_version(conn: sa.Connection, table: str, key: str) -> int:
    """For a record put back after its deletion: one more than any version it ever had."""
    logged = conn.execute(sa.select(CHANGES.c.before, CHANGES.c.after).where(
        CHANGES.c.table_name == table, CHANGES.c.record_key == key)).all()
    versions = [json.loads(state)["version"] for pair in logged for state in pair if state]
    return max(versions, default=0) + 1


def _state(text: str | None) -> Row | None:
    return None if text is None else without(json.loads(text), "version")


def fields_set(before: Row | None, after: Row | None) -> set[str] | None:
    """The fields a change set; None when it created or deleted the whole record."""
    if before is None or after is None:
        return None
    return {k for k in after if before.get(k) != after.get(k)}


def already_undone(change: Row, current: Row | None) -> bool:
    """Whether the record already holds what undoing `change` would put back."""
    before, after = _state(change["before"]), _state(change["after"])
    undone = fields_set(before, after)
    if undone is None:
        return (current is None) if before is None else (
            current is not None and without(current, "version") == before)
    return current is not None and all(current.get(name) == before.get(name) for name in undone)


def undo_target(conn: sa.Connection, change: Row, current: Row | None) -> Row | None:
    """The record as undoing `change` leaves it (None: deleted), given the record as it is now.

    Raises UndoRefused when a later change to the same record would be lost.
    """
    table, key, change_id = change["table_name"], change["record_key"], change["change_id"]
    before, after = _state(change["before"]), _state(change["after"])
    undone = fields_set(before, after)
    later = conn.execute(
        sa.select(CHANGES).where(CHANGES.c.table_name == table, CHANGES.c.record_key == key,
                                 CHANGES.c.change_id > change_id, CHANGES.c.action != "conflict")
        .order_by(CHANGES.c.change_id)).mappings().all()
    for other in later:
        touched = fields_set(_state(other["before"]), _state(other["after"]))
        overlap = None if touched is None or undone is None else touched & undone
        if overlap is None or overlap:
            what = ("created or deleted the record" if overlap is None
                    else f"changed {', '.join(sorted(overlap))}")
            raise UndoRefused(
                f"Change {change_id} cannot be undone: change {other['change_id']} by {other['user']} "
                f"({other['at'][:16].replace('T', ' ')} UTC) later {what} of {table} record {key!r}, "
                "and undoing would overwrite it. Undo that change first, or correct the record by hand.")
    if undone is None:
        return None if before is None else before
    if current is None:
        return None
    state = without(current, "version")
    return {**state, **{name: before.get(name) for name in undone if name in TABLES[table].column_names}}
