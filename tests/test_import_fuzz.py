"""Generated and mangled files fed to the importer: it never crashes (only ValidationError), and
each file either imports cleanly (the store then holds exactly its rows) or is refused with every
problem listed and the store left exactly as it was."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from analysis import desk, imports
from analysis.export import to_csv_bytes, to_xlsx_bytes
from analysis.schema import TABLES
from analysis.store import Store
from analysis.validate import ValidationError
from conftest import SEED_DIR

TODAY = dt.date(2025, 11, 28)
TABLES_TRIED = ("cargo_reports", "sources", "trade_flows", "events")
GARBAGE = st.one_of(st.text(max_size=12), st.sampled_from(
    ["", "-1", "0", "1e309", "NaN", "=1+2", "'=x", "2023-02-30", "2023-Q5", "sometime in 2023", "S032",
     "Urals", "t", "barrels", "exact", "arrived", "energy;trade", "https://example.org", "\x07", " ", "\u00a0"]))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    made = Store(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'corridor.sqlite'}")
    made.create()
    made.seed(SEED_DIR)
    yield made
    made.close()


@pytest.fixture(scope="module")
def seeded_rows(store):
    """The seeded rows, read once: examples draw from these, not from the store they change, so
    that Hypothesis can replay an example exactly."""
    return {table: store.read_table(table).drop(columns="version") for table in TABLES_TRIED}


def mangle(data: bytes, draw) -> bytes:
    """Byte-level damage: cut, insert, flip or duplicate bytes."""
    for _ in range(draw(st.integers(0, 3))):
        how = draw(st.sampled_from(["cut", "insert", "flip", "repeat"]))
        # A fraction, not a byte index: a workbook's length varies with its timestamp, and what is
        # drawn must not depend on it for Hypothesis to replay an example.
        at = int(draw(st.floats(0, 1, exclude_max=True)) * len(data))
        if how == "cut":
            data = data[:at]
        elif how == "insert":
            data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
        elif how == "flip" and data:
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]
        else:
            data = data[:at] + data[at:at + 50] + data[at:]
    return data


def state(store: Store) -> dict[str, pd.DataFrame]:
    return {**store.read_all(), "changes": store.read_changes()}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=st.sampled_from(TABLES_TRIED), kind=st.sampled_from(["csv", "xlsx"]), data=st.data())
def test_the_importer_never_crashes_and_either_imports_or_writes_nothing(store, seeded_rows, table, kind, data):
    """Each example: an export of a few seeded rows, edited cell by cell, then maybe mangled."""
    spec = TABLES[table]
    rows = seeded_rows[table].sample(
        n=data.draw(st.integers(1, 4)), random_state=data.draw(st.integers(0, 10_000)), replace=False)
    rows = rows.reset_index(drop=True)
    for _ in range(data.draw(st.integers(0, 4))):  # cell edits: garbage, or another row's value
        column = data.draw(st.sampled_from(spec.column_names))
        rows.loc[data.draw(st.integers(0, len(rows) - 1)), column] = data.draw(GARBAGE)
    if data.draw(st.booleans()):  # a new key, so some rows are new
        rows.loc[0, spec.key] = data.draw(st.from_regex(r"FZ[0-9]{1,4}", fullmatch=True))
    raw = to_csv_bytes(rows) if kind == "csv" else to_xlsx_bytes(rows, table)
    raw = mangle(raw, data.draw) if data.draw(st.booleans()) else raw
    name = f"fuzz.{data.draw(st.sampled_from(['csv', 'xlsx', 'txt']))}"

    before = state(store)
    try:
        prepared = desk.prepare_import(store, table, name, raw, TODAY)
        done = desk.commit_import(store, prepared, "fuzz", "fuzz", name)
    except ValidationError as err:
        event("refused")
        assert err.problems and all(p.rule for p in err.problems)
        after = state(store)
        for key in before:
            pd.testing.assert_frame_equal(before[key], after[key], obj=key)
        return
    event("imported")
    incoming = prepared.batches[table]
    now = store.read_table(table)
    assert set(imports.diff(now, incoming, table)["status"]) == {"unchanged"}  # stored exactly as the file says
    written = sum(s.new + s.changed for s in done.values())
    assert len(store.read_changes()) == len(before["changes"]) + written
