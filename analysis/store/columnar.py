"""Reading the store's tables as Arrow columns (through ADBC), not as Python rows.

`read_text` gives tables as `Store.read_table` gives them (text, <NA> for empty, an Int64
`version`, ordered by key); `read_typed` gives them as `analysis.datafiles.typed` makes them of
that text, with the number columns taken straight from the database's floats; `read_keys` gives
some records of one table as text. The tables of one call come from one state of the store: on
PostgreSQL through ADBC in this process, in one REPEATABLE READ transaction, on SQLite in a
process of its own (`sqlite_arrow` says why). A large table is read in parts on several
connections at once, which share that state: on PostgreSQL through the first transaction's
exported snapshot, on SQLite by a change-log token each connection must agree on.

SQLite's driver types a column by the values it meets, not by its declaration. The store declares
its columns TEXT and FLOAT, and SQLite stores by that affinity (a number written to a TEXT column
is kept as text, an integer written to a FLOAT column as a float), so a column arrives as text or
floats, or, when it holds no value at all, as nulls typed integer: those are cast here, and any
other type is refused, naming the table and column. (Casting every column in SQL instead made the
read of 1,000,000 cargo reports half as long again.)
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from pathlib import Path

import adbc_driver_postgresql.dbapi
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from analysis.schema import TABLES, Column
from analysis.store import sqlite_arrow
from analysis.store.connection import libpq_url
from analysis.store.sqlite_arrow import Query
from analysis.store.tables import CHANGES, DB_TABLES
from analysis.store.values import format_number

# Python's repr of a float switches to an exponent below and above these magnitudes (1e-05, 1e+16).
_POSITIONAL = (1e-4, 1e16)

# Moves on with every write (each logs a change): two SQLite connections that give the same
# answer read the same state of the store.
_TOKEN = sa.select(sa.func.coalesce(sa.func.max(CHANGES.c.change_id), 0))


def _query(name: str, dialect: sa.Dialect, keys: Sequence[str] | None = None) -> Query:
    """SQL for the table's schema columns and `version`, ordered by key; only the records of
    `keys` when given (passed as one JSON list)."""
    db, key = DB_TABLES[name], TABLES[name].key
    query = sa.select(*[db.c[c.name] for c in TABLES[name].columns], db.c.version).order_by(db.c[key])
    if keys is None:
        return str(query.compile(dialect=dialect)), None
    if dialect.name == "sqlite":
        listed = sa.func.json_each(sa.bindparam("keys")).table_valued("value")
    else:
        listed = sa.func.jsonb_array_elements_text(
            sa.cast(sa.bindparam("keys"), postgresql.JSONB)).table_valued("value")
    query = query.where(db.c[key].in_(sa.select(listed.c.value)))
    return str(query.compile(dialect=dialect)), [json.dumps(list(keys), ensure_ascii=False)]


def _tables(url: str, requests: list[tuple[str, Sequence[str] | None]]) -> list[pa.Table]:
    """The Arrow table of each (table name, keys or None), all read in one transaction."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        dialect = parsed.get_dialect()(paramstyle="qmark")
        path = str(Path(parsed.database).resolve())  # as SQLAlchemy would open it from here
        return sqlite_arrow.query(path, [_query(name, dialect, keys) for name, keys in requests],
                                  (str(_TOKEN.compile(dialect=dialect, compile_kwargs={"literal_binds": True})), None))
    dialect = parsed.get_dialect()(paramstyle="numeric_dollar")  # ADBC's placeholders: $1, $2, ...
    return _postgres_tables(libpq_url(url), [(name, _query(name, dialect, keys)) for name, keys in requests])


def _transaction(cursor, snapshot: str | None = None) -> None:
    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    if snapshot is not None:
        cursor.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")  # no placeholder here; an id the server made


def _postgres_tables(libpq: str, queries: list[tuple[str, Query]]) -> list[pa.Table]:
    """Each (table name, query)'s result, in one REPEATABLE READ transaction. A whole table the
    planner estimates at PART_ROWS rows or more is read in parts at once, on more connections
    that share the transaction's snapshot (pg_export_snapshot), so all see one state. The parts
    are cut as on SQLite, by `sqlite_arrow` (which holds them because its reading process may
    import nothing of ours)."""
    with ExitStack() as stack:
        cursor = stack.enter_context(stack.enter_context(adbc_driver_postgresql.dbapi.connect(libpq)).cursor())
        _transaction(cursor)
        cursor.execute("SELECT relname, reltuples FROM pg_class WHERE relkind = 'r' "
                       "AND relnamespace = current_schema()::regnamespace")
        estimate = dict(zip(*cursor.fetch_arrow_table().to_pydict().values()))
        large = {name for name, (_, parameters) in queries
                 if parameters is None and estimate.get(name, 0) >= sqlite_arrow.PART_ROWS}
        readers = [cursor]
        if large and sqlite_arrow.PARTS > 1:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            for _ in range(sqlite_arrow.PARTS - 1):
                readers.append(stack.enter_context(stack.enter_context(
                    adbc_driver_postgresql.dbapi.connect(libpq)).cursor()))
                _transaction(readers[-1], snapshot)
        tables = []
        for name, (sql, parameters) in queries:
            if name in large and len(readers) > 1:
                parts = sqlite_arrow.in_parts([lambda part, _, c=c: _fetched(c, part) for c in readers], sql,
                                              int(estimate[name]))
                tables.append(pa.concat_tables(parts))
            else:
                tables.append(_fetched(cursor, sql, parameters))
    return tables


