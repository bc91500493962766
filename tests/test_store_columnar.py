"""Reading the store as Arrow columns (analysis.store.columnar) gives the frames the row-by-row
path gave, on SQLite and PostgreSQL: on the seed data, on awkward numbers and text, on a table
whose first thousands of rows are empty in a column, and on an empty store."""
from __future__ import annotations

import itertools
import math
import threading

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from analysis.datafiles import typed
from analysis.schema import LOAD_ORDER, TABLES
from analysis.store import Store, columnar, sqlite_arrow
from analysis.store.tables import DB_TABLES
from analysis.store.values import to_text

from tests.conftest import SEED_DIR

# Floats whose text is easy to get wrong: shortest digits, exponents on either side of where
# Python switches to them (1e-4, 1e16) and where Arrow does (1e10), the extremes.
AWKWARD = [0.1, 1e-07, 123456789.5, 45000.0, 0.30000000000000004, 1 / 3, 1e-4, 9.99e-05, 1.5e-05,
           9999999999.0, 1e10, 1.5e15, 9.999e15, 1e16, 2.5e20, 5e-324, 1.7976931348623157e308, 99999.99]
EMPTY_FIRST = 3000  # rows, in key order, with no value_low, speaker or note
SPEAKERS = ("Алекса́ндр Новак", "Shehbaz Sharif", "O'Brien")


def row_path(store, name: str) -> pd.DataFrame:
    """The table read row by row through SQLAlchemy, as `Store.read_table` read it before."""
    table, db = TABLES[name], DB_TABLES[name]
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(*[db.c[c] for c in table.column_names], db.c.version)
                            .order_by(db.c[table.key])).mappings().all()
    frame = pd.DataFrame([[to_text(c, r[c.name]) for c in table.columns] for r in rows],
                         columns=table.column_names, dtype="string")
    frame["version"] = pd.array([r["version"] for r in rows], dtype="Int64")
    return frame


@pytest.fixture
def seeded(store):
    store.seed(SEED_DIR)
    return store


def analysed(store: Store) -> Store:
    """The store with PostgreSQL's planner estimates made (they choose the tables read in parts)."""
    if store.engine.dialect.name == "postgresql":
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")
    return store


@pytest.fixture
def awkward(store):
    """A store with one source and 5,019 targets: EMPTY_FIRST rows without value_low, speaker or
    note, then awkward and random floats, NaN and infinity, unicode, quotes, an empty note, and
    numbers written to a text column (kept as text)."""
    rng = np.random.default_rng(11)
    spread = (10.0 ** rng.uniform(-12, 22, 5000)).tolist()
    values = AWKWARD + spread
    low = [None] * EMPTY_FIRST + [math.nan, math.inf] + values[:len(values) - EMPTY_FIRST - 2]
    targets = [{"target_id": f"T{i:05d}", "source_id": "S1", "stated_on": "2024-03", "metric": "import_rate",
                "kind": "target", "value_low": low[i], "value": value, "unit": "bbl/d", "qualifier": "exact",
                "speaker": None if i < EMPTY_FIRST else SPEAKERS[i % 3],
                "speaker_role": None if i < EMPTY_FIRST else 1.5 if i % 7 == 0 else 7 if i % 11 == 0 else "Chair",
                "note": None if i < EMPTY_FIRST else f"行 {i} — \"quoted\", 🛢\nsecond line",
                "version": 1 + i % 4, "match_key": f"t{i:05d}"} for i, value in enumerate(values)]
    targets[-1]["note"] = ""
    targets.append({**targets[-1], "target_id": "T'ü", "match_key": "t'u", "value": 7.0})
    with store.engine.begin() as conn:
        conn.execute(sa.insert(DB_TABLES["sources"]), [{
            "source_id": "S1", "publisher": "Dawn", "title": "Targets", "url": "https://example.com/t",
            "published_on": "2024-03-01", "kind": "news", "language": None, "version": 1, "match_key": "s1"}])
        conn.execute(sa.insert(DB_TABLES["targets"]), targets)
    return store


