"""The store: every table of `analysis.schema` in SQLite (the default) or PostgreSQL.

Values are kept as published: text as text, numbers as floats, dates as the text the source
gave. The database itself enforces required columns, keys, positive numbers, allowed values
and references to other tables' keys; every write is first validated with `analysis.validate`
against what is stored, runs in one transaction and is logged in the `changes` table. Each
record carries a `version` (1, then +1 per update) so that an edit made on a stale copy is
refused with ConflictError instead of silently overwriting someone else's work.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from os import PathLike
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from analysis.datafiles import DATA_DIR, read_data_dir, seed_dir, text_frame
from analysis.schema import LOAD_ORDER, TABLES, Column, Table
from analysis.validate import Problem, ValidationError, check_dataset, known_ids, validate_table

DEFAULT_DB_PATH = "corridor.sqlite"
ACTIONS = ("insert", "update", "delete", "undo", "seed", "conflict")
CHANGE_COLUMNS = ("change_id", "at", "user", "table_name", "record_key", "action", "before", "after", "reason")

Row = dict[str, object]

METADATA = sa.MetaData()
# Constraint name -> (table, column, rule in plain words), to explain what the database refused.
_CONSTRAINT_RULES: dict[str, tuple[str, str, str]] = {}


def _key_reference(column: Column) -> str | None:
    """The "table.column" a single-valued column refers to when that column is the table's key."""
    if column.references is None or column.kind == "list":
        return None
    table, target = column.references.split(".")
    return column.references if TABLES[table].key == target else None


def _define(table: Table) -> sa.Table:
    columns: list[sa.SchemaItem] = []
    for c in table.columns:
        foreign = []
        if (ref := _key_reference(c)) is not None:
            name = f"fk_{table.name}_{c.name}"
            foreign.append(sa.ForeignKey(ref, name=name))
            _CONSTRAINT_RULES[name] = (table.name, c.name, f"every {table.name}.{c.name} must exist in {ref}")
        columns.append(sa.Column(c.name, sa.Float if c.kind == "number" else sa.Text, *foreign,
                                 primary_key=c.name == table.key, nullable=not c.required))
        if c.positive:
            name = f"ck_{table.name}_{c.name}_positive"
            columns.append(sa.CheckConstraint(sa.column(c.name) > 0, name=name))
            _CONSTRAINT_RULES[name] = (table.name, c.name, "must be greater than zero")
        if c.allowed:
            name = f"ck_{table.name}_{c.name}_allowed"
            columns.append(sa.CheckConstraint(sa.column(c.name).in_(c.allowed), name=name))
            _CONSTRAINT_RULES[name] = (table.name, c.name, f"must be one of: {', '.join(c.allowed)}")
    columns.append(sa.Column("version", sa.Integer, nullable=False))
    columns.append(sa.CheckConstraint(sa.column("version") >= 1, name=f"ck_{table.name}_version"))
    return sa.Table(table.name, METADATA, *columns)


