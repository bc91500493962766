"""The store on SQLite and PostgreSQL: constraints in the database, seeding, validated and logged
writes that change nothing when refused, optimistic concurrency, history and undo."""
from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

import analysis.store as store_module
from analysis.schema import LOAD_ORDER, TABLES
from analysis.store import ConflictError, Store, WriteSummary, open_default
from analysis.validate import ValidationError

MINI = Path(__file__).parent / "fixtures" / "mini"
REPO = Path(__file__).resolve().parent.parent
REAL_DATA = REPO / "data"

CARGO = {  # a valid new cargo report
    "report_id": "C2-S1", "cargo_id": "C2", "order_id": "O1", "source_id": "S1", "vessel": "Second Ship",
    "grade": "Urals", "load_port": "Novorossiysk", "load_date": "2023-07", "discharge_port": "Karachi",
    "arrival_date": "2023-08-02", "quantity": "56000", "unit": "t", "qualifier": "about",
    "status": "arrived", "evidence": "press", "link": "confirmed",
}


def rows(table: str, *records: dict) -> pd.DataFrame:
    """A text frame with the table's columns, <NA> where a record gives nothing."""
    columns = TABLES[table].column_names
    return pd.DataFrame([{c: r.get(c) for c in columns} for r in records], columns=columns, dtype="string")


def stored_row(store: Store, table: str, key: str) -> dict:
    frame = store.read_table(table)
    match = frame[frame[TABLES[table].key] == key]
    assert len(match) == 1, f"{table} {key!r} not stored"
    return {k: (None if pd.isna(v) else v) for k, v in match.iloc[0].items()}


def snapshot(store: Store) -> dict[str, pd.DataFrame]:
    """Every table and the change log, and for SQLite a full SQL dump."""
    state = {**store.read_all(), "changes": store.read_changes()}
    if store.engine.dialect.name == "sqlite":
        with sqlite3.connect(store.engine.url.database) as conn:
            state["dump"] = pd.DataFrame({"sql": list(conn.iterdump())})
    return state


def assert_unchanged(before: dict, after: dict) -> None:
    assert before.keys() == after.keys()
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name], obj=name)


@pytest.fixture
def seeded(store: Store) -> Store:
    store.seed(MINI)
    return store


def test_values_exists_and_search_read_only_what_they_ask_for(seeded):
    assert seeded.values("cargo_reports", "cargo_id") == ["C1"]  # two reports, one cargo
    assert seeded.values("cargo_reports", "vessel") == ["Pure Point"]  # the empty one left out
    assert seeded.values("cargo_reports", limit=1, last=True) == ["C1-S2"]
    assert seeded.exists("cargo_reports", "C1-S2") and not seeded.exists("cargo_reports", "c1-s2")
    # Any column, case ignored, numbers found by their digits; % and _ are plain characters.
    assert list(seeded.search("cargo_reports", "PURE point", 10)["report_id"]) == ["C1-S1"]
    assert list(seeded.search("cargo_reports", "45142", 10)["report_id"]) == ["C1-S1"]
    assert list(seeded.search("cargo_reports", "rounded by", 10)["report_id"]) == ["C1-S2"]
    assert seeded.search("cargo_reports", "%", 10).empty and seeded.search("cargo_reports", "C1_S", 10).empty
    first = seeded.search("cargo_reports", "", 1)
    pd.testing.assert_frame_equal(first, seeded.read_table("cargo_reports").iloc[:1])


# The database itself -----------------------------------------------------------------------------

