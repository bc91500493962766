"""The derived dataset kept on disk between server starts.

Reading and reconciling a store of 1,000,000 cargo reports takes seconds. After a full derive
the dataset (every typed table, the cargoes, the orders and the ledger) is written as Arrow IPC
files beside a manifest; a new server maps those files into memory and then reads and re-derives
only the changes logged since (`analysis.refresh`).

A snapshot is used only while its manifest still holds: the same store (where it lives, and
the time stamp the store gives the last change the snapshot includes, so that a store rebuilt
or restored to another history does not match) and the same code (a fingerprint of every source
file the derivation imports, the schema and the store with its migrations among them): a
release that changes only pages or page views keeps it. A release that changes the derivation
but not how tables are read (a second fingerprint, `table_files`) keeps its tables: they are
mapped and caught up, and only the derivation runs again (`load_tables`). Otherwise the store is
read and derived in full, and a new snapshot written.

Snapshots are written only for stores of at least SNAPSHOT_REPORTS cargo reports (a smaller one
is read in full in about a second), in a folder of their own under CORRIDOR_SNAPSHOT_DIR, else
under the user's cache folder ($XDG_CACHE_HOME or ~/.cache, then corridor/), readable by the
user only. Each is written to a new folder whose manifest is written last, so a snapshot cut
short is never used; older ones are then removed.
"""
from __future__ import annotations

import ast
import hashlib
import json
import os
import shutil
import threading
import uuid
from functools import cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
import sqlalchemy as sa

from analysis.dataset import Corridor
from analysis.store import Store

SNAPSHOT_REPORTS = 100_000  # cargo reports from which a snapshot is kept
FORMAT = 2
MANIFEST = "manifest.json"
VIEWS = ("cargoes", "orders", "ledger")
CODE = Path(__file__).resolve().parent  # the analysis package


def _module_file(name: str) -> Path | None:
    """The source file of an `analysis` module, None for anything else."""
    parts = name.split(".")
    if parts[0] != "analysis":
        return None
    base = CODE.joinpath(*parts[1:])
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _imported(starts: list[Path]) -> list[Path]:
    """The files `starts` and every `analysis` module they import, followed through."""
    found: set[Path] = set()
    todo = list(starts)
    while todo:
        path = todo.pop()
        if path in found:
            continue
        found.add(path)
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # "from package import module" runs the package too, but only the module is used
                modules = [f"{node.module}.{alias.name}" for alias in node.names]
                names = [name for name in modules if _module_file(name)]
                if len(names) < len(modules):
                    names.append(node.module)
            for name in names:
                target = _module_file(name)
                if target is not None and target not in found:
                    todo.append(target)
    return sorted(found)


def table_files() -> list[Path]:
    """The source files the typed tables depend on: how stored columns are read and typed
    (`store.columnar`, `datafiles`) and the migrations, which may rewrite stored values (they are
    loaded by name, not imported), with what they import. How the store writes is not among them:
    whatever a write stores after the snapshot is read again from the change log."""
    return _imported([CODE / "store" / "columnar.py", CODE / "datafiles.py",
                      *CODE.joinpath("store", "migrations").rglob("*.py")])


def derivation_files() -> list[Path]:
    """The source files the derived dataset depends on: `table_files` and the modules `refresh`
    and `snapshot` import, followed through."""
    return _imported([*table_files(), CODE / "__init__.py", CODE / "refresh.py", CODE / "snapshot.py"])


