"""The Cooperation page under Streamlit's AppTest, on a throwaway store seeded from data/.

Counted by hand from data/initiatives.csv and data/initiative_reports.csv: 14 initiatives, 8
of them energy, whose latest reports are 3 stated (I01, I08, I09), 4 in talks (I03, I04, I06,
I10) and 1 stalled (I02). Industry has one initiative (I05, 6 reports, last in talks on
16 Jan 2026, DNA News) and 14 mentions (8 events + 6 reports). Trade: FY2022-23 total $920.0m
(TF05); 2023 "at least" $1bn from TASS and Business Recorder; all 9 figures are of all goods. The
UN Comtrade sample (tests/fixtures/comtrade/) adds 2 of HS 2709 crude petroleum for 2023, both
Russia → Pakistan: $58.4m as Pakistan reported it, $55.3m as Russia did.
"""
import datetime as dt
import json
import re
from pathlib import Path

import numpy as np
import pytest
import streamlit as st
from conftest import SEED_DIR, chart_titled, plotly_values, table_with

from analysis import desk
from analysis.store import Store

COMTRADE = Path(__file__).parent / "fixtures" / "comtrade" / "pakistan_russia_2709_2023.csv"


@pytest.fixture
def app(page_app):
    return page_app("pages/cooperation.py")


def by_sector(spec, status_label):
    bar = next(t for t in spec["data"] if t["name"] == status_label)
    return dict(zip(plotly_values(bar["y"]), plotly_values(bar["x"])))


def test_every_sector_with_its_initiatives_by_status(app):
    app.run()
    assert not app.exception
    status = chart_titled(app, "Initiatives per sector")
    assert by_sector(status, "stated")["Energy"] == 3
    assert by_sector(status, "in talks")["Energy"] == 4
    assert by_sector(status, "stalled")["Energy"] == 1
    assert by_sector(status, "delivered")["Agriculture"] == 1  # wheat, 1.4 Mt in 2023
    assert len(by_sector(status, "stated")) == 11  # every sector, initiatives or not
    quiet = next(t.value for t in app.text if t.value.startswith("No initiative tracked"))
    assert set(quiet.split(": ")[1].split(", ")) == {"Commerce", "IT", "Diplomacy", "Pharmaceuticals"}
    pipeline = table_with(app, "initiative_id")
    assert len(pipeline) == 14
    first = pipeline.set_index("initiative_id").loc["I01"]
    assert (first["status_label"], first["reported_on"], first["publisher"], first["n_reports"]) == (
        "stated", "2026-01-22", "Kommersant", 19)


def test_sector_filter_from_the_url_filters_every_view(app):
    app.query_params["coop_sector"] = "Industry"
    app.run()
    assert not app.exception
    pipeline = table_with(app, "initiative_id")
    assert pipeline["initiative_id"].tolist() == ["I05"]
    row = pipeline.iloc[0]
    assert (row["status_label"], row["reported_on"], row["publisher"], row["n_reports"]) == (
        "in talks", "2026-01-16", "DNA News", 6)
    assert list(by_sector(chart_titled(app, "Initiatives per sector"), "in talks")) == ["Industry"]
    history = chart_titled(app, "Status reports per initiative")
    markers = [t for t in history["data"] if t.get("mode") == "markers"]
    assert sum(len(plotly_values(t["x"])) for t in markers) == 6
    mentions = chart_titled(app, "Mentions per sector")["data"][0]
    assert plotly_values(mentions["y"]) == ["Industry"]
    assert np.sum(plotly_values(mentions["z"])) == 14
    # Trade belongs to the Trade sector, which is not chosen.
    assert any("add Trade to the sector filter" in i.value for i in app.info)


def test_changing_the_sector_filter_changes_the_pipeline(app):
    app.run()
    app.multiselect(key="coop_sector").set_value(["Energy"]).run()
    pipeline = table_with(app, "initiative_id")
    assert sorted(pipeline["initiative_id"]) == ["I01", "I02", "I03", "I04", "I06", "I08", "I09", "I10"]