def test_create_makes_every_table_with_key_foreign_keys_and_checks(store):
    inspector = sa.inspect(store.engine)
    assert set(inspector.get_table_names()) - {"alembic_version"} == set(LOAD_ORDER) | {"changes", "activity", "news_reviews"}
    for name, table in TABLES.items():
        assert inspector.get_pk_constraint(name)["constrained_columns"] == [table.key]
        columns = {c["name"]: c for c in inspector.get_columns(name)}
        assert set(columns) == set(table.column_names) | {"version", "match_key"}
        assert not columns["version"]["nullable"]
        for column in table.columns:
            assert columns[column.name]["nullable"] is (not column.required), (name, column.name)
        checks = {c["name"] for c in inspector.get_check_constraints(name)}
        for column in table.columns:
            if column.positive:
                assert f"ck_{name}_{column.name}_positive" in checks
            if column.allowed:
                assert f"ck_{name}_{column.name}_allowed" in checks
    foreign = {(fk["constrained_columns"][0], fk["referred_table"], fk["referred_columns"][0])
               for fk in inspector.get_foreign_keys("cargo_reports")}
    # order_id refers to a non-key column: checked by validation, not by a foreign key.
    assert foreign == {("source_id", "sources", "source_id"), ("grade", "grades", "grade")}
    assert {fk["referred_table"] for fk in inspector.get_foreign_keys("initiative_reports")} == {
        "initiatives", "sources"}
    # events.sectors is a list of ids: checked by validation only.
    assert [fk["constrained_columns"] for fk in inspector.get_foreign_keys("events")] == [["source_id"]]
    change_columns = [c["name"] for c in inspector.get_columns("changes")]
    assert change_columns == list(store_module.CHANGE_COLUMNS)


@pytest.mark.parametrize("change", [
    {"quantity": -5.0},
    {"quantity": 0.0},
    {"unit": "gallons"},
    {"channel": "barter"},
    {"buyer": None},
    {"source_id": "NO-SUCH-SOURCE"},
    {"report_id": "O1-S2"},  # the key of a stored row
], ids=["negative", "zero", "unit", "channel", "required", "foreign-key", "duplicate-key"])
def test_database_refuses_bad_rows_inserted_directly(seeded, change):
    row = {"report_id": "O9", "order_id": "O9", "source_id": "S1", "placed_on": "2024", "buyer": "PRL",
           "seller": "Russia", "grade": None, "quantity": 10.0, "unit": "t", "qualifier": "about",
           "channel": "commercial", "evidence": "press", "note": None, "version": 1, **change}
    columns = ", ".join(f'"{c}"' for c in row)
    values = ", ".join(f":{c}" for c in row)
    with pytest.raises(IntegrityError):
        with seeded.engine.begin() as conn:
            conn.execute(sa.text(f"INSERT INTO orders ({columns}) VALUES ({values})"), row)
    assert len(seeded.read_table("orders")) == 1


# Seeding -----------------------------------------------------------------------------------------

def test_seed_inserts_every_row_once_and_logs_it(store):
    added = store.seed(MINI)
    counts = {name: len(frame) for name, frame in store.read_all().items()}
    assert added == {name: counts[name] for name in added}
    assert counts["cargo_reports"] == 2 and counts["trade_flows"] == 0
    changes = store.read_changes()
    assert (changes["action"] == "seed").all() and len(changes) == sum(counts.values())
    assert store.seed(MINI) == {name: 0 for name in added}
    assert {name: len(frame) for name, frame in store.read_all().items()} == counts
    assert len(store.read_changes()) == len(changes)


def test_seed_keeps_values_as_published(seeded):
    cargo = stored_row(seeded, "cargo_reports", "C1-S1")
    assert cargo["quantity"] == "45142" and cargo["arrival_date"] == "2023-06-11" and cargo["version"] == 1
    assert stored_row(seeded, "cargo_reports", "C1-S2")["note"] == "first cargo, as rounded by the ministry"
    assert stored_row(seeded, "targets", "T1")["value"] == "33.3"
    frame = seeded.read_table("cargo_reports")
    assert all(str(frame[c].dtype) == "string" for c in TABLES["cargo_reports"].column_names)
    assert str(frame["version"].dtype) == "Int64"


def test_seed_refuses_an_invalid_directory_and_writes_nothing(store, tmp_path):
    bad = tmp_path / "data"
    shutil.copytree(MINI, bad)
    text = (bad / "orders.csv").read_text().replace(",100000,t,", ",-100000,t,")
    (bad / "orders.csv").write_text(text)
    with pytest.raises(ValidationError) as err:
        store.seed(bad)
    assert any(p.file == "data/orders.csv" and p.row == 2 and p.column == "quantity" for p in err.value.problems)
    assert store.is_empty()