def _fingerprint(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(CODE)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@cache
def code_fingerprint() -> str:
    """A hash of the source files the derived dataset depends on (`derivation_files`)."""
    return _fingerprint(derivation_files())


@cache
def tables_fingerprint() -> str:
    """A hash of the source files the typed tables depend on (`table_files`)."""
    return _fingerprint(table_files())


def _where(store: Store) -> str:
    """The store's location: an SQLite file's absolute path, else the URL without its password."""
    url = sa.make_url(store.url)
    if url.get_backend_name() == "sqlite":
        return str(Path(url.database).resolve())
    return url.render_as_string(hide_password=True)


def folder(store: Store) -> Path:
    """Where the store's snapshots are kept."""
    base = os.environ.get("CORRIDOR_SNAPSHOT_DIR")
    if not base:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "corridor"
    return Path(base) / hashlib.sha256(_where(store).encode()).hexdigest()[:16]


def _frames(data: Corridor) -> dict[str, pd.DataFrame]:
    return {**{f"table-{name}": frame for name, frame in data.tables.items()},
            **{name: getattr(data, name) for name in VIEWS}}


def save(store: Store, data: Corridor, change_id: int) -> Path | None:
    """Write `data`, which includes every change up to `change_id`, as the store's snapshot;
    the snapshot's folder, or None when the store is too small to keep one or the change is
    not (or no longer) in the log."""
    at = store.change_time(change_id)
    if len(data.tables["cargo_reports"]) < SNAPSHOT_REPORTS or at is None:
        return None
    home = folder(store)
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = home / f"{change_id:012d}-{uuid.uuid4().hex[:8]}"
    target.mkdir(mode=0o700)
    for name, frame in _frames(data).items():
        table = pa.Table.from_pandas(frame, preserve_index=False)
        with pa.OSFile(str(target / f"{name}.arrow"), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
    manifest = {"format": FORMAT, "code": code_fingerprint(), "tables_code": tables_fingerprint(),
                "store": _where(store), "change_id": change_id, "at": at, "tables": sorted(data.tables)}
    (target / MANIFEST).write_text(json.dumps(manifest))
    for older in home.iterdir():
        if older != target and older.name < target.name:
            shutil.rmtree(older, ignore_errors=True)
    return target


def save_later(store: Store, data: Corridor, change_id: int) -> None:
    """`save` in a thread named "corridor-snapshot" (the process waits for it before exiting), so
    that the page that asked for the data is not kept waiting; nothing for a small store."""
    if len(data.tables["cargo_reports"]) >= SNAPSHOT_REPORTS:
        threading.Thread(target=_save_quietly, args=(store, data, change_id), name="corridor-snapshot").start()


def _save_quietly(store: Store, data: Corridor, change_id: int) -> None:
    try:
        save(store, data, change_id)
    except (OSError, sa.exc.SQLAlchemyError, pa.ArrowException):
        pass  # a snapshot only saves time: without one the next server reads the store in full


def _read(path: Path) -> pd.DataFrame:
    return pa.ipc.open_file(pa.memory_map(str(path))).read_all().to_pandas()


def _opened(store: Store, code: tuple[str, str], names: tuple[str, ...]) -> tuple[dict, dict, int] | None:
    """From the newest snapshot of the store whose manifest gives `code` (its key, and the
    fingerprint it must hold): the typed tables, the frames named `names`, and the change-log
    id it includes; None when no snapshot holds."""
    home = folder(store)
    candidates = sorted(home.iterdir(), reverse=True) if home.is_dir() else []
    for candidate in candidates:
        try:
            manifest = json.loads((candidate / MANIFEST).read_text())
            change_id, at = int(manifest["change_id"]), manifest["at"]
        except (OSError, ValueError, KeyError, TypeError):
            continue  # cut short, being removed, or not a manifest of ours
        if (manifest.get("format") != FORMAT or manifest.get(code[0]) != code[1]
                or manifest.get("store") != _where(store) or store.change_time(change_id) != at):
            continue
        try:
            tables = {name: _read(candidate / f"table-{name}.arrow") for name in manifest["tables"]}
            views = {name: _read(candidate / f"{name}.arrow") for name in names}
        except (OSError, KeyError, TypeError, pa.ArrowException):
            continue
        return tables, views, change_id
    return None


def load(store: Store) -> tuple[Corridor, int] | None:
    """The newest usable snapshot of the store and the change-log id it includes, or None."""
    opened = _opened(store, ("code", code_fingerprint()), VIEWS)
    return None if opened is None else (Corridor(opened[0], **opened[1]), opened[2])


def load_tables(store: Store) -> tuple[dict[str, pd.DataFrame], int] | None:
    """The typed tables of the newest snapshot written by code that read tables as this code
    does (whatever derived them), and the change-log id they include; None when none holds."""
    opened = _opened(store, ("tables_code", tables_fingerprint()), ())
    return None if opened is None else (opened[0], opened[2])