def test_trade_turnover_by_basis(app):
    app.run()
    trade = table_with(app, "flow_id").set_index("flow_id")
    assert len(trade) == 9
    assert trade.at["TF08", "stated"] == "at least $1.00bn"
    app.button_group(key="coop_trade_basis").set_value("fiscal").run()
    fiscal = table_with(app, "flow_id").set_index("flow_id")
    assert sorted(fiscal.index) == ["TF05", "TF06", "TF07"]
    assert (fiscal.at["TF05", "value_musd"], fiscal.at["TF05", "stated"]) == (920.0, "$920.0m")
    chart = chart_titled(app, "Russia–Pakistan trade in all goods")
    total = next(t for t in chart["data"] if t["name"] == "Turnover (both directions)")
    assert plotly_values(total["x"]) == [920.0]
    assert [c.proto.spec for c in app.get("plotly_chart") if "HS 2709" in c.proto.spec] == []  # none in the seed


def test_the_date_range_applies_to_reports(app):
    app.query_params.update({"from": "2025-01-01", "coop_sector": "Energy"})
    app.run()
    assert not app.exception
    pipeline = table_with(app, "initiative_id").set_index("initiative_id")
    assert pipeline.at["I02", "status_label"] == "no report in this period"  # last reported Dec 2024
    assert pipeline.at["I01", "n_reports"] == 5  # IR015–IR019
    assert any("2 initiative(s) have no status report in this period" in c.value for c in app.caption)


def test_no_report_in_range_is_explained(app):
    app.query_params.update({"from": "2016-01-01", "to": "2016-12-31"})
    app.run()
    assert not app.exception
    assert any("No status report on the chosen sectors' initiatives is dated between" in i.value for i in app.info)


def test_the_pipeline_shows_the_furthest_stage_beside_the_latest_report(app):
    app.run()
    assert not app.exception
    i01 = table_with(app, "initiative_id").set_index("initiative_id").loc["I01"]
    # Russian crude purchases: delivered with the first cargo (IR004, Business Recorder, 11 Jun 2023);
    # the latest report (IR019, Kommersant, 22 Jan 2026) only states an intention.
    assert (i01["furthest_label"], i01["furthest_on"], i01["furthest_publisher"], i01["furthest_source_id"]) == (
        "delivered", "2023-06-11", "Business Recorder", "S032")
    assert (i01["status_label"], i01["reported_on"], i01["speaker"], i01["speaker_role"], i01["publisher"]) == (
        "stated", "2026-01-22", "Faisal Niaz Tirmizi", "Pakistani Ambassador to Russia", "Kommersant")


def test_counting_by_the_furthest_stage(app):
    app.query_params["coop_count_by"] = "furthest stage"
    app.run()
    assert not app.exception
    stages = chart_titled(app, "Initiatives per sector by the furthest stage")
    # Energy: I09 stated; I03, I04, I10 in talks; I02, I06 agreed; I01, I08 delivered.
    assert by_sector(stages, "delivered")["Energy"] == 2 and by_sector(stages, "agreed")["Energy"] == 2
    assert "stalled" not in [t["name"] for t in stages["data"]]


def test_who_said_what_keeps_speaker_role_and_publisher_apart(app):
    app.query_params["coop_sector"] = "Energy"
    app.run()
    said = table_with(app, "record_id").set_index("record_id")
    assert tuple(said.loc["E008", ["speaker", "speaker_role", "publisher"]]) == (
        "Musadik Malik", "Minister of State for Petroleum", "Economy.pk")
    assert tuple(said.loc["IR002", ["speaker", "speaker_role", "publisher"]]) == (
        "Nikolai Shulginov", "Russian Energy Minister", "VOA via Belfast Bulletin")
    assert "E020" not in said.index  # the first cargo docks: its report names no one