def test_seeding_the_real_data_directory_twice_gives_the_same_rows(store):
    if not any(REAL_DATA.glob("*.csv")):
        pytest.skip("data/ holds no CSV files yet")
    store.seed(REAL_DATA)
    counts = {name: len(frame) for name, frame in store.read_all().items()}
    assert counts["sources"] > 0
    logged = len(store.read_changes())
    store.seed(REAL_DATA)
    assert {name: len(frame) for name, frame in store.read_all().items()} == counts
    assert len(store.read_changes()) == logged


def test_open_default_creates_and_seeds_only_an_empty_store(tmp_path, monkeypatch):
    monkeypatch.delenv("CORRIDOR_DATABASE_URL", raising=False)
    monkeypatch.setenv("CORRIDOR_DB_PATH", str(tmp_path / "app.sqlite"))
    monkeypatch.setenv("CORRIDOR_SEED_DIR", str(MINI))
    first = open_default()
    first.delete("targets", "T1", 1, "ana", "not a real target")
    first.close()
    second = open_default()
    assert "T1" not in set(second.read_table("targets")["target_id"])  # not seeded again
    assert len(second.read_table("sources")) == 3
    second.close()


# Where the store lives ---------------------------------------------------------------------------

def test_store_location_comes_from_argument_then_environment_then_default(tmp_path, monkeypatch):
    monkeypatch.delenv("CORRIDOR_DATABASE_URL", raising=False)
    monkeypatch.delenv("CORRIDOR_DB_PATH", raising=False)
    monkeypatch.chdir(tmp_path)
    assert Store().url == f"sqlite:///{tmp_path / 'corridor.sqlite'}"
    monkeypatch.setenv("CORRIDOR_DB_PATH", str(tmp_path / "other.sqlite"))
    assert Store().url == f"sqlite:///{tmp_path / 'other.sqlite'}"
    monkeypatch.setenv("CORRIDOR_DATABASE_URL", "postgresql://u@db.example/corridor")
    assert Store().url == "postgresql+psycopg://u@db.example/corridor"
    assert Store("sqlite:///x.sqlite").url == "sqlite:///x.sqlite"


def test_default_database_file_is_git_ignored():
    ignored = (REPO / ".gitignore").read_text().split()
    assert {"corridor.sqlite", "*.sqlite-wal", "*.sqlite-shm", ".venv/"} <= set(ignored)


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'x.sqlite'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    store.close()


# write() -----------------------------------------------------------------------------------------

BAD_CARGO = [
    ({"quantity": "-45142"}, "quantity", "-45142", "greater than zero"),
    ({"unit": "barrels"}, "unit", "barrels", "must be one of"),
    ({"arrival_date": "sometime in 2023"}, "arrival_date", "sometime in 2023", "real date"),
    ({"source_id": None}, "source_id", None, "is required"),
    ({"source_id": "S404"}, "source_id", "S404", "must exist in sources.source_id"),
    ({"report_id": "C2-S1"}, "report_id", "C2-S1", "duplicates"),
    ({"order_id": "O404"}, "order_id", "O404", "must exist in orders.order_id"),
]


@pytest.mark.parametrize("bad, column, value, rule", BAD_CARGO,
                         ids=[b[1] + ":" + str(b[2]) for b in BAD_CARGO])
def test_write_with_a_bad_row_names_it_and_changes_nothing(seeded, bad, column, value, rule):
    before = snapshot(seeded)
    batch = rows("cargo_reports", CARGO, {**CARGO, "report_id": "C3-S1", **bad})
    with pytest.raises(ValidationError) as err:
        seeded.write("cargo_reports", batch, "ana", "import", file_label="upload.csv")
    problems = [p for p in err.value.problems if p.column == column]
    assert problems, err.value
    assert any(p.file == "upload.csv" and p.row == 3 and p.value == value and rule in p.rule
               for p in problems), err.value
    assert "upload.csv, row 3" in str(err.value)
    assert_unchanged(before, snapshot(seeded))


def test_write_lists_every_problem_at_once(seeded):
    batch = rows("cargo_reports", {**CARGO, "quantity": "-1", "unit": "barrels"},
                 {**CARGO, "report_id": "C4", "status": "sunk", "source_id": "S404"})
    with pytest.raises(ValidationError) as err:
        seeded.write("cargo_reports", batch, "ana", "import")
    found = {(p.row, p.column) for p in err.value.problems}
    assert {(2, "quantity"), (2, "unit"), (3, "status"), (3, "source_id")} <= found