DB_TABLES: dict[str, sa.Table] = {name: _define(TABLES[name]) for name in LOAD_ORDER}
CHANGES = sa.Table(
    "changes", METADATA,
    sa.Column("change_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.Text, nullable=False),
    sa.Column("user", sa.Text, nullable=False),
    sa.Column("table_name", sa.Text, nullable=False),
    sa.Column("record_key", sa.Text, nullable=False),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("before", sa.Text),
    sa.Column("after", sa.Text),
    sa.Column("reason", sa.Text, nullable=False),
    sa.CheckConstraint(sa.column("action").in_(ACTIONS), name="ck_changes_action"),
    sa.Index("ix_changes_record", "table_name", "record_key"),
    sqlite_autoincrement=True,
)


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


@dataclass(frozen=True)
class WriteSummary:
    """How many incoming rows were new, changed or already stored as they are."""

    new: int
    changed: int
    unchanged: int


class _Stale(Exception):
    """Internal: a conditional write found another version than the one expected."""

    def __init__(self, table: str, key: str, expected_version: int, attempted: Row | None):
        super().__init__(table, key)
        self.table, self.key, self.expected_version, self.attempted = table, key, expected_version, attempted


def _format_number(value: float) -> str:
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _to_text(column: Column, value: object) -> str | None:
    if _missing(value):
        return None
    return _format_number(value) if column.kind == "number" else str(value)


def _to_db(table: Table, row: Mapping[str, object]) -> Row:
    """Database values for a text row: floats for number columns, text (or None) otherwise."""
    out: Row = {}
    for c in table.columns:
        value = row.get(c.name)
        out[c.name] = None if _missing(value) else float(value) if c.kind == "number" else str(value)
    return out


def _canonical(table: Table, row: Mapping[str, object]) -> Row:
    """The text row as the store gives it back (numbers written the one way the store writes them)."""
    return {c.name: _to_text(c, v) for c, v in zip(table.columns, _to_db(table, row).values())}


def _json(row: Row | None) -> str | None:
    return None if row is None else json.dumps(row, ensure_ascii=False)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _resolve_url(url: str | None) -> str:
    url = url or os.environ.get("CORRIDOR_DATABASE_URL")
    if not url:
        path = Path(os.environ.get("CORRIDOR_DB_PATH") or DEFAULT_DB_PATH).resolve()
        return f"sqlite:///{path}"
    return re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", url)


def _make_engine(url: str) -> sa.Engine:
    engine = sa.create_engine(url)
    if engine.dialect.name == "sqlite":
        @sa.event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record) -> None:
            dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself, below
            cursor = dbapi_connection.cursor()
            for pragma in ("foreign_keys=ON", "journal_mode=WAL", "busy_timeout=5000"):
                cursor.execute(f"PRAGMA {pragma}")
            cursor.close()

        @sa.event.listens_for(engine, "begin")
        def _on_begin(conn: sa.Connection) -> None:
            # A writing transaction takes the write lock at once, so what it reads stays true.
            write = conn.get_execution_options().get("corridor_write")
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
    return engine


_SQLSTATES = {"23502": "not_null", "23505": "unique", "23503": "foreign_key", "23514": "check"}
_SQLITE_KINDS = {"NOT NULL": "not_null", "UNIQUE": "unique", "FOREIGN KEY": "foreign_key", "CHECK": "check"}


def _integrity_problem(err: IntegrityError, label: str) -> Problem:
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
    if name in _CONSTRAINT_RULES:
        _, column, rule = _CONSTRAINT_RULES[name]
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
def _db_errors(label: str) -> Iterator[None]:
    """Turn a database constraint failure (after its rollback) into a ValidationError."""
    try:
        yield
    except IntegrityError as err:
        raise ValidationError([_integrity_problem(err, label)]) from None


def _records(frame: pd.DataFrame) -> list[Row]:
    """Rows as dicts with None for <NA>."""
    return [{k: (None if pd.isna(v) else v) for k, v in row.items()}
            for row in frame.astype(object).to_dict("records")]


def _find(frame: pd.DataFrame, table: Table, key: str) -> Row | None:
    """The stored text row (with version) for one key, or None."""
    match = _records(frame[frame[table.key] == key])
    if not match:
        return None
    row = match[0]
    row["version"] = int(row["version"])
    return row


def _without(row: Row, *names: str) -> Row:
    return {k: v for k, v in row.items() if k not in names}


def _replace_rows(frame: pd.DataFrame, table: Table, rows: pd.DataFrame, drop: tuple[str, ...] = ()) -> pd.DataFrame:
    """The stored frame with `rows` upserted by key and the keys in `drop` removed."""
    gone = frame[table.key].isin(set(rows[table.key].dropna()) | set(drop))
    kept = frame.loc[~gone, table.column_names]
    return pd.concat([kept, rows[table.column_names]], ignore_index=True) if len(rows) else kept


