"""The store: every table of `analysis.schema` in SQLite (the default) or PostgreSQL.

`Store` is the one door for writes. Values are kept as published: text as text, numbers as
floats, dates as the text the source gave. Every write normalises identifiers, is validated
against what it needs (its own rows through the schema; keys, references, look-alike ids and
versions asked of the database for just those rows), runs in one transaction and is logged in
the change log with who made it. With an access policy (sign-in on), every write first checks
that its writer's role allows it (`analysis.access`): a viewer's write, or one under a typed
name, is refused here, whatever a page showed. Each record carries a `version` (1, then +1 per update) so that an edit made on a
stale copy is refused with ConflictError instead of overwriting someone else's work.

The package: `tables` (the database tables), `values` (text rows to database values),
`connection` (where the store lives, locks and waiting), `references` (checks and locks on
cited records), `changelog` (the log and undo), `seeding`, `errors`, `migrations` (the schema's
versions, applied by `Store.create`), `columnar` (reading tables as Arrow columns, on SQLite
through `sqlite_arrow`).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from os import PathLike

import pandas as pd
import sqlalchemy as sa

from analysis import identifiers
from analysis.access import AccessPolicy, Writer, WriteRefused
from analysis.datafiles import DATA_DIR, seed_dir, stored_text, text_frame
from analysis.schema import LOAD_ORDER, TABLES
from analysis.store import changelog, columnar, migrations, references, reviews
from analysis.store.connection import DEFAULT_DB_PATH, make_engine, now, resolve_url, write_transaction, write_wait
from analysis.store.errors import ConflictError, Stale, StoreBusy, UndoRefused, database_refusals
from analysis.store.seeding import seed_folder
from analysis.store.tables import ACTIONS, CHANGE_COLUMNS, CHANGES, DB_TABLES, METADATA
from analysis.store.values import Row, as_json, canonical, converted, missing, without
from analysis.validate import Problem, ValidationError, validate_table

__all__ = ["ACTIONS", "CHANGE_COLUMNS", "DATA_DIR", "DEFAULT_DB_PATH", "METADATA", "MAX_IMPORT_ROWS",
           "ConflictError", "Store", "StoreBusy", "UndoRefused", "WriteRefused", "WriteSummary", "Writer",
           "open_default"]

# The most rows one write may carry: a 10,000-row import holds a store of 1,000,000 reports for
# 2.3-3.1 s (docs/benchmarks.md, "Store"); a larger file is refused and can be imported in parts,
# each all-or-nothing.
MAX_IMPORT_ROWS = 10_000


@dataclass(frozen=True)
class WriteSummary:
    """How many incoming rows were new, changed or already stored as they are."""

    new: int
    changed: int
    unchanged: int


def _blank_as_none(value: object) -> str | None:
    """A form value as text, None where empty or only white space (as `text_frame` has it)."""
    if missing(value):
        return None
    text = str(value)
    return None if text.strip() == "" else text


def _what(labels: Mapping[str, str], rows: int) -> str:
    return f"the import of {', '.join(labels.values())} ({rows:,} row{'s' * (rows != 1)})"


class Store:
    """The tables of `analysis.schema` plus the change log, in one database.

    `url` is an SQLAlchemy URL; without it, env CORRIDOR_DATABASE_URL, else an SQLite file at
    env CORRIDOR_DB_PATH or "corridor.sqlite" in the working directory. A write waits at most
    `wait` seconds for another (env CORRIDOR_WRITE_WAIT, default 5), then raises StoreBusy.
    With a `policy`, writes need a verified `Writer` whose role allows them (else WriteRefused);
    without one, a writer may be a plain name.
    """

    def __init__(self, url: str | None = None, wait: float | None = None, policy: AccessPolicy | None = None):
        self.policy = policy
        self.url = resolve_url(url)
        self.wait = write_wait() if wait is None else wait
        self.engine = make_engine(self.url, self.wait)
        self._writer = self.engine.execution_options(corridor_write=True)

    def close(self) -> None:
        """Close every pooled database connection."""
        self.engine.dispose()

    def create(self) -> None:
        """Bring the database to this version's schema (`migrations.upgrade`): every table made in
        an empty one, an older store upgraded with every row and its change log kept."""
        migrations.upgrade(self.engine)

    def is_empty(self) -> bool:
        """True when no table holds a row and nothing was ever logged."""
        with self.engine.connect() as conn:
            return all(conn.execute(sa.select(t).limit(1)).first() is None
                       for t in [*DB_TABLES.values(), CHANGES])

    def _write(self, who: Writer, what: str):
        return write_transaction(self.engine, self._writer, self.wait, who.name, what)

    def _allowed(self, user: str | Writer, action: str, what: str) -> Writer:
        """The writer of a write, once the policy allows `action` (a key of `access.NEEDS`);
        WriteRefused, logged, when it does not."""
        who = Writer.of(user)
        if self.policy is not None:
            self.policy.check(who, action, what)
        return who

    # Reading -----------------------------------------------------------------------------------

    def read_table(self, name: str) -> pd.DataFrame:
        """One table as text ("string" columns as in the schema, <NA> for empty) plus Int64 `version`,
        ordered by key (read as Arrow columns, `columnar.read_text`)."""
        return columnar.read_text(self.url, [name])[name]

    def read_tables(self, names: Iterable[str]) -> dict[str, pd.DataFrame]:
        """These tables, as `read_table` gives them, keyed by name in the order given, all read in
        one transaction."""
        return columnar.read_text(self.url, names)

    def read_all(self) -> dict[str, pd.DataFrame]:
        """Every table, as `read_tables` gives them, in LOAD_ORDER."""
        return self.read_tables(LOAD_ORDER)

    def read_records(self, table: str, keys: Iterable[str]) -> pd.DataFrame:
        """The records of `table` with these keys, as `read_table` gives them (a key with no
        record is left out)."""
        return columnar.read_keys(self.url, table, keys)

    def read_typed(self) -> dict[str, pd.DataFrame]:
        """Every table as `analysis.datafiles.typed` makes it of `read_all`'s text (number columns
        float64, NaN for empty), taken straight from the stored floats, keyed by name in LOAD_ORDER."""
        return columnar.read_typed(self.url, LOAD_ORDER)

    def read_changes(self) -> pd.DataFrame:
        """The whole change log, oldest first (columns as in CHANGE_COLUMNS; before/after are JSON)."""
        with self.engine.connect() as conn:
            return changelog.read(conn)

    def changes_since(self, change_id: int) -> pd.DataFrame:
        """The log entries after `change_id`, oldest first."""
        with self.engine.connect() as conn:
            return changelog.read(conn, CHANGES.c.change_id > change_id)

    def last_change_id(self) -> int:
        """The newest change-log id (0 for an empty log): a cheap token that moves on every write."""
        with self.engine.connect() as conn:
            return changelog.last_id(conn)

    def latest_changes(self, count: int) -> pd.DataFrame:
        """The newest `count` log entries, oldest first."""
        with self.engine.connect() as conn:
            return changelog.read(conn, latest=count)

    def record_count(self, table: str) -> int:
        """How many records `table` holds."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(DB_TABLES[table])).scalar_one()

    def values(self, table: str, column: str | None = None, limit: int | None = None,
               last: bool = False) -> list[str]:
        """The distinct values `column` (the key when None) holds in `table`, sorted, empty ones
        left out; with `limit`, only those of the first `limit` records in that order (the last,
        with `last`), which needs no pass over a whole column without an index."""
        values = DB_TABLES[table].c[column or TABLES[table].key]
        query = sa.select(values).where(values.is_not(None)).order_by(values.desc() if last else values)
        query = query.distinct() if limit is None else query.limit(limit)
        with self.engine.connect() as conn:
            found = list(dict.fromkeys(conn.execute(query).scalars().all()))
        return found[::-1] if last else found

    def exists(self, table: str, key: str) -> bool:
        """Whether `table` holds a record with this key."""
        db = DB_TABLES[table]
        query = sa.select(sa.literal(1)).where(db.c[TABLES[table].key] == key).limit(1)
        with self.engine.connect() as conn:
            return conn.execute(query).first() is not None

    def search(self, table: str, text: str, limit: int) -> pd.DataFrame:
        """The first `limit` records (by key) of `table` with `text` in any column, ignoring the
        case of ASCII letters (any record when `text` is empty), as `read_table` gives them."""
        db, spec = DB_TABLES[table], TABLES[table]
        query = sa.select(db.c[spec.key]).order_by(db.c[spec.key]).limit(limit)
        if text:
            # SQLite's LIKE already ignores ASCII case, and is twice as fast without lower().
            sqlite = self.engine.dialect.name == "sqlite"
            query = query.where(sa.or_(*[
                sa.type_coerce(db.c[c.name], sa.Text).contains(text, autoescape=True) if sqlite
                else sa.cast(db.c[c.name], sa.Text).icontains(text, autoescape=True) for c in spec.columns]))
        with self.engine.connect() as conn:
            keys = list(conn.execute(query).scalars().all())
        return self.read_records(table, keys)

    def deleted_keys(self, table: str) -> list[str]:
        """The keys of `table` the log holds that no stored record has any more, sorted."""
        spec, db = TABLES[table], DB_TABLES[table]
        query = (sa.select(CHANGES.c.record_key).distinct()
                 .where(CHANGES.c.table_name == table,
                        CHANGES.c.record_key.not_in(sa.select(db.c[spec.key])))
                 .order_by(CHANGES.c.record_key))
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars().all())

    def change_time(self, change_id: int) -> str | None:
        """When change `change_id` was made (its time stamp as logged), None if the log has no such change."""
        with self.engine.connect() as conn:
            change = changelog.entry(conn, change_id)
        return None if change is None else change["at"]

    def history(self, table: str, key: str) -> pd.DataFrame:
        """The changes logged for one record, oldest first (columns as in CHANGE_COLUMNS)."""
        with self.engine.connect() as conn:
            return changelog.read(conn, (CHANGES.c.table_name == table) & (CHANGES.c.record_key == str(key)))

    # Writing -----------------------------------------------------------------------------------

    # Articles under review (News desk) -----------------------------------------------------------

    def save_review(self, review: reviews.Review, user: str | Writer) -> reviews.Review:
        """Keep an article under review with its decisions so far, as `user` (an editor's write:
        WriteRefused otherwise); the review as stored. Not data: the change log does not hold it."""
        what = f"the review of {review.title!r}"
        who = self._allowed(user, "write", what)
        stored = replace(review, updated_by=who.name, updated_at=now())
        with self._write(who, what) as conn:
            reviews.save(conn, stored)
        return stored

    def review(self, review_id: str) -> reviews.Review | None:
        with self.engine.connect() as conn:
            return reviews.read(conn, review_id)

    def reviews(self) -> pd.DataFrame:
        """Every article under review, newest first (`reviews.listing`)."""
        with self.engine.connect() as conn:
            return reviews.listing(conn)

    def seed(self, data_dir: str | PathLike = DATA_DIR, user: str = "seed") -> dict[str, int]:
        """Insert the rows of a data directory whose key is not stored yet, in one transaction.

        The whole directory is validated first (ValidationError, nothing written). Each insert is
        logged with action "seed". Returns the number of rows inserted per table.
        """
        with self._write(Writer(name=user), "seeding the store") as conn:
            return seed_folder(conn, data_dir, user)

    def _refuse(self, stale: Stale, who: Writer, reason: str) -> Exception:
        """Log a refused, conflicting write in its own transaction; the error to raise."""
        with self._write(who, f"recording a refused edit of {stale.table} record {stale.key!r}") as conn:
            current = references.stored_rows(conn, stale.table, [stale.key], lock=False).get(stale.key)
            last = changelog.last_editor(conn, stale.table, stale.key)
            if current is None and last is None:
                return LookupError(f"{stale.table} has no record {stale.key!r}")
            changelog.log(conn, [{**who.logged(), "table_name": stale.table, "record_key": stale.key,
                                  "action": "conflict", "before": as_json(current),
                                  "after": as_json(stale.attempted), "reason": reason}])
        return ConflictError(stale.table, stale.key, stale.expected_version,
                             None if current is None else current["version"], current, last)

    def write(self, table: str, rows: pd.DataFrame, user: str | Writer, reason: str,
              file_label: str | None = None) -> WriteSummary:
        """Upsert text rows into one table by key, in one transaction (see `write_many`);
        problems are labelled `file_label`, else the table name."""
        return self.write_many({table: rows}, user, reason, {table: file_label or table})[table]

    def write_many(self, batches: Mapping[str, pd.DataFrame], user: str | Writer, reason: str,
                   labels: Mapping[str, str] | None = None) -> dict[str, WriteSummary]:
        """Upsert text rows into several tables by key, all in one transaction: every table or
        none.

        Identifiers are normalised (`analysis.identifiers`). The rows are validated together
        with what is stored and with each other (a row may cite an id another table of the
        batch adds); any problem raises ValidationError (rows counted as in a file, labelled
        `labels[table]`, else the table name) and writes nothing. A `version` column, where
        filled, must match the stored version (else ConflictError). New and changed rows are
        logged with before/after; unchanged rows are left alone. At most MAX_IMPORT_ROWS rows.
        """
        labels = {table: (labels or {}).get(table, table) for table in batches}
        who = self._allowed(user, "write", _what(labels, sum(len(frame) for frame in batches.values())))
        incoming, versions = self._prepare(batches, labels)
        total = sum(len(frame) for frame in incoming.values())
        if total > MAX_IMPORT_ROWS:
            raise ValidationError([Problem(", ".join(labels.values()), None, None, None,
                                           f"{total:,} rows in one import; at most {MAX_IMPORT_ROWS:,} can be "
                                           "imported at once, so that colleagues are not kept waiting. "
                                           "Split the file and import the parts one after another")])
        try:
            with database_refusals(", ".join(labels.values())), self._write(who, _what(labels, total)) as conn:
                return self._write_rows(conn, incoming, versions, labels, who, reason)
        except Stale as stale:
            raise self._refuse(stale, who, reason) from None

    @staticmethod
    def _prepare(batches: Mapping[str, pd.DataFrame], labels: Mapping[str, str]):
        """Text frames with normalised identifiers, and their `version` columns popped."""
        incoming, versions = {}, {}
        for table in [name for name in LOAD_ORDER if name in batches]:
            frame = text_frame(batches[table]).reset_index(drop=True)
            versions[table] = frame.pop("version") if "version" in frame else pd.Series(pd.NA, index=frame.index)
            if sorted(frame.columns) != sorted(TABLES[table].column_names):
                raise ValidationError(validate_table(table, frame, file=labels[table]))
            incoming[table] = identifiers.normalise_frame(table, frame[TABLES[table].column_names])
        return incoming, versions

    def _write_rows(self, conn: sa.Connection, incoming: dict[str, pd.DataFrame], versions: dict[str, pd.Series],
                    labels: Mapping[str, str], who: Writer, reason: str, actions: tuple[str, str] = ("insert", "update"),
                    new_version: int = 1, columns: Mapping[str, set[str]] | None = None) -> dict[str, WriteSummary]:
        """Validate and upsert rows inside the caller's transaction, and log them, their text as the
        store holds it (`stored_text`). With `columns`, each column's own rules are checked only on
        those (see `validate_table`)."""
        incoming = {t: f.apply(stored_text) for t, f in incoming.items()}
        stored = {t: references.stored_rows(conn, t, f[TABLES[t].key].dropna(), lock=True) for t, f in incoming.items()}
        known = references.known_ids(conn, incoming, columns)
        problems = [p for t, f in incoming.items()
                    for p in validate_table(t, f, known, file=labels[t], columns=(columns or {}).get(t))]
        problems += [p for t, f in incoming.items() for p in self._lookalikes(conn, t, f, stored[t], labels[t])]
        rewritten = {t: set(f[TABLES[t].key].dropna()) for t, f in incoming.items()}
        if problems:
            raise ValidationError(problems)
        rows = {t: converted(TABLES[t], f) for t, f in incoming.items()}
        for t, (after, _) in rows.items():
            gone = references.vanishing(conn, t, stored[t], {r[TABLES[t].key]: r for r in after}, rewritten[t])
            problems += references.lost_references(conn, t, gone, rewritten)
        if problems:
            raise ValidationError(problems)
        summaries, entries = {}, []
        for t in incoming:  # in LOAD_ORDER: parents before the rows citing them
            summaries[t], logged = self._upsert(conn, t, rows[t], versions[t], stored[t], actions, new_version)
            entries += [{**who.logged(), "table_name": t, "record_key": key, "action": action,
                         "before": as_json(before), "after": as_json(after), "reason": reason}
                        for action, key, before, after in logged]
        changelog.log(conn, entries)
        return summaries

    @staticmethod
    def _lookalikes(conn: sa.Connection, table: str, frame: pd.DataFrame, stored: Mapping[str, Row],
                    label: str) -> list[Problem]:
        """New keys that look the same as a stored key (look-alikes within the batch are
        `validate_table`'s)."""
        spec, db = TABLES[table], DB_TABLES[table]
        keys = frame[spec.key]
        new = [(i, k) for i, k in keys.dropna().items() if k not in stored]
        if not new:
            return []
        fresh = [k for _, k in new]
        shapes = dict(zip(fresh, identifiers.skeletons(pd.Series(fresh, dtype="string"))))
        taken: dict[str, str] = {}
        for part in references.chunks(set(shapes.values())):
            taken.update({m: k for k, m in conn.execute(
                sa.select(db.c[spec.key], db.c.match_key).where(db.c.match_key.in_(part)))})
        problems = []
        for i, key in new:
            other = taken.get(shapes[key])
            if other is not None and other != key:
                problems.append(Problem(
                    label, i + 2, spec.key, key,
                    f"looks the same as the stored record {other!r} (it differs only in case, accents or "
                    f"look-alike letters); use {other!r} to change that record, or choose an id that "
                    "cannot be mistaken for it"))
        return problems

    @staticmethod
    def _upsert(conn: sa.Connection, table: str, rows: tuple[list[Row], list[Row]], versions: pd.Series,
                stored: Mapping[str, Row], actions: tuple[str, str],
                new_version: int) -> tuple[WriteSummary, list[tuple[str, str, Row | None, Row]]]:
        """Write validated rows (as `values.converted` gives them) of one table inside the
        caller's transaction; what to log of them: (action, key, before, after) each."""
        spec, db = TABLES[table], DB_TABLES[table]
        new, changed, entries = [], [], []
        for after, values, version in zip(*rows, versions):
            key = after[spec.key]
            current = stored.get(key)
            if current is None:
                new.append({**values, "version": new_version})
                entries.append((actions[0], key, None, {**after, "version": new_version}))
                continue
            if not pd.isna(version) and int(version) != current["version"]:
                raise Stale(table, key, int(version), after)
            if after == without(current, "version"):
                continue
            changed.append({**without(values, spec.key), "version": current["version"] + 1,
                            "b_key": key, "b_version": current["version"]})
            entries.append((actions[1], key, current, {**after, "version": current["version"] + 1}))
        if new:
            shapes = identifiers.skeletons(pd.Series([r[spec.key] for r in new], dtype="string")).tolist()
            conn.execute(sa.insert(db), [{**r, "match_key": shape} for r, shape in zip(new, shapes)])
        if changed:  # the rows are locked (or the store is), so the versions read still hold
            conn.execute(sa.update(db).where(db.c[spec.key] == sa.bindparam("b_key"),
                                             db.c.version == sa.bindparam("b_version")), changed)
        return WriteSummary(new=len(new), changed=len(changed), unchanged=len(rows[0]) - len(new) - len(changed)), entries

    def update(self, table: str, key: str, values: Mapping[str, object], expected_version: int,
               user: str | Writer, reason: str) -> int:
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
        who = self._allowed(user, "write", f"a correction of {label}")
        try:
            with database_refusals(label), self._write(who, f"a correction of {label}") as conn:
                current = references.stored_rows(conn, table, [key], lock=True).get(key)
                attempted = {**without(current or {}, "version"), **values, spec.key: key}
                if current is None or current["version"] != expected_version:
                    raise Stale(table, key, expected_version,
                                {k: None if missing(v) else str(v) for k, v in attempted.items()})
                return self._put(conn, table, key, current, attempted, who, reason, "update", label)
        except Stale as stale:
            raise self._refuse(stale, who, reason) from None

    def _put(self, conn: sa.Connection, table: str, key: str, current: Row | None, target: Row,
             who: Writer, reason: str, action: str, label: str) -> int:
        """Make one record `target` (validated, logged as `action`); its version afterwards."""
        spec = TABLES[table]
        row = identifiers.normalise_row(table, {c: _blank_as_none(target.get(c)) for c in spec.column_names})
        frame = pd.DataFrame([row], columns=spec.column_names, dtype="string")
        version = pd.Series([pd.NA if current is None else current["version"]], dtype="Int64")
        first = changelog.next_version(conn, table, key) if current is None else 1
        after = canonical(spec, row)
        changing = None if current is None else {table: {c for c in spec.column_names if after[c] != current.get(c)}}
        try:
            summary = self._write_rows(conn, {table: frame}, {table: version}, {table: label}, who, reason,
                                       (action, action), first, changing)[table]
        except ValidationError as err:
            raise ValidationError([replace(p, row=None) for p in err.problems]) from None
        if current is None:
            return first
        return current["version"] + (1 if summary.changed else 0)

    def delete(self, table: str, key: str, expected_version: int, user: str | Writer, reason: str) -> None:
        """Delete one record that was read at `expected_version`, logging it.

        Raises ValidationError (nothing deleted) while other records refer to it, and
        ConflictError / LookupError as `update` does.
        """
        label = f"{table} record {key!r}"
        who = self._allowed(user, "delete", f"the deletion of {label}")
        try:
            with database_refusals(label), self._write(who, f"the deletion of {label}") as conn:
                current = references.stored_rows(conn, table, [key], lock=True).get(key)
                if current is None or current["version"] != expected_version:
                    raise Stale(table, key, expected_version, None)
                self._remove(conn, table, key, current, who, reason, "delete")
        except Stale as stale:
            raise self._refuse(stale, who, reason) from None

    def _remove(self, conn: sa.Connection, table: str, key: str, current: Row, who: Writer, reason: str,
                action: str) -> None:
        """Delete one locked record unless others cite it, and log it."""
        spec, db = TABLES[table], DB_TABLES[table]
        gone = references.vanishing(conn, table, {key: current}, {key: None}, {key})
        problems = references.lost_references(conn, table, gone, {table: {key}})
        if problems:
            raise ValidationError(problems)
        conn.execute(sa.delete(db).where(db.c[spec.key] == key))
        changelog.log(conn, [{**who.logged(), "table_name": table, "record_key": key, "action": action,
                              "before": as_json(current), "after": None, "reason": reason}])

    def undo(self, change_id: int, user: str | Writer, reason: str) -> int | None:
        """Revert what change `change_id` did, logged as a new "undo" change.

        Only the fields that change set are put back, on the record as it is now; an undone
        creation deletes the record, an undone deletion puts it back. Returns the new change's
        id, or None when the record is already in that state. Raises LookupError for an unknown
        change, ValueError for a logged conflict (it changed nothing), UndoRefused when a later
        change touched the same fields (naming it), ValidationError when the result would be
        invalid now (a deletion others depend on, a reference that no longer exists). With a
        policy, undoing one's own change needs an editor, anyone else's an admin.
        """
        with self.engine.connect() as conn:
            change = changelog.entry(conn, change_id)
        if change is None:
            raise LookupError(f"there is no change {change_id}")
        if change["action"] == "conflict":
            raise ValueError(f"change {change_id} records a refused edit, which changed nothing; there is nothing to undo")
        table, key = change["table_name"], change["record_key"]
        label, undo_reason = f"{table} record {key!r}", f"undo change {change_id}: {reason}"
        what = f"the undo of change {change_id} ({label})"
        who = Writer.of(user)
        self._allowed(who, "undo own" if who.made(change) else "undo other", what)
        with database_refusals(label), self._write(who, what) as conn:
            current = references.stored_rows(conn, table, [key], lock=True).get(key)
            if changelog.already_undone(change, current):
                return None
            target = changelog.undo_target(conn, change, current)
            if target is None:
                self._remove(conn, table, key, current, who, undo_reason, "undo")
            else:
                self._put(conn, table, key, current, target, who, undo_reason, "undo", label)
            return changelog.last_id(conn)


def open_default(policy: AccessPolicy | None = None) -> Store:
    """The app's store (see Store for where it lives, and `policy`): tables created, and seeded
    from `seed_dir()` (the repository's data/ unless CORRIDOR_SEED_DIR names another folder) when
    nothing was ever stored."""
    store = Store(policy=policy)
    store.create()
    if store.is_empty():
        store.seed(seed_dir())
    return store