def test_write_refuses_a_header_that_does_not_match(seeded):
    batch = rows("cargo_reports", CARGO).rename(columns={"vessel": "ship"})
    with pytest.raises(ValidationError) as err:
        seeded.write("cargo_reports", batch, "ana", "import")
    assert {p.column for p in err.value.problems} == {"vessel", "ship"}


def test_write_inserts_updates_skips_unchanged_and_logs(seeded):
    changed = {**{c: v for c, v in stored_row(seeded, "cargo_reports", "C1-S2").items() if c != "version"},
               "vessel": "Pure Point"}
    unchanged = {**stored_row(seeded, "cargo_reports", "C1-S1"), "quantity": "45142.0"}  # same number
    unchanged.pop("version")
    logged = len(seeded.read_changes())
    summary = seeded.write("cargo_reports", rows("cargo_reports", CARGO, changed, unchanged), "ana", "new cargo")
    assert summary == WriteSummary(new=1, changed=1, unchanged=1)
    assert stored_row(seeded, "cargo_reports", "C2-S1")["version"] == 1
    assert stored_row(seeded, "cargo_reports", "C1-S2")["version"] == 2
    assert stored_row(seeded, "cargo_reports", "C1-S2")["vessel"] == "Pure Point"
    assert stored_row(seeded, "cargo_reports", "C1-S1")["version"] == 1
    changes = seeded.read_changes().iloc[logged:]
    assert sorted(changes["action"]) == ["insert", "update"]
    assert set(changes["user"]) == {"ana"} and set(changes["reason"]) == {"new cargo"}
    insert = changes[changes["action"] == "insert"].iloc[0]
    assert insert["record_key"] == "C2-S1" and pd.isna(insert["before"])
    assert json.loads(insert["after"])["quantity"] == "56000"
    update = changes[changes["action"] == "update"].iloc[0]
    assert json.loads(update["before"])["vessel"] is None and json.loads(update["before"])["version"] == 1
    assert json.loads(update["after"])["vessel"] == "Pure Point" and json.loads(update["after"])["version"] == 2
    again = seeded.write("cargo_reports", rows("cargo_reports", CARGO), "ana", "same again")
    assert again == WriteSummary(new=0, changed=0, unchanged=1)
    assert len(seeded.read_changes()) == logged + 2


def test_write_resolves_references_against_stored_and_incoming_rows(seeded):
    seeded.write("sources", rows("sources", {"source_id": "S9", "publisher": "Wire", "title": "t",
                                             "url": "https://example.org/9", "published_on": "2024-02",
                                             "kind": "news"}), "ana", "new source")
    seeded.write("cargo_reports", rows("cargo_reports", {**CARGO, "source_id": "S9"}), "ana", "cites S9")
    assert stored_row(seeded, "cargo_reports", "C2-S1")["source_id"] == "S9"


NEW_SOURCE = {"source_id": "S9", "publisher": "Wire", "title": "t", "url": "https://example.org/9",
              "published_on": "2024-02", "kind": "news"}


def test_write_many_writes_tables_citing_each_other_in_one_go(seeded):
    done = seeded.write_many({"cargo_reports": rows("cargo_reports", {**CARGO, "source_id": "S9"}),
                              "sources": rows("sources", NEW_SOURCE)}, "ana", "cargo and its source")
    assert (done["sources"].new, done["cargo_reports"].new) == (1, 1)
    assert stored_row(seeded, "cargo_reports", "C2-S1")["source_id"] == "S9"
    logged = seeded.read_changes().query("user == 'ana'")
    assert logged["table_name"].tolist() == ["sources", "cargo_reports"]  # parents first


def test_write_many_refuses_every_table_when_one_has_a_problem(seeded):
    before = snapshot(seeded)
    with pytest.raises(ValidationError) as err:
        seeded.write_many({"sources": rows("sources", NEW_SOURCE),
                           "cargo_reports": rows("cargo_reports", {**CARGO, "source_id": "S9", "quantity": "-5"})},
                          "ana", "bad batch", {"cargo_reports": "upload.xlsx → cargo_reports"})
    assert [(p.file, p.column, p.rule) for p in err.value.problems] == [
        ("upload.xlsx → cargo_reports", "quantity", "must be greater than zero")]
    assert_unchanged(before, snapshot(seeded))  # the valid new source was not written either