def _lost_references(before: dict[str, pd.DataFrame], after: dict[str, pd.DataFrame]) -> list[Problem]:
    """Stored records that would refer to an id which the change removes."""
    old, new = known_ids(before), known_ids(after)
    lost = {ref: old[ref] - new[ref] for ref in old if old[ref] - new[ref]}
    problems = []
    for name in LOAD_ORDER:
        table = TABLES[name]
        for c in table.columns:
            if c.references not in lost:
                continue
            for row in _records(after[name][[table.key, c.name]].dropna()):
                ids = [i.strip() for i in row[c.name].split(";")] if c.kind == "list" else [row[c.name]]
                for value in [i for i in ids if i in lost[c.references]]:
                    problems.append(Problem(
                        name, None, c.name, value,
                        f"record {row[table.key]!r} still refers to this {c.references}, which the change "
                        "would remove; change or delete that record first"))
    return problems


class Store:
    """The tables of `analysis.schema` plus the change log, in one database.

    `url` is an SQLAlchemy URL; without it, env CORRIDOR_DATABASE_URL, else an SQLite file at
    env CORRIDOR_DB_PATH or "corridor.sqlite" in the working directory.
    """

    def __init__(self, url: str | None = None):
        self.url = _resolve_url(url)
        self.engine = _make_engine(self.url)
        self._writer = self.engine.execution_options(corridor_write=True)

    def close(self) -> None:
        """Close every pooled database connection."""
        self.engine.dispose()

    def create(self) -> None:
        """Create every table (and the change log) that does not exist yet."""
        METADATA.create_all(self._writer)

    def is_empty(self) -> bool:
        """True when no table holds a row and nothing was ever logged."""
        with self.engine.connect() as conn:
            return all(conn.execute(sa.select(t).limit(1)).first() is None
                       for t in [*DB_TABLES.values(), CHANGES])

    # Reading -----------------------------------------------------------------------------------

    def _read(self, conn: sa.Connection, name: str) -> pd.DataFrame:
        table, db = TABLES[name], DB_TABLES[name]
        rows = conn.execute(sa.select(db).order_by(db.c[table.key])).mappings().all()
        frame = pd.DataFrame([[_to_text(c, r[c.name]) for c in table.columns] for r in rows],
                             columns=table.column_names, dtype="string")
        frame["version"] = pd.array([r["version"] for r in rows], dtype="Int64")
        return frame

    def _read_all(self, conn: sa.Connection) -> dict[str, pd.DataFrame]:
        return {name: self._read(conn, name) for name in LOAD_ORDER}

    def read_table(self, name: str) -> pd.DataFrame:
        """One table as text ("string" columns as in the schema, <NA> for empty) plus Int64 `version`."""
        with self.engine.connect() as conn:
            return self._read(conn, name)

    def read_all(self) -> dict[str, pd.DataFrame]:
        """Every table, as `read_table` gives it, keyed by name in LOAD_ORDER."""
        with self.engine.connect() as conn:
            return self._read_all(conn)

    def _changes(self, where: sa.ColumnElement[bool] | None = None) -> pd.DataFrame:
        query = sa.select(CHANGES).order_by(CHANGES.c.change_id)
        if where is not None:
            query = query.where(where)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        frame = pd.DataFrame([tuple(r) for r in rows], columns=list(CHANGE_COLUMNS))
        return frame.astype({c: "string" for c in CHANGE_COLUMNS if c != "change_id"}).astype({"change_id": "int64"})

    def read_changes(self) -> pd.DataFrame:
        """The whole change log, oldest first (columns as in CHANGE_COLUMNS; before/after are JSON)."""
        return self._changes()

    def last_change_id(self) -> int:
        """The newest change-log id (0 for an empty log): a cheap token that moves on every write."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.max(CHANGES.c.change_id))).scalar() or 0

    def history(self, table: str, key: str) -> pd.DataFrame:
        """The changes logged for one record, oldest first (columns as in CHANGE_COLUMNS)."""
        return self._changes((CHANGES.c.table_name == table) & (CHANGES.c.record_key == str(key)))

    # Writing -----------------------------------------------------------------------------------

    def _log(self, conn: sa.Connection, entries: list[Row]) -> None:
        if entries:
            at = _now()
            conn.execute(sa.insert(CHANGES), [{"at": at, **e} for e in entries])

    def _refuse(self, stale: _Stale, user: str, reason: str) -> Exception:
        """Log a refused, conflicting write in its own transaction; the error to raise."""
        table = TABLES[stale.table]
        with self._writer.begin() as conn:
            current = _find(self._read(conn, stale.table), table, stale.key)
            last = conn.execute(
                sa.select(CHANGES.c.user).where(CHANGES.c.table_name == stale.table,
                                                 CHANGES.c.record_key == stale.key,
                                                 CHANGES.c.action != "conflict")
                .order_by(CHANGES.c.change_id.desc()).limit(1)).scalar()
            if current is None and last is None:
                return LookupError(f"{stale.table} has no record {stale.key!r}")
            self._log(conn, [{"user": user, "table_name": stale.table, "record_key": stale.key,
                              "action": "conflict", "before": _json(current), "after": _json(stale.attempted),
                              "reason": reason}])
        return ConflictError(stale.table, stale.key, stale.expected_version,
                             None if current is None else current["version"], current, last)

    def _set(self, conn: sa.Connection, name: str, key: str, row: Row, version: int) -> None:
        """Conditionally overwrite one record stored at `version`; _Stale if it is at another."""
        db, table = DB_TABLES[name], TABLES[name]
        result = conn.execute(
            sa.update(db).where(db.c[table.key] == key, db.c.version == version)
            .values(**_without(_to_db(table, row), table.key), version=version + 1))
        if result.rowcount != 1:
            raise _Stale(name, key, version, row)

    def seed(self, data_dir: str | PathLike = DATA_DIR, user: str = "seed") -> dict[str, int]:
        """Insert the rows of a data directory whose key is not stored yet, in one transaction.

        The whole directory is validated first (ValidationError, nothing written). Each insert is
        logged with action "seed". Returns the number of rows inserted per table.
        """
        folder = Path(data_dir)
        frames = read_data_dir(folder)
        check_dataset(frames, {name: f"{folder.name}/{name}.csv" for name in frames})
        added = {}
        with _db_errors(f"seeding from {folder.name}/"), self._writer.begin() as conn:
            for name in [n for n in LOAD_ORDER if n in frames]:
                table, db = TABLES[name], DB_TABLES[name]
                present = set(conn.execute(sa.select(db.c[table.key])).scalars())
                rows = [_to_db(table, r) for r in _records(frames[name]) if r[table.key] not in present]
                if rows:
                    conn.execute(sa.insert(db), [{**r, "version": 1} for r in rows])
                self._log(conn, [{"user": user, "table_name": name, "record_key": r[table.key], "action": "seed",
                                  "before": None, "after": _json({**_canonical(table, r), "version": 1}),
                                  "reason": f"seeded from {folder.name}/{name}.csv"} for r in rows])
                added[name] = len(rows)
        return added

    def write(self, table: str, rows: pd.DataFrame, user: str, reason: str,
              file_label: str | None = None) -> WriteSummary:
        """Upsert text rows into one table by key, in one transaction (see `write_many`);
        problems are labelled `file_label`, else the table name."""
        return self.write_many({table: rows}, user, reason, {table: file_label or table})[table]

    def write_many(self, batches: Mapping[str, pd.DataFrame], user: str, reason: str,
                   labels: Mapping[str, str] | None = None) -> dict[str, WriteSummary]:
        """Upsert text rows into several tables by key, all in one transaction: every table or
        none.

        The rows are validated together with what is stored and with each other (a row may cite
        an id another table of the batch adds); any problem raises ValidationError (rows counted
        as in a file, labelled `labels[table]`, else the table name) and writes nothing. A
        `version` column, where filled, must match the stored version (else ConflictError).
        New and changed rows are logged with before/after; unchanged rows are left alone.
        """
        labels = {table: (labels or {}).get(table, table) for table in batches}
        incoming, versions = {}, {}
        for table in [name for name in LOAD_ORDER if name in batches]:
            frame = text_frame(batches[table]).reset_index(drop=True)
            versions[table] = frame.pop("version") if "version" in frame else pd.Series(pd.NA, index=frame.index)
            if sorted(frame.columns) != sorted(TABLES[table].column_names):
                raise ValidationError(validate_table(table, frame, file=labels[table]))
            incoming[table] = frame
        done: dict[str, WriteSummary] = {}
        try:
            with _db_errors(", ".join(labels.values())), self._writer.begin() as conn:
                stored = self._read_all(conn)
                merged = {**stored, **{table: _replace_rows(stored[table], TABLES[table], frame)
                                       for table, frame in incoming.items()}}
                known = known_ids(merged)
                problems = [p for table, frame in incoming.items()
                            for p in validate_table(table, frame, known, file=labels[table])]
                problems += _lost_references(stored, merged)
                if problems:
                    raise ValidationError(problems)
                for table, frame in incoming.items():  # parents before the rows citing them
                    done[table] = self._upsert(conn, stored[table], table, frame, versions[table], user, reason)
        except _Stale as stale:
            raise self._refuse(stale, user, reason) from None
        return done

    def _upsert(self, conn: sa.Connection, stored: pd.DataFrame, table: str, incoming: pd.DataFrame,
                versions: pd.Series, user: str, reason: str) -> WriteSummary:
        """Write validated rows of one table inside the caller's transaction, and log them."""
        spec = TABLES[table]
        new, changed, entries = [], 0, []
        for row, version in zip(_records(incoming[spec.column_names]), versions):
            key, after = row[spec.key], _canonical(spec, row)
            current = _find(stored, spec, key)
            if current is None:
                new.append(after)
                entries.append(("insert", key, None, {**after, "version": 1}))
                continue
            if not pd.isna(version) and int(version) != current["version"]:
                raise _Stale(table, key, int(version), after)
            if after == _without(current, "version"):
                continue
            self._set(conn, table, key, after, current["version"])
            changed += 1
            entries.append(("update", key, current, {**after, "version": current["version"] + 1}))
        if new:
            conn.execute(sa.insert(DB_TABLES[table]), [{**_to_db(spec, r), "version": 1} for r in new])
        self._log(conn, [{"user": user, "table_name": table, "record_key": key, "action": action,
                          "before": _json(before), "after": _json(after), "reason": reason}
                         for action, key, before, after in entries])
        return WriteSummary(new=len(new), changed=changed, unchanged=len(incoming) - len(new) - changed)

    def update(self, table: str, key: str, values: Mapping[str, object], expected_version: int,
               user: str, reason: str) -> int:
        """Change some columns of one record that was read at `expected_version`.

        Raises ConflictError (and logs a "conflict") if the record is at another version or was
        deleted, LookupError if it never existed, ValidationError if the result is invalid.
        Returns the record's new version (unchanged when the values are already stored).
        """
        spec, label = TABLES[table], f"{table} record {key!r}"
        problems = [Problem(label, None, c, None, "is not a column of this table")
                    for c in values if c not in spec.column_names]
        if spec.key in values and str(values[spec.key]) != key:
            problems.append(Problem(label, None, spec.key, values[spec.key],
                                    "the key cannot be changed; add a new record and delete this one"))
        if problems:
            raise ValidationError(problems)
        try:
            with _db_errors(label), self._writer.begin() as conn:
                stored = self._read_all(conn)
                current = _find(stored[table], spec, key)
                attempted = {**_without(current or {}, "version"), **values, spec.key: key}
                if current is None or current["version"] != expected_version:
                    raise _Stale(table, key, expected_version,
                                 {k: None if _missing(v) else str(v) for k, v in attempted.items()})
                return self._apply(conn, stored, table, key, current, attempted, user, reason, "update", label)
        except _Stale as stale:
            raise self._refuse(stale, user, reason) from None

    def delete(self, table: str, key: str, expected_version: int, user: str, reason: str) -> None:
        """Delete one record that was read at `expected_version`, logging it.

        Raises ValidationError (nothing deleted) while other records refer to it, and
        ConflictError / LookupError as `update` does.
        """
        spec, label = TABLES[table], f"{table} record {key!r}"
        try:
            with _db_errors(label), self._writer.begin() as conn:
                stored = self._read_all(conn)
                current = _find(stored[table], spec, key)
                if current is None or current["version"] != expected_version:
                    raise _Stale(table, key, expected_version, None)
                self._apply(conn, stored, table, key, current, None, user, reason, "delete", label)
        except _Stale as stale:
            raise self._refuse(stale, user, reason) from None

    def undo(self, change_id: int, user: str, reason: str) -> int | None:
        """Put a record back as it was before change `change_id`, logged as a new "undo" change.

        Works on whatever the record is now (it may have changed since). Returns the new
        change's id, or None when the record is already in that state. Raises LookupError for
        an unknown change, ValueError for a logged conflict (it changed nothing), and
        ValidationError when the restored record would be invalid now.
        """
        with self.engine.connect() as conn:
            change = conn.execute(sa.select(CHANGES).where(CHANGES.c.change_id == change_id)).mappings().first()
        if change is None:
            raise LookupError(f"there is no change {change_id}")
        if change["action"] == "conflict":
            raise ValueError(f"change {change_id} records a refused edit, which changed nothing; there is nothing to undo")
        table, key = change["table_name"], change["record_key"]
        spec, label = TABLES[table], f"{table} record {key!r}"
        target = None if change["before"] is None else _without(json.loads(change["before"]), "version")
        undo_reason = f"undo change {change_id}: {reason}"
        try:
            with _db_errors(label), self._writer.begin() as conn:
                stored = self._read_all(conn)
                current = _find(stored[table], spec, key)
                if (current is None and target is None) or (
                        current is not None and target is not None and _without(current, "version") == target):
                    return None
                self._apply(conn, stored, table, key, current, target, user, undo_reason, "undo", label)
                return conn.execute(sa.select(sa.func.max(CHANGES.c.change_id))).scalar()
        except _Stale as stale:
            raise self._refuse(stale, user, undo_reason) from None

    def _apply(self, conn: sa.Connection, stored: dict[str, pd.DataFrame], table: str, key: str,
               current: Row | None, target: Row | None, user: str, reason: str, action: str, label: str) -> int:
        """Validate and make one record `target` (None: delete it) and log it; the new version."""
        spec, db = TABLES[table], DB_TABLES[table]
        frame = pd.DataFrame([target] if target is not None else [], columns=spec.column_names, dtype="string")
        frame = text_frame(frame)
        merged = {**stored, table: _replace_rows(stored[table], spec, frame, drop=(key,))}
        problems = [replace(p, row=None) for p in validate_table(table, frame, known_ids(merged), file=label)]
        problems += _lost_references(stored, merged)
        if problems:
            raise ValidationError(problems)
        after = None if target is None else _canonical(spec, _records(frame)[0])
        if current is not None and after == _without(current, "version"):
            return current["version"]
        if after is None:
            result = conn.execute(sa.delete(db).where(db.c[spec.key] == key, db.c.version == current["version"]))
            if result.rowcount != 1:
                raise _Stale(table, key, current["version"], None)
            version = current["version"]
        elif current is None:
            version = self._next_version(conn, table, key)
            conn.execute(sa.insert(db).values(**_to_db(spec, after), version=version))
        else:
            self._set(conn, table, key, after, current["version"])
            version = current["version"] + 1
        self._log(conn, [{"user": user, "table_name": table, "record_key": key, "action": action,
                          "before": _json(current),
                          "after": None if after is None else _json({**after, "version": version}),
                          "reason": reason}])
        return version

    def _next_version(self, conn: sa.Connection, table: str, key: str) -> int:
        """For a record put back after its deletion: one more than any version it ever had."""
        logged = conn.execute(sa.select(CHANGES.c.before, CHANGES.c.after).where(
            CHANGES.c.table_name == table, CHANGES.c.record_key == key)).all()
        versions = [json.loads(state)["version"] for pair in logged for state in pair if state]
        return max(versions, default=0) + 1


def open_default() -> Store:
    """The app's store (see Store for where it lives): tables created, and seeded from
    `seed_dir()` (the repository's data/ unless CORRIDOR_SEED_DIR names another folder) when
    nothing was ever stored."""
    store = Store()
    store.create()
    if store.is_empty():
        store.seed(seed_dir())
    return store
