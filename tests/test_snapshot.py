"""A new server opens a large store from its snapshot, catches up on the changes logged since,
and never uses a snapshot of another store, of another history or of other code."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest

from analysis import refresh, snapshot
from analysis.dataset import derive
from analysis.refresh import current
from analysis.schema import TABLES
from conftest import SEED_DIR, drop_store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def seeded(store, tmp_path, monkeypatch):
    monkeypatch.setenv("CORRIDOR_SNAPSHOT_DIR", str(tmp_path / "snapshots"))
    monkeypatch.setattr(snapshot, "SNAPSHOT_REPORTS", 1)  # the seed data stands in for a large store
    store.seed(SEED_DIR)
    return store


def _same(a, b) -> None:
    for name in a.tables:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name])
    for name in snapshot.VIEWS:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))


def _saved() -> None:
    for thread in threading.enumerate():
        if thread.name == "corridor-snapshot":
            thread.join()


def test_a_new_server_opens_the_snapshot_and_catches_up(seeded):
    first, since = current(seeded, None, -1)  # a full read, and a snapshot written meanwhile
    _saved()
    opened, at = snapshot.load(seeded)
    assert at == since
    _same(opened, first)
    seeded.update("cargo_reports", "CR003", {"quantity": "45200"}, 1, "ana", "port figure revised")
    data, latest = current(seeded, None, -1)  # a new server: the snapshot, then the one change
    assert latest == since + 1
    assert data.cargoes.set_index("cargo_id").at["C01", "tonnes"] == 45_200
    full = derive(seeded.read_typed())
    pd.testing.assert_frame_equal(data.cargoes, full.cargoes)
    pd.testing.assert_frame_equal(data.ledger, full.ledger)


def test_a_snapshot_is_not_used_for_other_code_or_another_history(seeded, monkeypatch):
    data, since = current(seeded, None, -1)
    _saved()
    assert snapshot.load(seeded) is not None
    monkeypatch.setattr(snapshot, "code_fingerprint", lambda: "other code")
    assert snapshot.load(seeded) is None and snapshot.load_tables(seeded) is not None
    monkeypatch.setattr(snapshot, "tables_fingerprint", lambda: "other reading of tables")
    assert snapshot.load_tables(seeded) is None
    monkeypatch.undo()
    monkeypatch.setenv("CORRIDOR_SNAPSHOT_DIR", str(snapshot.folder(seeded).parent))
    monkeypatch.setattr(snapshot, "SNAPSHOT_REPORTS", 1)
    drop_store(seeded.engine)  # the store rebuilt: the same change ids, other time stamps
    seeded.create()
    seeded.seed(SEED_DIR)
    assert seeded.last_change_id() >= since
    assert snapshot.load(seeded) is None


def test_new_derivation_code_derives_again_from_the_snapshots_tables(seeded, monkeypatch):
    """A release that changes the derivation, not how tables are read: the tables are mapped
    from the snapshot and caught up, the store is not read in full, and the derivation runs again."""
    current(seeded, None, -1)
    _saved()
    seeded.update("cargo_reports", "CR003", {"quantity": "45200"}, 1, "ana", "port figure revised")
    monkeypatch.setattr(snapshot, "code_fingerprint", lambda: "other code")
    with monkeypatch.context() as reading:
        reading.setattr(seeded, "read_typed", lambda: pytest.fail("the store was read in full"))
        data, latest = current(seeded, None, -1)
        _saved()
    assert latest == seeded.last_change_id()
    full = derive(seeded.read_typed())
    for name in full.tables:
        key = TABLES[name].key
        pd.testing.assert_frame_equal(data.tables[name].sort_values(key, ignore_index=True),
                                      full.tables[name].sort_values(key, ignore_index=True), obj=name)
    for name in snapshot.VIEWS:
        pd.testing.assert_frame_equal(getattr(data, name), getattr(full, name), obj=name)
    assert data.cargoes.set_index("cargo_id").at["C01", "tonnes"] == 45_200
    assert snapshot.load(seeded)[1] == latest  # the new code's snapshot, written meanwhile


def test_a_snapshot_cut_short_is_never_used(seeded):
    data, since = current(seeded, None, -1)
    _saved()
    (written,) = snapshot.folder(seeded).iterdir()
    assert oct(written.stat().st_mode & 0o777) == oct(0o700)
    (written / snapshot.MANIFEST).write_text('{"format": 1}')  # not a whole manifest
    assert snapshot.load(seeded) is None
    (written / snapshot.MANIFEST).unlink()  # as if the server had stopped before writing it
    assert snapshot.load(seeded) is None
    os.rename(written, written.with_name("0" * 12 + "-cut"))
    newer = snapshot.save(seeded, data, since)
    assert list(snapshot.folder(seeded).iterdir()) == [newer]  # the one cut short is removed
    assert snapshot.load(seeded)[1] == since


def test_a_small_store_keeps_no_snapshot(seeded, monkeypatch):
    monkeypatch.setattr(snapshot, "SNAPSHOT_REPORTS", 10_000)
    current(seeded, None, -1)
    _saved()
    assert not snapshot.folder(seeded).exists()


def test_catching_up_on_many_changes_writes_a_newer_snapshot(seeded, monkeypatch):
    data, since = current(seeded, None, -1)
    _saved()
    monkeypatch.setattr(refresh, "SNAPSHOT_BEHIND", 1)
    seeded.update("cargo_reports", "CR003", {"quantity": "45200"}, 1, "ana", "port figure revised")
    seeded.update("cargo_reports", "CR003", {"quantity": "45300"}, 2, "ana", "and again")
    current(seeded, None, -1)
    _saved()
    assert [p.name[:12] for p in snapshot.folder(seeded).iterdir()] == [f"{since + 2:012d}"]


def test_the_fingerprint_covers_every_module_the_derivation_loads():
    """Every analysis module a process loads to open the store and derive the dataset is in the
    fingerprint, and a module only pages use is not (a release that changes it keeps snapshots)."""
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, analysis.refresh, analysis.snapshot\n"
         "print('\\n'.join(m.__file__ for n, m in sys.modules.items() if n.startswith('analysis')))"],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    covered = set(snapshot.derivation_files())
    assert {Path(f).resolve() for f in loaded} <= covered
    assert snapshot.CODE / "reconcile.py" in covered and snapshot.CODE / "store" / "migrations" / "env.py" in covered
    assert snapshot.CODE / "economics.py" not in covered and snapshot.CODE / "overview.py" not in covered
    tables = set(snapshot.table_files())
    assert tables < covered and snapshot.CODE / "datafiles.py" in tables and snapshot.CODE / "schema.py" in tables
    assert snapshot.CODE / "reconcile.py" not in tables and snapshot.CODE / "refresh.py" not in tables
    writing = {snapshot.CODE / "store" / name
               for name in ("__init__.py", "changelog.py", "seeding.py", "references.py")}
    assert not writing & tables and writing < covered and snapshot.CODE / "access.py" not in tables
    assert snapshot.CODE / "store" / "migrations" / "versions" / "0004_change_identity.py" in tables