def test_axis_labels_carry_names_not_source_ids_and_long_titles_wrap(app):
    app.run()
    labels = [label for chart in app.get("plotly_chart") for trace in json.loads(chart.proto.spec)["data"]
              for axis in ("x", "y") for label in plotly_values(trace.get(axis, [])) if isinstance(label, str)]
    assert labels and not [label for label in labels if re.search(r"\(S\d+\)", label)]
    history = chart_titled(app, "Status reports per initiative")
    rows = {y for t in history["data"] for y in plotly_values(t["y"])}
    assert "New steel plant and Pakistan<br>Steel Mills revival" in rows  # I05, wrapped rather than cut
    trade = chart_titled(app, "Russia–Pakistan trade")
    assert "2023 · TASS" in {y for t in trade["data"] for y in plotly_values(t["y"])}


def with_download(page_app, tmp_path, name: str, data: bytes, today: dt.date):
    """The page on a store seeded from the seed data with a Comtrade download imported through the
    data desk. The app's cached store and dataset are cleared before and after, so that it opens
    this store and later tests open theirs."""
    st.cache_resource.clear()
    store = Store(f"sqlite:///{tmp_path / 'corridor.sqlite'}")  # where page_app points the app
    store.create()
    store.seed(SEED_DIR)
    prepared = desk.prepare_import(store, desk.COMTRADE, name, data, today)
    desk.commit_import(store, prepared, "Ana", "Comtrade", name)
    store.close()
    yield page_app("pages/cooperation.py")
    st.cache_resource.clear()


@pytest.fixture
def with_crude(page_app, tmp_path):
    """The Comtrade sample of HS 2709 imported."""
    yield from with_download(page_app, tmp_path, "comtrade.csv", COMTRADE.read_bytes(), dt.date(2025, 11, 28))


def test_all_goods_and_crude_petroleum_are_shown_apart(with_crude):
    app = with_crude
    for code in ("TOTAL", "2709"):  # the reader opens both text versions
        app.session_state[f"coop-trade-{code}-text-open"] = True
    app.run()
    assert not app.exception
    assert [m.value for m in app.markdown if m.value.startswith("####")] == [
        "#### All goods", "#### HS 2709 crude petroleum"]
    goods = chart_titled(app, "Russia–Pakistan trade in all goods")
    crude = chart_titled(app, "Russia–Pakistan trade in HS 2709 crude petroleum")
    assert 58.431 not in [x for t in goods["data"] for x in plotly_values(t["x"])]
    assert [(t["name"], plotly_values(t["x"])) for t in crude["data"]] == [("Russia → Pakistan", [58.431, 55.3])]
    assert plotly_values(crude["data"][0]["y"]) == ["2023 · UN Comtrade · CT-PAK-RUS-M-2023",
                                                    "2023 · UN Comtrade · CT-RUS-PAK-X-2023"]
    # Each chart's text version names its own commodity and draws its own values only.
    versions = [t.value for t in app.text if t.value.startswith("Russia–Pakistan trade")]
    assert versions[0].startswith("Russia–Pakistan trade in all goods by period")
    assert versions[1] == ("Russia–Pakistan trade in HS 2709 crude petroleum by period, direction and source "
                           "(USD millions).\nRussia → Pakistan: 2 bars, lowest 55.3 (2023 · UN Comtrade · "
                           "CT-RUS-PAK-X-2023), highest 58.43 (2023 · UN Comtrade · CT-PAK-RUS-M-2023).")
    tables = [df.value for df in app.dataframe if "flow_id" in df.value.columns]
    assert [sorted(set(t["commodity"])) for t in tables] == [["TOTAL"], ["2709"]]
    assert len(tables[0]) == 9 and set(tables[0]["commodity_label"]) == {"all goods"}
    assert tables[1].set_index("flow_id").at["CT-RUS-PAK-X-2023", "stated"] == "$55.3m"
    # The crude figures' CSV keeps the commodity column.
    assert {"commodity", "commodity_label"} <= set(tables[1].columns)


