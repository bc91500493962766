"""Where the store lives and how a write gets hold of it.

SQLite (the default) serialises writers: a writing transaction takes the write lock at its start
(BEGIN IMMEDIATE), so what it checks stays true until it commits. PostgreSQL lets writers run
side by side; there a write locks the rows it changes and the rows it cites (see `references`).
Either way a write waits at most `write_wait` seconds (env CORRIDOR_WRITE_WAIT, default 5) for
another write to finish, then fails with StoreBusy naming what holds the store, from the
`activity` table every write registers in before it starts.
"""
from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, OperationalError

from analysis.store.errors import StoreBusy
from analysis.store.tables import ACTIVITY

DEFAULT_DB_PATH = "corridor.sqlite"
DEFAULT_WRITE_WAIT = 5.0  # seconds
# A registered write older than this is taken to be from a server that stopped mid-write.
_ABANDONED = timedelta(hours=1)
# PostgreSQL: lock_not_available, deadlock_detected.
_BUSY_SQLSTATES = {"55P03", "40P01"}


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def resolve_url(url: str | None) -> str:
    """The SQLAlchemy URL: `url`, else env CORRIDOR_DATABASE_URL, else an SQLite file at env
    CORRIDOR_DB_PATH or "corridor.sqlite" in the working directory."""
    url = url or os.environ.get("CORRIDOR_DATABASE_URL")
    if not url:
        path = Path(os.environ.get("CORRIDOR_DB_PATH") or DEFAULT_DB_PATH).resolve()
        return f"sqlite:///{path}"
    return re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", url)


def libpq_url(url: str) -> str:
    """The PostgreSQL SQLAlchemy `url` as libpq reads it (postgresql://user:password@host/db)."""
    return sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def write_wait() -> float:
    """Seconds a write waits for another to finish (env CORRIDOR_WRITE_WAIT)."""
    return float(os.environ.get("CORRIDOR_WRITE_WAIT") or DEFAULT_WRITE_WAIT)


def make_engine(url: str, wait: float) -> sa.Engine:
    """An engine whose writing connections (execution option corridor_write) wait at most
    `wait` seconds for a lock."""
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"timeout": wait})

        @sa.event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record) -> None:
            dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself, below
            cursor = dbapi_connection.cursor()
            # WAL with synchronous=NORMAL: readers never wait for writers, and a commit costs no
            # fsync of its own (a power cut may lose the last commits, never corrupt the file).
            for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL",
                           f"busy_timeout={int(wait * 1000)}"):
                cursor.execute(f"PRAGMA {pragma}")
            cursor.close()

        @sa.event.listens_for(engine, "begin")
        def _on_begin(conn: sa.Connection) -> None:
            write = conn.get_execution_options().get("corridor_write")
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
        return engine

    engine = sa.create_engine(url)

    @sa.event.listens_for(engine, "begin")
    def _on_pg_begin(conn: sa.Connection) -> None:
        if conn.get_execution_options().get("corridor_write"):
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{int(wait * 1000)}ms'")
    return engine


def is_busy(err: DBAPIError) -> bool:
    """Whether a database error means another write held what this one needed."""
    if getattr(err.orig, "sqlstate", None) in _BUSY_SQLSTATES:
        return True
    return isinstance(err, OperationalError) and "database is locked" in str(err.orig)


def holders(engine: sa.Engine, own: str | None) -> list[str]:
    """What is writing now, one line each, oldest first (without the write `own`)."""
    since = (datetime.now(timezone.utc) - _ABANDONED).isoformat()
    with engine.connect() as conn:
        rows = conn.execute(sa.select(ACTIVITY).where(ACTIVITY.c.started_at >= since)
                            .order_by(ACTIVITY.c.started_at)).mappings().all()
    return [f"{r['what']} by {r['user']} (since {r['started_at'][11:19]} UTC)"
            for r in rows if r["activity_id"] != own]


def _unregister(writer: sa.Engine, own: str) -> None:
    """Remove a failed write's registration; if the store is busy again, its row is left to age out."""
    try:
        with writer.begin() as conn:
            conn.execute(sa.delete(ACTIVITY).where(ACTIVITY.c.activity_id == own))
    except DBAPIError:
        pass


@contextmanager
def write_transaction(engine: sa.Engine, writer: sa.Engine, wait: float, user: str,
                      what: str) -> Iterator[sa.Connection]:
    """One writing transaction, registered as `what` by `user` while it runs.

    Raises StoreBusy when another write holds the store for longer than `wait` seconds; the
    transaction is then rolled back and nothing is written.
    """
    own = uuid.uuid4().hex
    try:
        with writer.begin() as conn:
            conn.execute(sa.insert(ACTIVITY).values(activity_id=own, started_at=now(), user=user, what=what))
        done = False
        try:
            with writer.begin() as conn:
                yield conn
                conn.execute(sa.delete(ACTIVITY).where(ACTIVITY.c.activity_id == own))
            done = True
        finally:
            if not done:
                _unregister(writer, own)
    except DBAPIError as err:
        if not is_busy(err):
            raise
        raise StoreBusy(wait, holders(engine, own)) from None