def _fetched(cursor, sql: str, parameters: list | None = None) -> pa.Table:
    cursor.execute(sql, parameters)
    return cursor.fetch_arrow_table()


def _number_text(values: pa.ChunkedArray) -> pa.Array:
    """Floats written as `values.format_number` writes them (45000.0 -> "45000"), NaN as null.

    Arrow writes the same shortest digits as Python's repr, but chooses an exponent differently
    (1e+10 where Python writes 10000000000, 0.000015 where Python writes 1.5e-05): the few numbers
    where the two may differ are written by Python.
    """
    values = values.combine_chunks()
    values = pc.if_else(pc.is_nan(values), pa.scalar(None, pa.float64()), values)
    text = pc.cast(values, pa.large_string())
    size = pc.abs(values)
    by_python = pc.fill_null(pc.or_(pc.match_substring(text, "e"),
                                    pc.or_(pc.greater_equal(size, _POSITIONAL[1]),
                                           pc.and_(pc.less(size, _POSITIONAL[0]), pc.not_equal(size, 0)))), False)
    if not pc.any(by_python).as_py():
        return text
    written = pa.array([format_number(v) for v in pc.filter(values, by_python).to_pylist()], pa.large_string())
    return pc.replace_with_mask(text, by_python, written)


def _number_floats(values: pa.ChunkedArray) -> np.ndarray:
    """Floats as float64, NaN where missing or not finite (as `text_columns.numbers` reads text)."""
    out = values.to_numpy()
    return np.where(np.isfinite(out), out, np.nan)


def _column(name: str, column: Column, values: pa.ChunkedArray) -> pa.ChunkedArray:
    """The column as float64 (numbers) or large_string (everything else); raises ValueError
    when the store gave it values of another type."""
    number = column.kind == "number"
    arrived = values.type
    fits = (pa.types.is_floating(arrived) or pa.types.is_integer(arrived) if number
            else pa.types.is_string(arrived) or pa.types.is_large_string(arrived))
    if not fits and values.null_count < len(values):  # a column without values may arrive as integers
        raise ValueError(f"{name}.{column.name} came from the store as {arrived} values, where "
                         f"{'numbers' if number else 'text'} belong")
    return values.cast(pa.float64() if number else pa.large_string())


def _frame(name: str, table: pa.Table, typed: bool) -> pd.DataFrame:
    columns: dict[str, object] = {}
    for c in TABLES[name].columns:
        values = _column(name, c, table[c.name])
        if c.kind == "number":
            columns[c.name] = _number_floats(values) if typed else pd.arrays.ArrowStringArray(_number_text(values))
        else:
            columns[c.name] = pd.arrays.ArrowStringArray(values)
    columns["version"] = pd.array(table["version"].cast(pa.int64()).to_numpy(), dtype="Int64")
    return pd.DataFrame(columns, copy=False)


def _read(url: str, names: Iterable[str], typed: bool) -> dict[str, pd.DataFrame]:
    names = list(names)
    tables = _tables(url, [(name, None) for name in names])
    return {name: _frame(name, table, typed) for name, table in zip(names, tables)}


def read_text(url: str, names: Iterable[str]) -> dict[str, pd.DataFrame]:
    """Tables of the store at SQLAlchemy `url`, keyed by name in the order given, each as
    `Store.read_table` gives it: the schema's columns as "string" (numbers written one way,
    45000.0 as "45000"; <NA> for empty), an Int64 `version`, rows ordered by key."""
    return _read(url, names, typed=False)


def read_typed(url: str, names: Iterable[str]) -> dict[str, pd.DataFrame]:
    """Tables as `read_text` gives them after `analysis.datafiles.typed`: number columns float64
    (NaN where empty or not finite), other columns "string", an Int64 `version`."""
    return _read(url, names, typed=True)


def read_keys(url: str, name: str, keys: Iterable[str]) -> pd.DataFrame:
    """The records of one table whose key is among `keys`, as `read_text` gives them (ordered by
    key; a key with no record is left out)."""
    (table,) = _tables(url, [(name, list(dict.fromkeys(keys)))])
    return _frame(name, table, typed=False)
