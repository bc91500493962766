"""Shared fixtures: a throwaway PostgreSQL server, and a fresh store on SQLite and on PostgreSQL."""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg
import pytest

from analysis.datafiles import read_data_dir, typed
from analysis.dataset import derive
from analysis.store import DATA_DIR, METADATA, Store

PG_USER = "corridor-pg"  # PostgreSQL refuses to run as root


def _pg_bindir() -> Path | None:
    """The directory holding initdb, pg_ctl and postgres, or None."""
    candidates = []
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        candidates.append(out.stdout.strip())
    if shutil.which("initdb"):
        candidates.append(str(Path(shutil.which("initdb")).parent))
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                         key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
                         reverse=True)
    for folder in candidates:
        if folder and all((Path(folder) / b).exists() for b in ("initdb", "pg_ctl", "postgres")):
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


@pytest.fixture(scope="session")
def postgres_url():
    """A postgresql+psycopg URL to a database on a PostgreSQL server started for this session.

    Skips when no PostgreSQL binaries are installed, except under CI (env CI set), where it fails.
    """
    bindir = _pg_bindir()
    if bindir is None:
        message = "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must run the PostgreSQL tests", pytrace=False)
        pytest.skip(message)
    prefix = _as_pg_user()
    root = Path(tempfile.mkdtemp(prefix="corridor-pg-"))
    if prefix:
        shutil.chown(root, PG_USER, PG_USER)
    data, log, port = root / "data", root / "server.log", _free_port()
    run = lambda *cmd: subprocess.run([*prefix, *cmd], check=True, capture_output=True, text=True)  # noqa: E731
    try:
        run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
            "-E", "UTF8", "--locale=C")
        options = (f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={root} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "60", "start")
    except subprocess.CalledProcessError as err:
        server_log = log.read_text() if log.exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"could not start PostgreSQL: {err.stderr}\n{server_log}", pytrace=False)
    admin = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("CREATE DATABASE corridor")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/corridor"
    finally:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """A fresh, empty store with its tables created: on SQLite in a new file, on PostgreSQL in the
    session's database, whose tables are dropped before and after each test."""
    if request.param == "sqlite":
        made = Store(f"sqlite:///{tmp_path / 'corridor.sqlite'}")
    else:
        made = Store(request.getfixturevalue("postgres_url"))
        METADATA.drop_all(made.engine)
    made.create()
    yield made
    if request.param == "postgresql":
        METADATA.drop_all(made.engine)
    made.close()


@pytest.fixture(scope="session")
def seed():
    """The seed dataset in data/, typed and derived as the pages see it (no store involved)."""
    frames = read_data_dir(DATA_DIR)
    return derive({name: typed(name, frame) for name, frame in frames.items()})
