"""Queries on an SQLite store answered as Arrow tables by ADBC, in a process of its own.

The ADBC SQLite driver carries its own copy of the SQLite library, and two copies in one process
break SQLite's file locking: POSIX locks belong to the process, so when one copy closes the file
the other's locks go too, and each copy, seeing no other connection of its own, takes itself for
the last one and removes the write-ahead log the other is using ("disk I/O error"). So the
driver runs in a reading process, started on first use and kept; run as a script, it imports
only pyarrow and the driver's low-level API. It takes one JSON request a line on its stdin,
`{"path": ..., "queries": [[sql, parameters], ...], "folder": ...}`, writes each table as an Arrow
IPC file in that folder and answers on its stdout with a JSON line, `{"tables": [file, ...]}` or
`{"error": message}`. The asking process maps each file and removes it: the columns are shared
through the page cache instead of copied through a pipe (0.7 s of 200 MiB of cargo reports).

The driver also infers each column's type from its first batch of rows, so that a column NULL
throughout that batch is taken for integers and a text or float met later is an error: each query
is counted first and read as one batch of all its rows, so the inference sees every value. The
queries of one request are read in one transaction, from one state of the store; a large result
is read in parts on several connections at once, each part one batch, when a token query (the
newest change-log id) shows every connection sees the state the first one does.
"""
from __future__ import annotations

import atexit
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from typing import BinaryIO

import adbc_driver_manager
import adbc_driver_sqlite
import pyarrow as pa

Query = tuple[str, list | None]  # SQL, and its parameters
_COUNTER = itertools.count()  # names the files of a reading process
# Rows of a result from which it is read in parts, on connections of their own, at once (SQLite
# reads on one core per connection: 1,000,000 cargo reports take 1.8 s on one, 0.9 s on two).
PART_ROWS = 200_000
PARTS = max(1, min(4, os.cpu_count() or 1))


def _write_file(path: str, table: pa.Table) -> None:
    with pa.OSFile(path, "wb") as out, pa.ipc.new_file(out, table.schema) as writer:
        writer.write_table(table)


def _mapped(path: str) -> pa.Table:
    """The table in the Arrow IPC file at `path`, its columns mapped, not copied; the file is
    removed (the mapping lasts as long as the columns)."""
    try:
        with pa.memory_map(path) as source:
            return pa.ipc.open_file(source).read_all()
    finally:
        os.unlink(path)


def _result(statement: adbc_driver_manager.AdbcStatement, sql: str, parameters: list | None) -> pa.Table:
    statement.set_sql_query(sql)
    if parameters:
        statement.bind(pa.record_batch([pa.array([value]) for value in parameters],
                                       names=[str(i) for i in range(len(parameters))]))
    stream, _ = statement.execute_query()
    return pa.RecordBatchReader.from_stream(stream).read_all()


def _rows(conn: adbc_driver_manager.AdbcConnection, sql: str, parameters: list | None, rows: int) -> pa.Table:
    """The query's result, read as one batch of its `rows` rows (so that types are inferred from all)."""
    with adbc_driver_manager.AdbcStatement(conn) as statement:
        statement.set_options(**{adbc_driver_sqlite.StatementOptions.BATCH_ROWS.value: str(max(rows, 1))})
        return _result(statement, sql, parameters)


def _value(conn: adbc_driver_manager.AdbcConnection, sql: str, parameters: list | None = None) -> object:
    with adbc_driver_manager.AdbcStatement(conn) as statement:
        return _result(statement, sql, parameters)[0][0].as_py()


def _opened(database: adbc_driver_manager.AdbcDatabase, stack: ExitStack) -> adbc_driver_manager.AdbcConnection:
    conn = stack.enter_context(adbc_driver_manager.AdbcConnection(database))
    conn.set_autocommit(False)
    stack.callback(conn.rollback)
    return conn


def _helpers(database: adbc_driver_manager.AdbcDatabase, stack: ExitStack, token: list,
             state: object) -> list[adbc_driver_manager.AdbcConnection]:
    """PARTS - 1 more connections reading the store in the state whose `token` (a query) gave
    `state`: their read transactions start with the token, and are kept only when it gives the
    same answer (a write committed in between changed it). No helper after three tries."""
    for _ in range(3):
        attempt = ExitStack()
        helpers = [_opened(database, attempt) for _ in range(PARTS - 1)]
        if all(_value(conn, *token) == state for conn in helpers):
            stack.push(attempt.pop_all())
            return helpers
        attempt.close()
    return []


def _joined(parts: list[pa.Table]) -> pa.Table:
    """The parts of one result as one table: a column NULL throughout a part, which the driver
    types as integers there, takes the type the other parts found for it."""
    fields = []
    for i, field in enumerate(parts[0].schema):
        found = [part.schema[i].type for part in parts if part.column(i).null_count < part.num_rows]
        fields.append(field.with_type(found[0] if found else field.type))
    schema = pa.schema(fields)
    return pa.concat_tables([part.cast(schema) for part in parts])