def test_write_refuses_to_remove_an_id_other_records_use(seeded):
    order = {k: v for k, v in stored_row(seeded, "orders", "O1-S2").items() if k != "version"}
    before = snapshot(seeded)
    with pytest.raises(ValidationError) as err:
        seeded.write("orders", rows("orders", {**order, "order_id": "O2"}), "ana", "renumber")
    assert any(p.file == "cargo_reports" and p.column == "order_id" and p.value == "O1" and "C1-S1" in p.rule
               for p in err.value.problems), err.value
    assert_unchanged(before, snapshot(seeded))


def test_write_with_a_stale_version_column_is_a_conflict(seeded):
    seeded.update("cargo_reports", "C1-S1", {"vessel": "Renamed"}, 1, "bo", "fix")
    stale = seeded.read_table("cargo_reports")
    stale = stale[stale["report_id"] == "C1-S1"].assign(version=1, note="from an old copy")
    with pytest.raises(ConflictError) as err:
        seeded.write("cargo_reports", stale, "ana", "bulk edit")
    assert err.value.current_version == 2 and err.value.changed_by == "bo"
    assert pd.isna(stored_row(seeded, "cargo_reports", "C1-S1")["note"])
    assert seeded.read_changes().iloc[-1]["action"] == "conflict"


def test_a_constraint_the_database_refuses_becomes_a_validation_error(seeded, monkeypatch):
    monkeypatch.setattr(store_module, "validate_table", lambda *args, **kwargs: [])
    before = snapshot(seeded)
    for bad, column in (({"quantity": "-1"}, "quantity"), ({"unit": "barrels"}, "unit")):
        batch = rows("cargo_reports", CARGO, {**CARGO, "report_id": "C3", **bad})
        with pytest.raises(ValidationError) as err:
            seeded.write("cargo_reports", batch, "ana", "import")
        [problem] = err.value.problems
        assert problem.column == column and "database refused" in problem.rule
    with pytest.raises(ValidationError, match="database refused"):
        seeded.write("cargo_reports", rows("cargo_reports", {**CARGO, "source_id": "S404"}), "ana", "import")
    assert_unchanged(before, snapshot(seeded))


# update() and delete() ---------------------------------------------------------------------------

def test_update_changes_one_record_bumps_its_version_and_logs(seeded):
    version = seeded.update("cargo_reports", "C1-S2", {"quantity": 45122, "vessel": "Pure Point"}, 1,
                            "ana", "ministry corrected the figure")
    assert version == 2
    row = stored_row(seeded, "cargo_reports", "C1-S2")
    assert (row["quantity"], row["vessel"], row["version"]) == ("45122", "Pure Point", 2)
    last = seeded.history("cargo_reports", "C1-S2").iloc[-1]
    assert (last["action"], last["user"], last["reason"]) == ("update", "ana", "ministry corrected the figure")
    assert json.loads(last["before"])["quantity"] == "45000" and json.loads(last["after"])["quantity"] == "45122"
    assert seeded.update("cargo_reports", "C1-S2", {"quantity": "45122"}, 2, "ana", "same") == 2
    assert len(seeded.history("cargo_reports", "C1-S2")) == 2


def test_update_refuses_invalid_values_and_changes_nothing(seeded):
    before = snapshot(seeded)
    with pytest.raises(ValidationError) as err:
        seeded.update("cargo_reports", "C1-S2", {"quantity": "-3", "arrival_date": "sometime in 2023"}, 1,
                      "ana", "typo")
    assert {(p.column, p.value) for p in err.value.problems} == {("quantity", "-3"),
                                                                  ("arrival_date", "sometime in 2023")}
    assert all(p.file == "cargo_reports record 'C1-S2'" and p.row is None for p in err.value.problems)
    with pytest.raises(ValidationError, match="key cannot be changed"):
        seeded.update("cargo_reports", "C1-S2", {"report_id": "C9"}, 1, "ana", "rename")
    with pytest.raises(ValidationError, match="not a column"):
        seeded.update("cargo_reports", "C1-S2", {"ship": "x"}, 1, "ana", "typo")
    with pytest.raises(LookupError):
        seeded.update("cargo_reports", "NOPE", {"vessel": "x"}, 1, "ana", "typo")
    assert_unchanged(before, snapshot(seeded))


