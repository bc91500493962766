"""A reader's incremental refresh gives exactly what a full derive of the edited tables gives."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from analysis.datafiles import typed
from analysis.dataset import derive
from analysis import refresh
from analysis.refresh import current, refreshed
from analysis.schema import TABLES
from conftest import SEED_DIR
from scripts.synthetic import generate


@pytest.fixture(scope="module")
def base():
    tables = {name: typed(name, frame) for name, frame in generate(400, 3).items()}
    return tables, derive(tables)


def _edit(tables, rng: np.random.Generator, kind: str):
    """One edit as the store would make it: (new tables, changed keys per table)."""
    tables = dict(tables)
    reports, orders = tables["cargo_reports"].copy(), tables["orders"].copy()
    pick = int(rng.integers(len(reports)))
    key = reports.at[pick, "report_id"]
    if kind == "quantity":
        reports.loc[pick, "quantity"] = float(rng.integers(1_000, 120_000))
    elif kind == "move":  # an account re-linked to another cargo
        reports.loc[pick, "cargo_id"] = reports.at[int(rng.integers(len(reports))), "cargo_id"]
    elif kind == "unconfirm":
        reports.loc[pick, ["link", "link_note"]] = ["unconfirmed", "same week, other vessel"]
    elif kind == "arrive":
        reports.loc[pick, ["status", "arrival_date"]] = ["arrived", "2031-02"]
    elif kind == "delete":
        reports = reports.drop(index=pick).reset_index(drop=True)
    elif kind == "insert":
        row = reports.iloc[[pick]].copy()
        key = row["report_id"] = "ZZ-NEW"
        reports = pd.concat([reports, row], ignore_index=True)
    elif kind == "order":
        pick = int(rng.integers(len(orders)))
        orders.loc[pick, "quantity"] = float(rng.integers(10_000, 900_000))
        tables["orders"] = orders
        return tables, {"orders": {orders.at[pick, "report_id"]}}
    elif kind == "source":
        sources = tables["sources"].copy()
        sources.loc[0, "kind"] = "estimate" if sources.at[0, "kind"] != "estimate" else "official"
        tables["sources"] = sources
        return tables, {"sources": {sources.at[0, "source_id"]}}
    tables["cargo_reports"] = reports
    return tables, {"cargo_reports": {key}}


def _fresh(tables, changed):
    return {name: tables[name][tables[name][TABLES[name].key].isin(keys)] for name, keys in changed.items()}


def _same_rows(a: pd.DataFrame, b: pd.DataFrame, key: str) -> None:
    pd.testing.assert_frame_equal(a.sort_values(key).reset_index(drop=True), b.sort_values(key).reset_index(drop=True))


KINDS = ["quantity", "move", "unconfirm", "arrive", "delete", "insert", "order", "source"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), kinds=st.lists(st.sampled_from(KINDS), min_size=1, max_size=3))
@example(seed=1012, kinds=["quantity", "unconfirm", "arrive"])  # every order arrived again: days stay floats
def test_refreshed_equals_a_full_derive(base, seed, kinds):
    _check_edits(base, np.random.default_rng(seed), kinds)


@pytest.mark.parametrize("limit, value", [("MOST_PIECES", 0), ("MOST_CHUNKS", 1)],
                         ids=["rebuilt whole", "columns joined after every splice"])
def test_the_other_ways_of_refreshing_give_the_same(base, monkeypatch, limit, value):
    monkeypatch.setattr(refresh, limit, value)
    _check_edits(base, np.random.default_rng(7), KINDS[:6] + KINDS[:6] + KINDS[6:])


def _check_edits(base, rng, kinds):
    tables, current = base
    for kind in kinds:
        tables, changed = _edit(tables, rng, kind)
        current = refreshed(current, _fresh(tables, changed), changed)
        full = derive(tables)
        pd.testing.assert_frame_equal(current.cargoes, full.cargoes)
        pd.testing.assert_frame_equal(current.orders, full.orders)
        pd.testing.assert_frame_equal(current.ledger, full.ledger)
        for name, table in TABLES.items():
            _same_rows(current.tables[name], tables[name], table.key)


def test_an_edit_of_one_account_reconciles_only_its_cargo(base):
    tables, before = base
    reports = tables["cargo_reports"].copy()
    pick = reports.index[reports["status"].isin(["arrived", "discharged"]) & reports["link"].eq("confirmed")][0]
    cargo, key = reports.at[pick, "cargo_id"], reports.at[pick, "report_id"]
    reports.loc[pick, ["quantity", "unit", "qualifier", "evidence"]] = [999_999.0, "t", "exact", "port_data"]
    edited = {**tables, "cargo_reports": reports}
    after = refreshed(before, _fresh(edited, {"cargo_reports": {key}}), {"cargo_reports": {key}})
    row = after.cargoes.set_index("cargo_id").loc[cargo]
    assert row["tonnes_max"] == 999_999.0
    others = after.cargoes[after.cargoes["cargo_id"] != cargo]
    pd.testing.assert_frame_equal(others.reset_index(drop=True),
                                  before.cargoes[before.cargoes["cargo_id"] != cargo].reset_index(drop=True))


def test_a_reader_sees_an_edit_through_the_change_log(store):
    store.seed(SEED_DIR)
    before, since = current(store, None, -1)
    assert before.cargoes.set_index("cargo_id").at["C01", "tonnes"] == 45_142  # the port report, CR003
    store.update("cargo_reports", "CR003", {"quantity": "45200"}, 1, "ana", "port figure revised")
    after, latest = current(store, before, since)
    assert latest == since + 1
    assert after.cargoes.set_index("cargo_id").at["C01", "tonnes"] == 45_200
    assert before.ledger.set_index("order_id").at["O1", "delivered_t"] == 45_142 + 56_000  # C01 and C02
    assert after.ledger.set_index("order_id").at["O1", "delivered_t"] == 45_200 + 56_000
    full = derive(store.read_typed())
    pd.testing.assert_frame_equal(after.cargoes, full.cargoes)
    pd.testing.assert_frame_equal(after.ledger, full.ledger)
    assert current(store, after, latest) == (after, latest)  # nothing new: the same object
