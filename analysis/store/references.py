"""What a write must check beyond its own rows, asked of the database for just those rows.

Every function runs inside the caller's writing transaction. On PostgreSQL the rows a write
changes are locked FOR UPDATE and the rows it cites FOR SHARE before anything is checked, so a
record cannot be deleted while a colleague's write that cites it is under way, nor cited while
it is being deleted: whichever comes second waits, then sees the first one's result. (SQLite
serialises writers, and ignores the lock clauses.)
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import pandas as pd
import sqlalchemy as sa

from analysis.schema import TABLES
from analysis.store.tables import DB_TABLES, referring_columns
from analysis.store.values import Row, from_db_rows
from analysis.validate import Problem

CHUNK = 500  # values per IN (...) list
SHOWN = 50  # referring records named per column, at most


def chunks(values: Iterable, size: int = CHUNK) -> Iterator[list]:
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start:start + size]


def cited_ids(value: object, is_list: bool) -> list[str]:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return []
    return [i.strip() for i in str(value).split(";") if i.strip()] if is_list else [str(value)]


def stored_rows(conn: sa.Connection, table: str, keys: Iterable[str], lock: bool) -> dict[str, Row]:
    """The stored text rows (with `version`) of these keys; locked FOR UPDATE when `lock`."""
    spec, db = TABLES[table], DB_TABLES[table]
    columns = [db.c[name] for name in spec.column_names] + [db.c.version]
    out = {}
    for part in chunks(set(keys)):
        query = sa.select(*columns).where(db.c[spec.key].in_(part))
        if lock:
            query = query.with_for_update()
        out.update({r[spec.key]: r for r in from_db_rows(spec, conn.execute(query).all())})
    return out


def _holders(conn: sa.Connection, table: str, column: str, values: set[str], lock: bool) -> list[tuple[str, str]]:
    """(key, value) of the stored rows whose `column` holds one of `values`; FOR SHARE when `lock`."""
    spec, db = TABLES[table], DB_TABLES[table]
    found = []
    for part in chunks(values):
        query = sa.select(db.c[spec.key], db.c[column]).where(db.c[column].in_(part))
        if lock:
            query = query.with_for_update(read=True)
        found += [tuple(r) for r in conn.execute(query).all()]
    return found


def known_ids(conn: sa.Connection, incoming: Mapping[str, pd.DataFrame],
              columns: Mapping[str, set[str]] | None = None) -> dict[str, set[str]]:
    """For every "table.column" the incoming rows cite (in `columns` only, where given per
    table): which of the cited ids will exist once the batch is written (held by a stored row
    the batch leaves alone, or by a row of the batch). The stored rows that hold them are
    locked FOR SHARE."""
    cited: dict[str, set[str]] = {}
    for table, frame in incoming.items():
        only = (columns or {}).get(table)
        for c in TABLES[table].columns:
            if c.references and (only is None or c.name in only):
                ids = cited.setdefault(c.references, set())
                for value in frame[c.name].dropna().unique():
                    ids.update(cited_ids(value, c.kind == "list"))
    known = {}
    for ref, ids in cited.items():
        table, column = ref.split(".")
        rewritten = incoming.get(table)
        skip = set(rewritten[TABLES[table].key].dropna()) if rewritten is not None else set()
        known[ref] = {value for key, value in _holders(conn, table, column, ids, lock=True) if key not in skip}
        if rewritten is not None:
            known[ref] |= set(rewritten[column].dropna())
    return known


def vanishing(conn: sa.Connection, table: str, before: Mapping[str, Row], after: Mapping[str, Row | None],
              rewritten: set[str]) -> dict[str, set[str]]:
    """Per column of `table` that other tables cite: the values that no row will hold once the
    rows `before` become `after` (None: deleted). `rewritten` holds every key the write touches."""
    gone: dict[str, set[str]] = {}
    cited_columns = {c.references.split(".")[1] for _, c in referring_columns(table)}
    for column in cited_columns:
        old = {row[column] for key, row in before.items() if row.get(column) is not None
               and (after.get(key) is None or after[key].get(column) != row[column])}
        old -= {row[column] for row in after.values() if row is not None}
        if old and column != TABLES[table].key:
            old -= {value for key, value in _holders(conn, table, column, old, lock=True) if key not in rewritten}
        if old:
            gone[column] = old
    return gone


def _like_escaped(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def lost_references(conn: sa.Connection, table: str, gone: Mapping[str, set[str]],
                    rewritten: Mapping[str, set[str]]) -> list[Problem]:
    """A problem for each stored record (not itself rewritten by the write) that would still
    cite one of the `gone` values of `table`."""
    problems = []
    for other, c in referring_columns(table):
        column = c.references.split(".")[1]
        values = gone.get(column)
        if not values:
            continue
        spec, db = TABLES[other], DB_TABLES[other]
        skip = rewritten.get(other, set())
        hits: list[tuple[str, str]] = []
        if c.kind == "list":
            padded = sa.literal(";") + sa.func.replace(db.c[c.name], " ", "") + sa.literal(";")
            for value in sorted(values):
                query = (sa.select(db.c[spec.key]).where(padded.like(f"%;{_like_escaped(value)};%", escape="\\"))
                         .limit(SHOWN + len(skip)))
                hits += [(key, value) for key in conn.execute(query).scalars().all()]
        else:
            for part in chunks(values):
                query = (sa.select(db.c[spec.key], db.c[c.name]).where(db.c[c.name].in_(part))
                         .limit(SHOWN + len(skip)))
                hits += [tuple(r) for r in conn.execute(query).all()]
        hits = [(key, value) for key, value in hits if key not in skip]
        for key, value in sorted(hits)[:SHOWN]:
            problems.append(Problem(other, None, c.name, value,
                                    f"record {key!r} still refers to this {c.references}, which the change "
                                    "would remove; change or delete that record first"))
    return problems
