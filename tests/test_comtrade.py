"""UN Comtrade exports (HS 2709) mapped to trade flows and import context, checked by hand on a
small hand-written sample (tests/fixtures/comtrade/), then imported through the data desk."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from analysis import desk
from analysis.comtrade import COMTRADE_URL, read_comtrade, source_id_for
from analysis.validate import ValidationError
from conftest import SEED_DIR

SAMPLE = Path(__file__).parent / "fixtures" / "comtrade" / "pakistan_russia_2709_2023.csv"
TODAY = dt.date(2025, 11, 28)
HEADER = ("typeCode,freqCode,period,reporterCode,reporterDesc,flowCode,partnerCode,partnerDesc,cmdCode,"
          "netWgt,isNetWgtEstimated,primaryValue")


def rows(result, table: str) -> dict[str, dict]:
    frame = result.tables[table]
    return {r[frame.columns[0]]: r for r in frame.astype(object).where(frame.notna(), None).to_dict("records")}


def test_the_sample_maps_row_by_row():
    data = SAMPLE.read_bytes()
    result = read_comtrade("sample.csv", data, TODAY, set())
    assert list(result.tables) == ["sources", "trade_flows", "import_context"]
    source = result.tables["sources"].iloc[0]
    assert source["source_id"] == source_id_for(data) and source_id_for(data).startswith("CT-")
    assert (source["publisher"], source["url"], source["kind"], source["published_on"]) == (
        "UN Comtrade", COMTRADE_URL, "dataset", "2025-11-28")
    assert "sample.csv" in source["title"]
    flows = rows(result, "trade_flows")
    # Row 2: Pakistan reports imports from Russia → goods went RU→PK; primaryValue 58,431,000 USD,
    # of crude petroleum alone (HS 2709), never of all goods.
    assert {k: flows["CT-PAK-RUS-M-2023"][k] for k in ("source_id", "period_start", "period_end", "basis",
                                                       "direction", "commodity", "value_usd", "qualifier")} == {
        "source_id": source["source_id"], "period_start": "2023-01-01", "period_end": "2023-12-31",
        "basis": "calendar", "direction": "RU_to_PK", "commodity": "2709", "value_usd": "58431000",
        "qualifier": "exact"}
    assert "net weight 101,122 t" in flows["CT-PAK-RUS-M-2023"]["note"]  # 101,122,000 kg / 1000
    # Row 6: Russia reports exports to Pakistan: the same direction, the other country's account.
    assert (flows["CT-RUS-PAK-X-2023"]["direction"], flows["CT-RUS-PAK-X-2023"]["value_usd"]) == ("RU_to_PK", "55300000")
    assert "(estimated)" in flows["CT-RUS-PAK-X-2023"]["note"]
    context = rows(result, "import_context")
    # Row 3: Pakistan's imports from the World: 8,462,500,000 kg / 1000 = 8,462,500 t; 5,214,750,000 USD.
    assert (context["CT-PAK-W00-M-2023-t"]["quantity"], context["CT-PAK-W00-M-2023-t"]["unit"]) == ("8462500", "t")
    assert (context["CT-PAK-W00-M-2023-USD"]["quantity"], context["CT-PAK-W00-M-2023-USD"]["unit"]) == (
        "5214750000", "USD")
    assert result.ignored.values.tolist() == [
        [4, "Pakistan imports from Saudi Arabia: neither Pakistan–Russia trade nor Pakistan's imports from the world"],
        [5, "a breakdown by motCode: only totals are imported"],
        [7, "flow RM: only imports (M) and exports (X) are imported"]]


def test_monthly_rows_cover_their_month_and_estimated_weights_are_about():
    text = "\n".join([HEADER,
                      "C,M,202402,586,Pakistan,M,0,World,2709,750500000.5,true,410000000",
                      "C,M,202402,586,Pakistan,X,643,Russian Federation,2709,,,1200",
                      ""])
    result = read_comtrade("month.csv", text.encode(), TODAY, set())
    t = rows(result, "import_context")["CT-PAK-W00-M-202402-t"]
    assert (t["period_start"], t["period_end"], t["quantity"], t["qualifier"]) == (
        "2024-02-01", "2024-02-29", "750500.0005", "about")  # a leap-year February
    flow = rows(result, "trade_flows")["CT-PAK-RUS-X-202402"]
    assert (flow["direction"], flow["commodity"], flow["value_usd"]) == ("PK_to_RU", "2709", "1200")


def test_problems_are_listed_with_file_rows():
    text = "\n".join([HEADER, "C,A,2023,586,Pakistan,M,643,Russia,27 09,1,,2",  # no HS code
                      "C,A,23,586,Pakistan,M,643,Russia,2709,1,,2", "C,A,2023,586,Pakistan,M,643,Russia,2709,-1,,2",
                      "C,A,2023,586,Pakistan,M,643,Russia,2709,1,,2", "C,A,2023,586,Pakistan,M,643,Russia,2709,1,,3", ""])
    with pytest.raises(ValidationError) as err:
        read_comtrade("bad.csv", text.encode(), TODAY, set())
    assert [(p.row, p.column) for p in err.value.problems] == [
        (2, "cmdCode"), (3, "period"), (4, "netWgt"), (6, "period")]
    assert "repeats row 5" in err.value.problems[-1].rule


def test_a_stored_source_is_not_repeated():
    data = SAMPLE.read_bytes()
    result = read_comtrade("sample.csv", data, TODAY, {source_id_for(data)})
    assert "sources" not in result.tables


def test_importing_the_sample_adds_flows_and_context_and_again_changes_nothing(store):
    store.seed(SEED_DIR)
    data = SAMPLE.read_bytes()
    prepared = desk.prepare_import(store, desk.COMTRADE, "sample.csv", data, TODAY)
    assert prepared.problems == []
    done = desk.commit_import(store, prepared, "ana", "Comtrade 2023", "sample.csv")
    assert {t: (s.new, s.changed) for t, s in done.items()} == {
        "sources": (1, 0), "trade_flows": (2, 0), "import_context": (2, 0)}
    flows = store.read_table("trade_flows").set_index("flow_id")
    assert flows.at["CT-PAK-RUS-M-2023", "value_usd"] == "58431000"
    assert flows["commodity"].value_counts().to_dict() == {"TOTAL": 9, "2709": 2}  # the seed's 9, Comtrade's 2
    assert store.read_table("sources").set_index("source_id").at[source_id_for(data), "publisher"] == "UN Comtrade"
    logged = len(store.read_changes())
    again = desk.prepare_import(store, desk.COMTRADE, "sample.csv", data, TODAY + dt.timedelta(days=3))
    assert again.problems == [] and "sources" not in again.batches
    assert desk.commit_import(store, again, "ana", "again", "sample.csv") == {}
    assert len(store.read_changes()) == logged


def test_a_refused_later_table_leaves_the_earlier_ones_unwritten(store, monkeypatch):
    """All or nothing across tables: import_context refused after sources and trade_flows were
    written inside the same transaction, which then rolls back; the log records nothing."""
    store.seed(SEED_DIR)
    before = {**store.read_all()}
    changes_before = len(store.read_changes())
    data = SAMPLE.read_bytes()
    prepared = desk.prepare_import(store, desk.COMTRADE, "sample.csv", data, TODAY)
    real_upsert = store._upsert
    upserted = []

    def failing_upsert(conn, table, *args, **kwargs):
        if table == "import_context":
            raise ValidationError([])
        upserted.append(table)
        return real_upsert(conn, table, *args, **kwargs)

    monkeypatch.setattr(store, "_upsert", failing_upsert)
    with pytest.raises(ValidationError):
        desk.commit_import(store, prepared, "ana", "Comtrade 2023", "sample.csv")
    assert upserted == ["sources", "trade_flows"]  # written, then rolled back with the rest
    after = store.read_all()
    for table in ("sources", "trade_flows", "import_context"):
        pd.testing.assert_frame_equal(before[table], after[table], obj=table)
    assert len(store.read_changes()) == changes_before