def test_the_seed_data_reads_as_the_row_path_gave_it(seeded):
    text = columnar.read_text(seeded.url, LOAD_ORDER)
    assert list(text) == list(LOAD_ORDER)
    assert len(text["cargo_reports"]) == 14
    for name in LOAD_ORDER:
        pd.testing.assert_frame_equal(text[name], row_path(seeded, name), obj=name)
    grades = text["grades"].set_index("grade")
    assert grades.loc["Urals", ["api_low", "api_high"]].tolist() == ["31", "32"]
    assert grades.at["Arab Light", "api_low"] == "32.5"


def test_typed_reading_of_the_seed_data_is_typed_text(seeded):
    text = columnar.read_text(seeded.url, LOAD_ORDER)
    frames = columnar.read_typed(seeded.url, LOAD_ORDER)
    assert list(frames) == list(LOAD_ORDER)
    for name in LOAD_ORDER:
        pd.testing.assert_frame_equal(frames[name], typed(name, text[name]), obj=name)
    grades = frames["grades"].set_index("grade")
    assert grades.at["Arab Light", "api_low"] == 32.5
    assert frames["grades"]["api_low"].dtype == "float64"
    assert frames["cargo_reports"]["version"].dtype == "Int64"


def test_awkward_values_read_as_the_row_path_gave_them(awkward):
    text = columnar.read_text(awkward.url, ["targets"])["targets"]
    pd.testing.assert_frame_equal(text, row_path(awkward, "targets"))
    assert len(text) == len(AWKWARD) + 5000 + 1
    assert text["target_id"].iloc[:2].tolist() == ["T'ü", "T00000"]  # byte order: ' before 0
    first = text.iloc[1:EMPTY_FIRST + 1]
    assert first["value_low"].isna().all() and first["speaker"].isna().all() and first["note"].isna().all()
    by_key = text.set_index("target_id")
    assert by_key.loc[[f"T{i:05d}" for i in range(len(AWKWARD))], "value"].tolist() == [
        "0.1", "1e-07", "123456789.5", "45000", "0.30000000000000004", "0.3333333333333333", "0.0001",
        "9.99e-05", "1.5e-05", "9999999999", "10000000000", "1500000000000000", "9999000000000000", "1e+16",
        "2.5e+20", "5e-324", "1.7976931348623157e+308", "99999.99"]
    assert by_key.loc[["T03000", "T03001", "T03002"], "value_low"].tolist() == [pd.NA, "inf", "0.1"]
    assert by_key.at["T03000", "speaker"] == "Алекса́ндр Новак"
    assert by_key.at["T03000", "note"] == '行 3000 — "quoted", 🛢\nsecond line'
    assert by_key.at["T05017", "note"] == ""
    assert by_key.loc[["T03003", "T03014", "T03008"], "speaker_role"].tolist() == ["1.5", "7", "Chair"]


def test_awkward_values_read_typed_from_the_floats(awkward):
    text = columnar.read_text(awkward.url, ["targets"])["targets"]
    frame = columnar.read_typed(awkward.url, ["targets"])["targets"]
    pd.testing.assert_frame_equal(frame, typed("targets", text))
    by_key = frame.set_index("target_id")
    assert by_key.loc[["T00000", "T00001", "T00002"], "value"].tolist() == [0.1, 1e-07, 123456789.5]
    assert by_key.loc[["T03000", "T03001", "T03002"], "value_low"].fillna(-1).tolist() == [-1, -1, 0.1]  # NaN, inf


def test_records_by_key(awkward):
    keys = ["T03001", "T'ü", "T00002", "nowhere", "T03001"]
    found = columnar.read_keys(awkward.url, "targets", keys)
    text = columnar.read_text(awkward.url, ["targets"])["targets"]
    pd.testing.assert_frame_equal(found, text[text["target_id"].isin(keys)].reset_index(drop=True))
    assert found["target_id"].tolist() == ["T'ü", "T00002", "T03001"]
    assert found["value_low"].tolist()[1:] == [pd.NA, "inf"]
    assert found["version"].tolist() == [2, 3, 2]


