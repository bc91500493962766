"""Backup and restore of the store, on SQLite and on PostgreSQL: a backup restored into a new store
holds every row and the whole change log; a backup taken while a colleague keeps writing is one
consistent moment; a restore never goes over a store that holds data."""
from __future__ import annotations

import threading
import uuid

import pandas as pd
import pytest
import sqlalchemy as sa

from analysis.schema import LOAD_ORDER
from analysis.store import Store
from analysis.store.backup import BackupError, backup, main, restore
from conftest import SEED_DIR


@pytest.fixture
def new_url(store, tmp_path):
    """The URL of a new, empty store beside `store`: an SQLite file, or a new PostgreSQL database."""
    url = sa.make_url(store.url)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite'}"
        return
    name = f"restored_{uuid.uuid4().hex[:8]}"
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    yield url.set(database=name).render_as_string(hide_password=False)
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")


def contents(store: Store) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    return {name: store.read_table(name) for name in LOAD_ORDER}, store.read_changes()


def test_a_restored_backup_holds_every_row_and_the_whole_change_log(store, new_url, tmp_path):
    store.seed(SEED_DIR)
    store.update("cargo_reports", "CR003", {"vessel": "Pure Point (renamed)"}, 1, "ana", "a correction")
    store.delete("cargo_reports", "CR004", 1, "bo", "a duplicate")
    file = tmp_path / "corridor.backup"
    backup(store.url, file)
    restore(file, new_url)
    restored = Store(new_url)
    try:
        tables, changes = contents(restored)
        expected_tables, expected_changes = contents(store)
        for name in LOAD_ORDER:
            pd.testing.assert_frame_equal(tables[name], expected_tables[name], obj=name)
        pd.testing.assert_frame_equal(changes, expected_changes)
        assert len(changes) > 100 and set(changes["action"]) == {"seed", "update", "delete"}
        # The restored store is a working store: its schema is current and it takes new writes.
        restored.create()
        restored.update("cargo_reports", "CR003", {"vessel": "Pure Point"}, 2, "ana", "after the restore")
        assert restored.last_change_id() == store.last_change_id() + 1
    finally:
        restored.close()


def test_a_backup_taken_during_writes_is_one_consistent_moment(store, new_url, tmp_path):
    store.seed(SEED_DIR)
    stop, written = threading.Event(), []

    def colleague():
        version = 1
        while not stop.is_set():
            version = store.update("cargo_reports", "CR003", {"note": f"checked {version}"}, version, "bo", "busy")
            written.append(version)

    worker = threading.Thread(target=colleague)
    worker.start()
    try:
        while len(written) < 5:
            stop.wait(0.01)
        backup(store.url, tmp_path / "busy.backup")
    finally:
        stop.set()
        worker.join()
    restore(tmp_path / "busy.backup", new_url)
    restored = Store(new_url)
    try:
        row = restored.read_records("cargo_reports", ["CR003"]).iloc[0]
        changes = restored.read_changes()
        logged = changes[(changes["table_name"] == "cargo_reports") & (changes["record_key"] == "CR003")]
        # The row and the log are of the same moment: one insert, then one update per version since.
        assert int(row["version"]) == len(logged) and int(row["version"]) > 1
        assert row["note"] == f"checked {int(row['version']) - 1}"
    finally:
        restored.close()


def test_a_restore_never_goes_over_a_store_holding_data(store, tmp_path):
    store.seed(SEED_DIR)
    backup(store.url, tmp_path / "corridor.backup")
    with pytest.raises(BackupError, match="already holds"):
        restore(tmp_path / "corridor.backup", store.url)
    assert len(store.read_table("cargo_reports")) == 14


def test_a_file_that_is_not_a_backup_is_refused_with_its_reason(store, new_url, tmp_path, capsys):
    bad = tmp_path / "notes.txt"
    bad.write_text("not a backup\n")
    with pytest.raises(SystemExit) as stopped:
        main(["restore", str(bad), "--url", new_url])
    assert str(stopped.value).startswith("restore: ")
    assert "not an SQLite backup" in str(stopped.value) or "pg_restore failed" in str(stopped.value)
    with pytest.raises(SystemExit, match="does not exist"):
        main(["restore", str(tmp_path / "missing.backup"), "--url", new_url])
    if new_url.startswith("sqlite"):  # a backup of a store that is not there makes no empty file
        with pytest.raises(SystemExit, match="there is no store"):
            main(["backup", str(tmp_path / "x.backup"), "--url", new_url])
        assert not (tmp_path / "restored.sqlite").exists() and not (tmp_path / "x.backup").exists()