def in_parts(readers: list[Callable[[str, int], pa.Table]], sql: str, rows: int) -> list[pa.Table]:
    """The result of `sql` (a SELECT ordered by a unique key, with no LIMIT of its own) read in
    consecutive parts at once, part i by `readers[i](part's SQL, rows it should hold)`. The last
    part runs to the end, so `rows` may be an estimate."""
    bounds = [rows * i // len(readers) for i in range(len(readers))] + [None]
    parts = [(f"{sql} LIMIT {(end - start) if end is not None else 2 ** 63 - 1} OFFSET {start}",
              (end if end is not None else max(rows, start)) - start) for start, end in zip(bounds, bounds[1:])]
    with ThreadPoolExecutor(len(readers)) as pool:
        return list(pool.map(lambda read, part: read(*part), readers, parts))


def _read(path: str, queries: list[list], token: list | None, part_rows: int) -> list[pa.Table]:
    """Each query's result, all from one state of the store. A result of `part_rows` rows or
    more is read in parts on PARTS connections at once, when `token` shows they see that state."""
    # The low-level API: the DB-API layer imports pandas, which would make this process slow to start.
    with adbc_driver_sqlite.connect(path) as database, ExitStack() as stack:
        main = _opened(database, stack)
        state = _value(main, *token) if token else None  # the first read starts the transaction
        counts = [_value(main, f"SELECT count(*) FROM ({sql})", parameters) for sql, parameters in queries]
        helpers = []
        if token and PARTS > 1 and max(counts, default=0) >= part_rows:
            helpers = _helpers(database, stack, token, state)
        tables = []
        for (sql, parameters), rows in zip(queries, counts):
            if helpers and rows >= part_rows:
                readers = [lambda part, size, conn=conn: _rows(conn, part, parameters, size) for conn in [main, *helpers]]
                tables.append(_joined(in_parts(readers, sql, rows)))
            else:
                tables.append(_rows(main, sql, parameters, rows))
        return tables


def _answer(out: BinaryIO, request: dict) -> None:
    files = []
    try:
        for table in _read(request["path"], request["queries"], request["token"], request["part_rows"]):
            files.append(os.path.join(request["folder"], f"{next(_COUNTER)}.arrow"))
            _write_file(files[-1], table)
    except Exception as err:  # any failure is the asking process's to raise; this one goes on
        for path in files:
            os.unlink(path)
        out.write(json.dumps({"error": f"{type(err).__name__}: {err}"}).encode() + b"\n")
        return
    out.write(json.dumps({"tables": files}).encode() + b"\n")


def main() -> None:
    """Answer requests until stdin closes."""
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # anything printed goes to stderr, not into answers
    for line in sys.stdin.buffer:
        _answer(out, json.loads(line))
        out.flush()
        pa.default_memory_pool().release_unused()


class _Worker:
    """The reading process, with the folder it writes its answers in: started on first use,
    started again if it has stopped; one request at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._folder = ""
        self._owner = 0  # the pid that started it (a forked child starts its own)

    def _running(self) -> subprocess.Popen:
        if self._process is None or self._process.poll() is not None or self._owner != os.getpid():
            self._folder = tempfile.mkdtemp(prefix="corridor-read-")
            # -I: the script's folder (which holds modules named like others) stays off sys.path
            self._process = subprocess.Popen([sys.executable, "-I", __file__], stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE)
            self._owner = os.getpid()
            atexit.register(self._stop, self._process, self._folder)
        return self._process

    @staticmethod
    def _stop(process: subprocess.Popen, folder: str) -> None:
        if process.poll() is None:
            process.stdin.close()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(folder, ignore_errors=True)

    def _exchange(self, path: str, queries: list[Query], token: Query | None) -> list[pa.Table]:
        process = self._running()
        request = {"path": path, "queries": queries, "token": token, "part_rows": PART_ROWS, "folder": self._folder}
        try:
            process.stdin.write(json.dumps(request, ensure_ascii=False).encode() + b"\n")
            process.stdin.flush()
            head = json.loads(process.stdout.readline() or "null")
            if head is None:
                raise EOFError("the SQLite reading process stopped")
            if "error" in head:
                raise RuntimeError(head["error"])
            return [_mapped(file) for file in head["tables"]]
        except RuntimeError:
            raise
        except BaseException:  # an answer half read cannot be resumed: the next request starts a new process
            process.kill()
            process.wait()
            raise

    def query(self, path: str, queries: list[Query], token: Query | None) -> list[pa.Table]:
        with self._lock:
            try:
                return self._exchange(path, queries, token)
            except (EOFError, OSError):  # it had stopped (killed, out of memory): once more
                return self._exchange(path, queries, token)


_WORKER = _Worker()


def query(path: str, queries: list[Query], token: Query | None = None) -> list[pa.Table]:
    """The result of each (SQL, parameters or None) on the SQLite file at `path`, as Arrow tables,
    all from one state of the store. Raises RuntimeError with SQLite's message when a query fails.

    With `token`, a query whose answer changes with every write (the newest change-log id), a
    result of PART_ROWS rows or more is read in parts at once; such a query must be a SELECT
    ordered by a unique key, with no LIMIT of its own.
    """
    return _WORKER.query(path, queries, token)


if __name__ == "__main__":
    main()
