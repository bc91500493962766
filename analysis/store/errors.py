"""What a write can fail with, in words an editor can act on."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError

from analysis.store.tables import CONSTRAINT_RULES
from analysis.store.values import Row
from analysis.validate import Problem, ValidationError


class ConflictError(RuntimeError):
    """The record was changed or deleted by someone else since it was read; nothing was written.

    Carries `table`, `key`, `expected_version`, `current_version` (None if deleted),
    `current_row` (the other person's row as text, or None) and `changed_by`.
    """

    def __init__(self, table: str, key: str, expected_version: int, current_version: int | None,
                 current_row: Row | None, changed_by: str | None):
        self.table, self.key, self.expected_version = table, key, expected_version
        self.current_version, self.current_row, self.changed_by = current_version, current_row, changed_by
        what = "was deleted" if current_row is None else f"was changed (it is now version {current_version})"
        by = f" by {changed_by}" if changed_by else ""
        super().__init__(f"{table} record {key!r} {what}{by} after you read version {expected_version}; "
                         "nothing was written. Reload the record and make your change again.")


class StoreBusy(RuntimeError):
    """Another write held the store for longer than this one may wait; nothing was written.

    `holders` lists what was writing (one line each: what, by whom, since when).
    """

    def __init__(self, waited: float, holders: list[str]):
        self.waited, self.holders = waited, holders
        held = "; ".join(holders) if holders else "another write"
        super().__init__(f"The store is busy with {held}. This change waited {waited:g} s and was not "
                         "written; nothing was changed. Try again in a moment.")


class UndoRefused(ValueError):
    """An undo that would discard or contradict a later change; nothing was written."""


class Stale(Exception):
    """A conditional write found another version than the one expected (turned into ConflictError)."""

    def __init__(self, table: str, key: str, expected_version: int, attempted: Row | None):
        super().__init__(table, key)
        self.table, self.key, self.expected_version, self.attempted = table, key, expected_version, attempted


_SQLSTATES = {"23502": "not_null", "23505": "unique", "23503": "foreign_key", "23514": "check"}
_SQLITE_KINDS = {"NOT NULL": "not_null", "UNIQUE": "unique", "FOREIGN KEY": "foreign_key", "CHECK": "check"}


def integrity_problem(err: IntegrityError, label: str) -> Problem:
    """A readable Problem for a constraint the database refused."""
    orig = err.orig
    message = str(orig).splitlines()[0] if str(orig) else type(orig).__name__
    diag = getattr(orig, "diag", None)
    kind = _SQLSTATES.get(getattr(orig, "sqlstate", None) or "")
    name = getattr(diag, "constraint_name", None)
    column = getattr(diag, "column_name", None)
    if kind is None:  # SQLite: "CHECK constraint failed: ck_orders_quantity_positive", "NOT NULL constraint failed: t.c"
        kind = next((k for prefix, k in _SQLITE_KINDS.items() if message.startswith(prefix)), None)
        detail = message.partition("failed: ")[2]
        if kind == "check":
            name = detail
        elif detail:
            column = detail.split(", ")[0].rpartition(".")[2]
            if column == "match_key":
                name = next((n for n in CONSTRAINT_RULES if n.endswith("_match_key")
                             and detail.startswith(n[3:-len("_match_key")] + ".")), None)
    if name in CONSTRAINT_RULES:
        _, column, rule = CONSTRAINT_RULES[name]
    elif kind == "not_null":
        rule = "is required"
    elif kind == "unique":
        rule = "a record with this key already exists"
    elif kind == "foreign_key":
        rule = "would leave a reference to a record that does not exist"
    else:
        rule = message
    return Problem(label, None, column, None, f"the database refused the change: {rule}")


@contextmanager
def database_refusals(label: str) -> Iterator[None]:
    """Turn a database constraint failure (after its rollback) into a ValidationError."""
    try:
        yield
    except IntegrityError as err:
        raise ValidationError([integrity_problem(err, label)]) from None
