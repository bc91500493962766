"""A throwaway PostgreSQL server on 127.0.0.1, for the tests and the store benchmark.

`postgres_server` initialises a data folder in a new temporary folder, starts the server from the
system's binaries on the port given (as an unprivileged user when run as root: PostgreSQL refuses
to run as root), yields the libpq URL of its `postgres` database, and stops and removes it all on
exit. `create_database` adds a database and gives its SQLAlchemy URL.
"""
from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from analysis.store.backup import pg_bindirs

PG_USER = "corridor-pg"
BINARIES = ("initdb", "pg_ctl", "postgres")


def pg_bindir() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres (the newest installed version), or None."""
    return next((folder for folder in pg_bindirs() if all((folder / b).exists() for b in BINARIES)), None)


def _as_pg_user() -> list[str]:
    """Command prefix that runs a program as an unprivileged user when we are root."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam(PG_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_USER],
                       check=True)
    return ["runuser", "-u", PG_USER, "--"]


@contextmanager
def postgres_server(port: int, settings: str = "", folder_prefix: str = "corridor-pg-") -> Iterator[str]:
    """A server listening on 127.0.0.1:`port` with the server's defaults plus `settings` (extra
    `-c name=value` options): yields the libpq URL of its `postgres` database. Raises
    RuntimeError (with the server's log) when the binaries are missing or it does not start."""
    bindir = pg_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl, postgres) not found")
    prefix = _as_pg_user()
    root = Path(tempfile.mkdtemp(prefix=folder_prefix))
    if prefix:
        shutil.chown(root, PG_USER, PG_USER)
    data, log = root / "data", root / "server.log"
    try:
        try:
            subprocess.run([*prefix, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                            "-E", "UTF8", "--locale=C"], check=True, capture_output=True, text=True)
            options = f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={root} {settings}"
            subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options.strip(),
                            "-w", "-t", "60", "start"], check=True, capture_output=True, text=True)
        except subprocess.CalledProcessError as err:
            raise RuntimeError(f"could not start PostgreSQL: {err.stderr}\n"
                               f"{log.read_text() if log.exists() else ''}") from None
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        if data.exists():
            subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                           capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def create_database(admin: str, name: str) -> str:
    """A new database `name` on the server at libpq URL `admin`: its SQLAlchemy (psycopg) URL."""
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return admin.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + f"/{name}"
