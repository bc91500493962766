"""Trade by sector from Comtrade flows (analysis/sector_trade.py): no value counted twice across
a chapter and its headings, both countries' accounts side by side with the gap, a missing account
named instead of drawn as zero, and the latest year's chapters. Figures worked out by hand."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis.comtrade import read_comtrade
from analysis.sector_trade import comtrade_flows, composition, mirror, sector_trade
from comtrade_files import csv_bytes, row

PAK, RUS = 586, 643
M = 1_000_000
DOWNLOAD = [
    row(PAK, RUS, "M", "2023", "TOTAL", 1060 * M), row(PAK, RUS, "M", "2023", "27", 560 * M),
    row(PAK, RUS, "M", "2023", "2709", 58.431 * M), row(PAK, RUS, "M", "2023", "10", 412 * M),
    row(PAK, RUS, "M", "2023", "30", 20 * M), row(PAK, RUS, "M", "2023", "93", 1 * M),
    row(PAK, RUS, "M", "2023", "84", 100 * M), row(PAK, RUS, "M", "2023", "8471", 30 * M),
    row(RUS, PAK, "X", "2023", "TOTAL", 990 * M), row(RUS, PAK, "X", "2023", "27", 500 * M),
    row(RUS, PAK, "X", "2023", "10", 400 * M), row(RUS, PAK, "X", "2023", "30", 25 * M),
    row(PAK, RUS, "X", "2023", "52", 40 * M), row(PAK, RUS, "X", "2023", "08", 60 * M),
    row(RUS, PAK, "M", "2023", "52", 45 * M),
    row(PAK, RUS, "M", "2022", "10", 300 * M),
    row(PAK, RUS, "M", "202302", "10", 7 * M),  # monthly: not a year of either account
]


@pytest.fixture(scope="module")
def flows():
    return read_comtrade("TradeData.csv", csv_bytes(DOWNLOAD), dt.date(2025, 1, 1), set()).tables["trade_flows"]


def test_comtrade_rows_carry_their_reporter_and_year(flows):
    rows = comtrade_flows(pd.concat([flows, pd.DataFrame([{"flow_id": "TF01", "direction": "total",
                                                           "commodity": "TOTAL", "value_usd": "1"}])]))
    assert len(rows) == len(DOWNLOAD) - 1  # the news figure and the monthly row are not Comtrade years
    assert set(rows["reporter"]) == {"Pakistan", "Russia"} and set(rows["year"]) == {2022, 2023}


def test_a_chapter_counts_only_what_its_headings_do_not(flows):
    got = sector_trade(flows)
    pak = got[(got["year"] == 2023) & (got["reporter"] == "Pakistan") & (got["direction"] == "RU_to_PK")]
    assert dict(zip(pak["sector_id"], pak["value_usd"] / M)) == pytest.approx({
        "energy": 560,  # chapter 27: 501.569 of its own and 58.431 of crude, both energy: 560, not 618.431
        "agriculture": 412, "pharmaceuticals": 20, "other_goods": 1,
        "industry": 70, "it": 30})  # chapter 84 less computers (8471), which are IT


def test_both_accounts_side_by_side_with_the_gap_and_a_missing_one_named(flows):
    got = mirror(sector_trade(flows)).set_index(["year", "direction", "sector_id"])
    energy = got.loc[(2023, "RU_to_PK", "energy")]
    assert (energy["importer"] / M, energy["exporter"] / M, energy["gap_usd"] / M) == pytest.approx((560, 500, 60))
    assert energy["gap_percent"] == pytest.approx(12.0) and pd.isna(energy["missing"])
    assert got.loc[(2023, "RU_to_PK", "pharmaceuticals"), "gap_percent"] == pytest.approx(-20.0)  # 20 against 25
    cotton = got.loc[(2023, "PK_to_RU", "industry")]  # Russia's imports 45 against Pakistan's exports 40
    assert (cotton["importer"] / M, cotton["exporter"] / M, cotton["gap_percent"]) == pytest.approx((45, 40, 12.5))
    fruit = got.loc[(2023, "PK_to_RU", "agriculture")]
    assert fruit["missing"] == "Russia" and pd.isna(fruit["gap_usd"])  # said, not drawn as zero
    assert got.loc[(2022, "RU_to_PK", "agriculture"), "missing"] == "Russia"
    assert got.loc[(2023, "RU_to_PK", "other_goods"), "missing"] == "Russia"


def test_the_latest_years_chapters_are_the_importers_largest_first(flows):
    year, reporter, chapters = composition(flows, "RU_to_PK")
    assert (year, reporter) == (2023, "Pakistan")
    assert list(chapters["commodity"]) == ["27", "10", "84", "30", "93"]
    assert chapters["share_percent"].tolist() == pytest.approx([560 / 1093 * 100, 412 / 1093 * 100,
                                                                100 / 1093 * 100, 20 / 1093 * 100, 1 / 1093 * 100])
    assert list(chapters["sector_id"]) == ["energy", "agriculture", "industry", "pharmaceuticals", "other_goods"]
    year, reporter, chapters = composition(flows, "PK_to_RU")
    assert (year, reporter, list(chapters["commodity"])) == (2023, "Russia", ["52"])  # Russia reported chapters
    assert composition(flows[flows["commodity"] == "TOTAL"], "RU_to_PK")[0] is None


def test_each_sector_sets_its_furthest_stage_beside_its_trade_trend(flows):
    from analysis.sector_trade import sector_overview
    sectors = pd.DataFrame({"sector_id": ["energy", "agriculture", "health"],
                            "name": ["Energy", "Agriculture", "Health"]})
    latest = pd.DataFrame({"sector_id": ["energy", "energy", "agriculture", "health"],
                           "furthest_status": pd.Categorical(["in_talks", "agreed", None, None],
                                                             categories=["stated", "in_talks", "agreed"], ordered=True),
                           "furthest_on": ["2023-01", "2023-04-19", None, None]})
    got = sector_overview(latest, sector_trade(flows), sectors, ["energy", "agriculture", "health"]).set_index("sector_id")
    assert list(got.index) == ["energy", "agriculture", "other_goods"]  # health has neither: left out
    assert (got.at["energy", "furthest_stage"], got.at["energy", "stage_on"]) == ("agreed", "2023-04-19")
    farm = got.loc["agriculture"]  # Pakistan's imports of cereals: 300 in 2022, 412 in 2023
    assert (farm["RU_to_PK_from"], farm["RU_to_PK_to"]) == (2022, 2023)
    assert farm["RU_to_PK_change_percent"] == pytest.approx((412 / 300 - 1) * 100)
    assert farm["PK_to_RU_last_usd"] == 60 * M  # only Pakistan reported its fruit exports: its figure stands
    assert pd.isna(got.at["agriculture", "furthest_stage"])
