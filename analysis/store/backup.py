"""Backups of the store, and their restore into a new store.

SQLite: SQLite's online backup API copies the database page by page as one consistent snapshot,
while the app goes on reading and writing it. PostgreSQL: `pg_dump` in its custom format (one
consistent snapshot too) and `pg_restore`. A backup holds every table, the change log and the
schema version, so a restored store opens as the original did at that moment.

A restore goes into a new store only (a missing or empty SQLite file, a database without the
store's tables): putting a backup over a store in use would lose the changes made since without
a trace. Move the old store away first.

    python -m analysis.store.backup backup FILE     # the store the app uses (CORRIDOR_DATABASE_URL / CORRIDOR_DB_PATH)
    python -m analysis.store.backup restore FILE
"""
from __future__ import annotations

import argparse
import glob
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from analysis.store.connection import libpq_url, resolve_url
from analysis.store.tables import CHANGES


class BackupError(RuntimeError):
    """A backup or restore that could not be made, with the reason in words."""


def pg_bindirs() -> list[Path]:
    """Folders that may hold PostgreSQL's programs, the most likely first: pg_config's, the one
    on PATH, then each /usr/lib/postgresql/<version>/bin, newest first."""
    found = []
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        found.append(out.stdout.strip())
    for program in ("initdb", "pg_dump"):
        if shutil.which(program):
            found.append(str(Path(shutil.which(program)).parent))
    found += sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                    key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0, reverse=True)
    return [Path(folder) for folder in dict.fromkeys(found) if folder]


def _pg_program(name: str) -> str:
    for folder in pg_bindirs():
        if (folder / name).exists():
            return str(folder / name)
    raise BackupError(f"{name} was not found; install PostgreSQL's client programs (Debian: postgresql-client)")


def _sqlite_path(url: str) -> Path:
    return Path(sa.make_url(url).database).resolve()


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{what} failed: {done.stderr.strip() or done.stdout.strip()}")


def backup(url: str, file: Path) -> None:
    """Write a backup of the store at `url` to `file` (replaced only once the backup is whole)."""
    file = Path(file)
    part = file.with_name(file.name + ".part")
    part.unlink(missing_ok=True)
    if sa.make_url(url).get_backend_name() == "sqlite":
        path = _sqlite_path(url)
        if not path.exists():
            raise BackupError(f"there is no store at {path}")
        source, target = sqlite3.connect(f"file:{path}?mode=ro", uri=True), sqlite3.connect(part)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    else:
        _run([_pg_program("pg_dump"), "--format=custom", "--no-owner", "--file", str(part),
              "--dbname", libpq_url(url)], "pg_dump")
    os.replace(part, file)


def _holds_store(url: str) -> bool:
    engine = sa.create_engine(url)
    try:
        return sa.inspect(engine).has_table(CHANGES.name)
    finally:
        engine.dispose()


def restore(file: Path, url: str) -> None:
    """Restore the backup `file` into the new store at `url`; BackupError if `url` already holds
    a store or the backup cannot be read."""
    file = Path(file)
    if not file.exists():
        raise BackupError(f"{file} does not exist")
    if sa.make_url(url).get_backend_name() == "sqlite":
        path = _sqlite_path(url)
        if path.exists() and path.stat().st_size > 0:
            raise BackupError(f"{path} already holds data; restore into a new file, or move it away first")
        source = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
        try:
            if source.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError(f"{file} is damaged (SQLite's quick_check failed)")
            target = sqlite3.connect(path)
            try:
                source.backup(target)
            finally:
                target.close()
        except sqlite3.DatabaseError as err:
            raise BackupError(f"{file} is not an SQLite backup: {err}") from None
        finally:
            source.close()
        return
    if _holds_store(url):
        raise BackupError("that database already holds a store; restore into a new, empty database")
    _run([_pg_program("pg_restore"), "--no-owner", "--exit-on-error", "--single-transaction",
          "--dbname", libpq_url(url), str(file)], "pg_restore")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Back up the store, or restore a backup into a new store.")
    parser.add_argument("action", choices=["backup", "restore"])
    parser.add_argument("file", type=Path)
    parser.add_argument("--url", help="SQLAlchemy URL of the store (default: as the app finds it)")
    args = parser.parse_args(argv)
    url = resolve_url(args.url)
    try:
        if args.action == "backup":
            backup(url, args.file)
        else:
            restore(args.file, url)
    except BackupError as err:
        sys.exit(f"{args.action}: {err}")
    print(f"{args.action}: done ({args.file})")


if __name__ == "__main__":
    main()