@pytest.fixture
def with_chapters(page_app, tmp_path):
    """A Comtrade download by HS code imported (tests/test_sector_trade.py's DOWNLOAD: 2022 and
    2023, both reporters, all goods, chapters and headings)."""
    from comtrade_files import csv_bytes
    from test_sector_trade import DOWNLOAD
    yield from with_download(page_app, tmp_path, "TradeData.csv", csv_bytes(DOWNLOAD), dt.date(2025, 1, 1))


def test_trade_by_sector_beside_each_sectors_furthest_stage(with_chapters):
    app = with_chapters
    app.run()
    assert not app.exception
    overview = table_with(app, "furthest_stage").set_index("sector")
    # Seed: agriculture's furthest stage is delivered (wheat supply, reported 19 Jun 2024).
    assert (overview.at["Agriculture", "furthest_stage"], overview.at["Agriculture", "stage_on"]) == (
        "delivered", "2024-06-19")
    assert overview.at["Agriculture", "RU_to_PK_first_musd"] == 300.0  # Pakistan's cereal imports, 2022
    assert overview.at["Agriculture", "RU_to_PK_last_musd"] == 412.0  # and 2023
    assert overview.at["Agriculture", "RU_to_PK_change_percent"] == pytest.approx(37.333, abs=0.001)
    assert overview.at["Energy", "RU_to_PK_last_musd"] == 560.0  # chapter 27 with its crude, counted once
    assert overview.at["IT", "RU_to_PK_last_musd"] == 30.0 and overview.at["Industry", "RU_to_PK_last_musd"] == 70.0
    mirror_table = table_with(app, "gap_percent").set_index(["year", "direction_label", "sector"])
    assert mirror_table.loc[(2023, "Russia → Pakistan", "Energy"), "gap_percent"] == pytest.approx(12.0)
    assert mirror_table.loc[(2022, "Russia → Pakistan", "Agriculture"), "note"] == "no figure from Russia"
    assert np.isnan(mirror_table.loc[(2022, "Russia → Pakistan", "Agriculture"), "gap_musd"])  # not a zero
    bars = chart_titled(app, "What Russia sold Pakistan in 2023, by HS chapter, as Pakistan reported it")
    assert plotly_values(bars["data"][0]["x"]) == [1.0, 20.0, 100.0, 412.0, 560.0]  # smallest at the bottom
    other_way = chart_titled(app, "What Pakistan sold Russia in 2023, by HS chapter, as Russia reported it")
    assert plotly_values(other_way["data"][0]["x"]) == [45.0]  # cotton, the only chapter Russia reported
    trend = chart_titled(app, "Russia → Pakistan: trade by sector per year")
    lines = {t["name"]: (plotly_values(t["x"]), plotly_values(t["y"])) for t in trend["data"]}
    assert lines["Agriculture"] == ([2022, 2023], [300.0, 412.0])
    # Chapters are drawn by sector, not as a chart per code; all goods and crude keep theirs.
    assert [m.value for m in app.markdown if m.value.startswith("####")] == [
        "#### All goods", "#### HS 2709 crude petroleum"]


def test_without_a_download_by_hs_code_the_sector_trade_says_how_to_get_one(app):
    app.run()
    assert any(i.value.startswith("No UN Comtrade download by HS code is stored") for i in app.info)


def test_comtrade_crude_is_checked_against_the_cargo_ledger(with_crude):
    app = with_crude
    app.run()
    assert not app.exception
    check = table_with(app, "ledger_less_pakistan_t")
    # Seed ledger 2023: C01 45,142 + C02 56,000 + C03 100,000 + C04 10,000 = 211,142 t in 4 cargoes;
    # the Comtrade sample: 101,122 t as Pakistan reported it, 98,000 t as Russia did.
    assert check.to_dict("records") == [{"year": 2023, "cargoes": 4, "ledger_t": 211142.0, "pakistan_t": 101122.0,
                                         "russia_t": 98000.0, "ledger_less_pakistan_t": 110020.0}]