def test_a_conflicting_update_is_refused_and_logged(seeded):
    seeded.update("cargo_reports", "C1-S1", {"vessel": "Pure Point (renamed)"}, 1, "bo", "rename")
    with pytest.raises(ConflictError) as err:
        seeded.update("cargo_reports", "C1-S1", {"quantity": "45000"}, 1, "ana", "round it")
    conflict = err.value
    assert "cargo_reports record 'C1-S1'" in str(conflict) and "bo" in str(conflict)
    assert conflict.current_version == 2 and conflict.expected_version == 1
    assert conflict.current_row["vessel"] == "Pure Point (renamed)"
    row = stored_row(seeded, "cargo_reports", "C1-S1")
    assert (row["quantity"], row["version"]) == ("45142", 2)
    last = seeded.history("cargo_reports", "C1-S1").iloc[-1]
    assert (last["action"], last["user"], last["reason"]) == ("conflict", "ana", "round it")
    assert json.loads(last["after"])["quantity"] == "45000"


def test_of_many_concurrent_writers_on_one_version_exactly_one_wins(seeded):
    writers = 6
    barrier = threading.Barrier(writers)
    outcomes: list[str] = []

    def edit(n: int) -> None:
        own = Store(seeded.url)
        barrier.wait()
        try:
            own.update("cargo_reports", "C1-S1", {"vessel": f"writer {n}"}, 1, f"user{n}", "race")
            outcomes.append("won")
        except ConflictError:
            outcomes.append("conflict")
        finally:
            own.close()

    threads = [threading.Thread(target=edit, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict"] * (writers - 1) + ["won"]
    assert stored_row(seeded, "cargo_reports", "C1-S1")["version"] == 2
    actions = seeded.history("cargo_reports", "C1-S1")["action"].tolist()
    assert actions.count("update") == 1 and actions.count("conflict") == writers - 1


def test_delete_removes_an_unreferenced_record_and_logs_it(seeded):
    seeded.delete("cargo_reports", "C1-S2", 1, "ana", "duplicate report")
    assert "C1-S2" not in set(seeded.read_table("cargo_reports")["report_id"])
    last = seeded.history("cargo_reports", "C1-S2").iloc[-1]
    assert last["action"] == "delete" and pd.isna(last["after"])
    assert json.loads(last["before"])["quantity"] == "45000"
    with pytest.raises(ConflictError, match="was deleted"):
        seeded.update("cargo_reports", "C1-S2", {"vessel": "x"}, 1, "bo", "late edit")
    assert seeded.deleted_keys("cargo_reports") == ["C1-S2"] and seeded.deleted_keys("sources") == []
    stored = sorted(seeded.read_table("cargo_reports")["report_id"])
    assert seeded.values("cargo_reports") == stored and seeded.values("cargo_reports", limit=1) == stored[:1]
    assert seeded.record_count("cargo_reports") == len(stored)
    newest = seeded.latest_changes(2)  # the refused late edit, after the deletion
    assert newest["action"].tolist() == ["delete", "conflict"]
    assert newest["change_id"].tolist() == seeded.read_changes()["change_id"].tail(2).tolist()


@pytest.mark.parametrize("table, key, referrer", [
    ("sources", "S1", "C1-S1"),         # a foreign key
    ("orders", "O1-S2", "C1-S1"),       # order_id, a reference to a non-key column
    ("sectors", "trade", "E1"),         # a reference inside a list of sectors
])
def test_delete_refuses_a_record_others_refer_to(seeded, table, key, referrer):
    before = snapshot(seeded)
    with pytest.raises(ValidationError) as err:
        seeded.delete(table, key, 1, "ana", "cleanup")
    assert any(referrer in p.rule for p in err.value.problems), err.value
    assert_unchanged(before, snapshot(seeded))


def test_delete_with_a_stale_version_is_a_conflict(seeded):
    seeded.update("sectors", "rail", {"name": "Railways and ports"}, 1, "bo", "widen")
    with pytest.raises(ConflictError):
        seeded.delete("sectors", "rail", 1, "ana", "unused")
    assert stored_row(seeded, "sectors", "rail")["name"] == "Railways and ports"


# history() and undo() ----------------------------------------------------------------------------

def test_undo_restores_the_state_before_a_change_as_a_new_change(seeded):
    seeded.update("cargo_reports", "C1-S2", {"quantity": "45122"}, 1, "ana", "correction")
    update_id = int(seeded.history("cargo_reports", "C1-S2").iloc[-1]["change_id"])
    undo_id = seeded.undo(update_id, "bo", "the ministry said 45,000")
    row = stored_row(seeded, "cargo_reports", "C1-S2")
    assert (row["quantity"], row["version"]) == ("45000", 3)
    history = seeded.history("cargo_reports", "C1-S2")
    assert history["action"].tolist() == ["seed", "update", "undo"]
    assert history["change_id"].is_monotonic_increasing and int(history.iloc[-1]["change_id"]) == undo_id
    assert f"undo change {update_id}" in history.iloc[-1]["reason"]
    assert seeded.undo(update_id, "bo", "again") is None  # already as it was
    seeded.undo(undo_id, "ana", "undo the undo")
    assert stored_row(seeded, "cargo_reports", "C1-S2")["quantity"] == "45122"


def test_undo_of_an_insert_deletes_and_undo_of_a_delete_restores(seeded):
    seeded.write("cargo_reports", rows("cargo_reports", CARGO), "ana", "new")
    insert_id = int(seeded.history("cargo_reports", "C2-S1").iloc[-1]["change_id"])
    seeded.undo(insert_id, "bo", "not confirmed")
    assert "C2-S1" not in set(seeded.read_table("cargo_reports")["report_id"])
    seeded.delete("cargo_reports", "C1-S1", 1, "ana", "oops")
    delete_id = int(seeded.history("cargo_reports", "C1-S1").iloc[-1]["change_id"])
    seeded.undo(delete_id, "ana", "deleted by mistake")
    row = stored_row(seeded, "cargo_reports", "C1-S1")
    assert row["quantity"] == "45142" and row["version"] == 2
    assert seeded.history("cargo_reports", "C1-S1")["action"].tolist() == ["seed", "delete", "undo"]


def test_undo_refuses_a_conflict_record_and_unknown_changes(seeded):
    seeded.update("sectors", "rail", {"name": "Rail"}, 1, "bo", "shorter")
    with pytest.raises(ConflictError):
        seeded.update("sectors", "rail", {"name": "Trains"}, 1, "ana", "stale")
    conflict_id = int(seeded.history("sectors", "rail").iloc[-1]["change_id"])
    with pytest.raises(ValueError, match="refused edit"):
        seeded.undo(conflict_id, "ana", "try")
    with pytest.raises(LookupError):
        seeded.undo(10_000, "ana", "try")


def test_undo_that_would_break_a_reference_is_refused(seeded):
    seeded.write("sources", rows("sources", {"source_id": "S9", "publisher": "Wire", "title": "t",
                                             "url": "https://example.org/9", "published_on": "2024",
                                             "kind": "news"}), "ana", "new source")
    insert_id = int(seeded.history("sources", "S9").iloc[-1]["change_id"])
    seeded.write("cargo_reports", rows("cargo_reports", {**CARGO, "source_id": "S9"}), "ana", "cites S9")
    before = snapshot(seeded)
    with pytest.raises(ValidationError, match="C2-S1"):
        seeded.undo(insert_id, "bo", "remove source")
    assert_unchanged(before, snapshot(seeded))


def test_last_change_id_moves_on_every_logged_change(store):
    assert store.last_change_id() == 0
    store.seed(MINI)
    seeded_to = store.last_change_id()
    assert seeded_to == int(store.read_changes()["change_id"].max())
    store.update("sectors", "rail", {"name": "Rail"}, 1, "ana", "shorter")
    assert store.last_change_id() == seeded_to + 1