def test_a_text_in_a_number_column_is_refused_naming_it(tmp_path):
    made = Store(f"sqlite:///{tmp_path / 'corridor.sqlite'}")
    made.create()
    made.seed(SEED_DIR)
    with made.engine.begin() as conn:  # SQLite keeps text that is not a number as text, even here
        conn.exec_driver_sql("UPDATE grades SET api_low = 'thirty-one' WHERE grade = 'Urals'")
    refusal = r"^grades\.api_low came from the store as string values, where numbers belong$"
    with pytest.raises(ValueError, match=refusal):
        columnar.read_typed(made.url, ["grades"])
    made.close()


def test_a_large_result_read_in_parts_at_once_is_the_same(awkward, monkeypatch):
    """A result of PART_ROWS rows or more is read in parts on several connections at once (on
    PostgreSQL, a table the planner estimates so large). On SQLite the first part of the targets
    has no value_low, speaker or note at all, which the driver types as integers there: joined,
    the columns read as in one piece."""
    monkeypatch.setattr(sqlite_arrow, "PART_ROWS", 2)
    text = columnar.read_text(analysed(awkward).url, ["sources", "targets"])
    pd.testing.assert_frame_equal(text["targets"], row_path(awkward, "targets"))
    pd.testing.assert_frame_equal(columnar.read_typed(awkward.url, ["targets"])["targets"],
                                  typed("targets", text["targets"]))
    assert text["targets"]["note"].array._pa_array.num_chunks == sqlite_arrow.PARTS  # it was read in parts


def test_parts_read_at_once_come_from_one_state_of_the_store(store, monkeypatch):
    """A write committed between the parts' starts would mix two states in one table: every read
    of the sectors while a colleague renames them all, in one write each time, sees one name."""
    monkeypatch.setattr(sqlite_arrow, "PART_ROWS", 2)
    store.seed(SEED_DIR)
    analysed(store)
    done = threading.Event()

    def rename(round_: int) -> None:
        store.write("sectors", store.read_table("sectors").assign(name=f"round {round_}"), "bo", "race")

    def keep_renaming() -> None:
        for round_ in itertools.count(1):
            if done.is_set():
                return
            rename(round_)

    rename(0)
    writer = threading.Thread(target=keep_renaming)
    writer.start()
    try:
        seen = [set(columnar.read_text(store.url, ["sectors"])["sectors"]["name"]) for _ in range(200)]
    finally:
        done.set()
        writer.join()
    assert [names for names in seen if len(names) > 1] == []
    assert len({next(iter(names)) for names in seen}) > 5  # the writes went on while it read


def test_reading_sqlite_leaves_the_stores_own_connections_alone(tmp_path):
    """The ADBC driver's own copy of SQLite, in this process, would take the write-ahead log away
    from under the store's open connection when it closed ("disk I/O error")."""
    path = tmp_path / "corridor.sqlite"
    made = Store(f"sqlite:///{path}")
    made.create()
    made.seed(SEED_DIR)
    with made.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM sources").scalar() == 102
        assert len(columnar.read_text(made.url, LOAD_ORDER)["sources"]) == 102
        assert path.with_name("corridor.sqlite-wal").exists()
        assert conn.exec_driver_sql("SELECT count(*) FROM sources").scalar() == 102
    made.write("sectors", pd.DataFrame([{"sector_id": "rail", "name": "Railways", "group": "Transport"}],
                                       dtype="string"), "ana", "new sector")
    assert columnar.read_keys(made.url, "sectors", ["rail"])["name"].tolist() == ["Railways"]
    made.close()


def test_an_empty_store_reads_as_empty_frames(store):
    text = columnar.read_text(store.url, LOAD_ORDER)
    frames = columnar.read_typed(store.url, LOAD_ORDER)
    for name in LOAD_ORDER:
        pd.testing.assert_frame_equal(text[name], row_path(store, name), obj=name)
        pd.testing.assert_frame_equal(frames[name], typed(name, text[name]), obj=name)
    assert columnar.read_keys(store.url, "sources", ["S1"]).empty


def test_the_store_reads_through_arrow(seeded):
    frames = seeded.read_typed()
    assert list(frames) == list(LOAD_ORDER)
    pd.testing.assert_frame_equal(frames["orders"], typed("orders", seeded.read_table("orders")))
    pd.testing.assert_frame_equal(seeded.read_all()["orders"], row_path(seeded, "orders"))
