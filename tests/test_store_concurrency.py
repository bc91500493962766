"""The store under concurrent writers, on SQLite and on a real PostgreSQL server: a busy store
says what holds it and writes nothing, undo never loses another person's change, and a record
cannot be deleted while a colleague's write cites it."""
from __future__ import annotations

import json
import threading

import pandas as pd
import pytest

from analysis.schema import TABLES
from analysis.store import MAX_IMPORT_ROWS, ConflictError, Store, StoreBusy, UndoRefused, Writer, changelog, references
from analysis.validate import ValidationError
from conftest import SEED_DIR

TRIALS = 25


@pytest.fixture
def seeded(store):
    store.seed(SEED_DIR)
    return store


def rows(table: str, *records: dict) -> pd.DataFrame:
    columns = TABLES[table].column_names
    return pd.DataFrame([{c: r.get(c) for c in columns} for r in records], columns=columns, dtype="string")


def row(store: Store, table: str, key: str) -> dict:
    frame = store.read_table(table)
    match = frame[frame[TABLES[table].key] == key]
    return None if match.empty else {k: (None if pd.isna(v) else v) for k, v in match.iloc[0].items()}


def last_change(store: Store, table: str, key: str) -> int:
    return int(store.history(table, key).iloc[-1]["change_id"])


def together(*calls):
    """Run each call in its own thread, released at once; each one's result or exception."""
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(i, call):
        barrier.wait()
        try:
            results[i] = call()
        except Exception as err:  # noqa: BLE001 - the outcome is what the test looks at
            results[i] = err

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


# A busy store ------------------------------------------------------------------------------------

def test_a_write_kept_waiting_names_what_holds_the_store_and_writes_nothing(seeded):
    other = Store(seeded.url, wait=0.5)
    try:
        holder = seeded._write(Writer(name="ana"), "the import of cargo.csv (9,000 rows)")
        conn = holder.__enter__()
        references.stored_rows(conn, "cargo_reports", ["CR004"], lock=True)
        try:
            source = {"source_id": "S900", "publisher": "Dawn", "title": "A new report", "url": "https://dawn.com/x",
                      "published_on": "2024-01-02", "kind": "news"}
            report = {**row(seeded, "cargo_reports", "CR004"), "vessel": "Other Vessel", "source_id": "S900"}
            report.pop("version")
            with pytest.raises(StoreBusy) as err:
                other.write_many({"sources": rows("sources", source), "cargo_reports": rows("cargo_reports", report)},
                                 "bo", "new account")
        finally:
            holder.__exit__(None, None, None)
        message = str(err.value)
        assert "The store is busy with the import of cargo.csv (9,000 rows) by ana (since " in message
        assert "waited 0.5 s and was not written; nothing was changed. Try again in a moment." in message
        assert row(seeded, "sources", "S900") is None  # the whole write, not half of it
        assert row(seeded, "cargo_reports", "CR004")["vessel"] != "Other Vessel"
        other.write_many({"sources": rows("sources", source), "cargo_reports": rows("cargo_reports", report)},
                         "bo", "new account, again")  # once free, the same write goes through
        assert row(seeded, "cargo_reports", "CR004")["vessel"] == "Other Vessel"
    finally:
        other.close()


def test_no_change_becomes_visible_before_an_earlier_numbered_one(seeded):
    """A reader that has seen change n asks for the changes after n: a write numbered n - 1 must
    not commit after it (on PostgreSQL change ids come from a sequence, taken before the commit)."""
    since = seeded.last_change_id()
    holder = seeded._write(Writer(name="ana"), "a slow correction")
    conn = holder.__enter__()
    changelog.log(conn, [{"user": "ana", "table_name": "sources", "record_key": "S001", "action": "update",
                          "before": None, "after": None, "reason": "slow"}])
    other = Store(seeded.url)
    try:
        version = int(seeded.read_table("events")["version"].iloc[0])
        key = seeded.read_table("events")["event_id"].iloc[0]
        done = threading.Thread(target=lambda: other.update("events", key, {"note": "later edit"}, version, "bo", "r"))
        done.start()
        done.join(timeout=1.5)
        seen = seeded.changes_since(since)
        assert done.is_alive() and seen.empty  # the later write waits for the earlier one
    finally:
        holder.__exit__(None, None, None)
        done.join(timeout=30)
        other.close()
    seen = seeded.changes_since(since)
    assert list(seen["user"]) == ["ana", "bo"]
    assert seen["change_id"].is_monotonic_increasing


# Undo ---------------------------------------------------------------------------------------------

def test_undo_puts_back_only_the_fields_its_change_set(seeded):
    seeded.update("cargo_reports", "CR004", {"quantity": "45100"}, 1, "ana", "typo")
    quantity_change = last_change(seeded, "cargo_reports", "CR004")
    seeded.update("cargo_reports", "CR004", {"vessel": "Pure Point II"}, 2, "bo", "renamed")
    seeded.undo(quantity_change, "ana", "the typo was mine")
    after = row(seeded, "cargo_reports", "CR004")
    assert after["vessel"] == "Pure Point II"  # bo's change survives
    assert after["quantity"] == row_at_seed(seeded, "CR004")["quantity"]
    assert after["version"] == 4


def row_at_seed(store: Store, key: str) -> dict:
    return json.loads(store.history("cargo_reports", key).iloc[0]["after"])


def test_undo_is_refused_naming_a_later_change_to_the_same_field(seeded):
    seeded.update("cargo_reports", "CR004", {"quantity": "45100"}, 1, "ana", "first")
    first = last_change(seeded, "cargo_reports", "CR004")
    seeded.update("cargo_reports", "CR004", {"quantity": "45200"}, 2, "bo", "second")
    second = last_change(seeded, "cargo_reports", "CR004")
    before = seeded.read_changes()
    with pytest.raises(UndoRefused) as err:
        seeded.undo(first, "ana", "back")
    assert (f"Change {first} cannot be undone: change {second} by bo" in str(err.value)
            and "later changed quantity of cargo_reports record 'CR004'" in str(err.value))
    assert row(seeded, "cargo_reports", "CR004")["quantity"] == "45200"
    pd.testing.assert_frame_equal(seeded.read_changes(), before)


def test_undo_of_a_seed_row_that_others_cite_is_refused_like_its_delete(seeded):
    seed_change = int(seeded.history("sources", "S032").iloc[0]["change_id"])
    with pytest.raises(ValidationError) as err:
        seeded.undo(seed_change, "ana", "not a source")
    assert "still refers to this sources.source_id, which the change would remove" in str(err.value)
    assert row(seeded, "sources", "S032") is not None


@pytest.mark.parametrize("trial", range(10))
def test_an_undo_racing_an_edit_never_loses_the_edit(seeded, trial):
    seeded.update("cargo_reports", "CR004", {"quantity": "45100"}, 1, "ana", "typo")
    change = last_change(seeded, "cargo_reports", "CR004")
    undo_store, edit_store = Store(seeded.url), Store(seeded.url)
    try:
        undone, edited = together(
            lambda: undo_store.undo(change, "ana", "undo the typo"),
            lambda: edit_store.update("cargo_reports", "CR004", {"vessel": f"Vessel {trial}"}, 2, "bo", "rename"))
    finally:
        undo_store.close(), edit_store.close()
    after = row(seeded, "cargo_reports", "CR004")
    assert not isinstance(undone, Exception), undone
    if isinstance(edited, ConflictError):  # the undo came first: bo read version 2 and is told
        assert after["vessel"] != f"Vessel {trial}"
    else:
        assert not isinstance(edited, Exception), edited
        assert after["vessel"] == f"Vessel {trial}"  # the edit is there whatever the order
    assert after["quantity"] == row_at_seed(seeded, "CR004")["quantity"]


# References under races ---------------------------------------------------------------------------

def test_a_sector_cannot_be_deleted_while_an_event_citing_it_is_added(seeded):
    outcomes = []
    for trial in range(TRIALS):
        sector = f"space{trial:02d}"
        seeded.write("sectors", rows("sectors", {"sector_id": sector, "name": f"Space {trial}", "group": "economy"}),
                     "ana", "new sector")
        event = {"event_id": f"EV{trial:03d}", "source_id": "S032", "occurred_on": "2024-05", "kind": "statement",
                 "title": "Talks on space", "sectors": f"energy;{sector}"}
        deleter, adder = Store(seeded.url), Store(seeded.url)
        try:
            deleted, added = together(
                lambda: deleter.delete("sectors", sector, 1, "ana", "unused"),
                lambda: adder.write("events", rows("events", event), "bo", "new event"))
        finally:
            deleter.close(), adder.close()
        deleted_ok, added_ok = deleted is None, not isinstance(added, Exception)
        assert deleted_ok != added_ok, f"trial {trial}: {deleted!r}, {added!r}"  # exactly one goes through
        refused = added if deleted_ok else deleted
        assert isinstance(refused, ValidationError), refused  # and the other is told why
        cited = {s for value in seeded.read_table("events")["sectors"].dropna() for s in value.split(";")}
        assert cited <= set(seeded.read_table("sectors")["sector_id"]), f"trial {trial}"
        outcomes.append("deleted" if deleted is None else "added")
    assert set(outcomes) <= {"deleted", "added"} and len(outcomes) == TRIALS


def test_a_nul_byte_is_refused_with_a_message(seeded):
    source = {"source_id": "S901", "publisher": "Dawn\x00", "title": "t", "url": "https://dawn.com/y",
              "published_on": "2024-01-02", "kind": "news"}
    with pytest.raises(ValidationError) as err:
        seeded.write("sources", rows("sources", source), "ana", "new")
    assert "publisher" in str(err.value) and "U+0000" in str(err.value)
    assert row(seeded, "sources", "S901") is None


def test_an_import_over_the_limit_is_refused_before_it_holds_the_store(seeded):
    many = pd.DataFrame({c: ["x"] * (MAX_IMPORT_ROWS + 1) for c in TABLES["sectors"].column_names}, dtype="string")
    many["sector_id"] = [f"s{i}" for i in range(MAX_IMPORT_ROWS + 1)]
    before = seeded.read_changes()
    with pytest.raises(ValidationError) as err:
        seeded.write("sectors", many, "ana", "too many", file_label="sectors.csv")
    assert f"{MAX_IMPORT_ROWS + 1:,} rows in one import; at most {MAX_IMPORT_ROWS:,} can be imported at once" in str(err.value)
    pd.testing.assert_frame_equal(seeded.read_changes(), before)
