"""The Cooperation page's frames on the seed data, counted by hand from data/.

Latest status per energy initiative (last report in initiative_reports.csv): I01 stated (IR019,
22 Jan 2026), I02 stalled (IR026), I03 in talks (IR032), I04 in talks (IR034), I06 in talks
(IR046), I08 stated (IR054), I09 stated (IR057), I10 in talks (IR059): 3 stated, 4 in talks,
1 stalled. Industry: 8 events tagged industry (E050, E054, E055, E057, E058, E065, E066, E068)
and 6 reports on I05 = 14 mentions.
"""
import datetime as dt

import pandas as pd

from analysis.cooperation_views import (cooperation_view, mention_matrix, reports_in_range, sector_ids,
                                        trade_view)
from analysis.schema import INITIATIVE_STATUSES
from ui.colours import STATUS_COLOURS

ALL = (dt.date(2015, 1, 1), dt.date(2026, 12, 31))



def test_every_status_has_one_colour():
    assert set(STATUS_COLOURS) == set(INITIATIVE_STATUSES)
    assert len(set(STATUS_COLOURS.values())) == len(STATUS_COLOURS)


def test_sector_ids_from_names_and_all_when_empty(seed):
    assert sector_ids(seed["sectors"], ["Industry", "IT"]) == ["industry", "it"]
    assert len(sector_ids(seed["sectors"], [])) == 11


def test_status_counts_per_sector_include_every_status(seed):
    view = cooperation_view(seed.tables, sector_ids(seed["sectors"], []), *ALL)
    energy = view.counts[view.counts["sector"] == "Energy"].set_index("status")["initiatives"]
    assert energy.to_dict() == {"stated": 3, "in_talks": 4, "agreed": 0, "under_way": 0, "delivered": 0,
                                "stalled": 1}
    assert view.counts["initiatives"].sum() == 14
    assert view.quiet_sectors == ["Commerce", "IT", "Diplomacy", "Pharmaceuticals"]
    assert view.unreported == 0


def test_latest_status_and_history_for_one_sector(seed):
    view = cooperation_view(seed.tables, ["industry"], *ALL)
    row = view.latest.set_index("initiative_id").loc["I05"]
    assert (row["status"], row["reported_on"], row["publisher"], row["n_reports"]) == (
        "in_talks", "2026-01-16", "DNA News", 6)
    assert view.history["report_id"].tolist() == ["IR035", "IR036", "IR037", "IR038", "IR039", "IR040"]
    assert view.history["status_label"].iloc[0] == "stated"
    assert view.mentions.groupby("sector")["mentions"].sum().to_dict() == {"Industry": 14}


def test_the_date_range_limits_reports_and_latest_status(seed):
    view = cooperation_view(seed.tables, ["energy"], dt.date(2025, 1, 1), ALL[1])
    latest = view.latest.set_index("initiative_id")
    assert pd.isna(latest.at["I02", "status"])  # last reported December 2024
    assert latest.at["I01", "n_reports"] == 5  # IR015–IR019
    assert view.unreported == 2  # I02 and I06 (last report September 2024)


def test_reports_in_range_use_the_first_day_of_a_partial_date():
    reports = pd.DataFrame({"reported_on": pd.Series(["2023-04", "2023-03-31", "2023"], dtype="string")})
    kept = reports_in_range(reports, dt.date(2023, 4, 1), dt.date(2023, 4, 30))
    assert kept["reported_on"].tolist() == ["2023-04"]


def test_mention_matrix_puts_busiest_sectors_and_publishers_first():
    mentions = pd.DataFrame({"sector": ["Energy", "Energy", "Trade"], "publisher": ["A", "B", "B"],
                             "mentions": [1, 5, 2]})
    matrix = mention_matrix(mentions)
    assert matrix.index.tolist() == ["Energy", "Trade"]
    assert matrix.columns.tolist() == ["B", "A"]
    assert matrix.loc["Trade", "A"] == 0
    assert mention_matrix(mentions.iloc[0:0]).empty


def test_trade_view_by_basis_with_qualifiers(seed):
    fiscal = trade_view(seed["trade_flows"], seed["sources"], "fiscal", *ALL)
    assert sorted(fiscal["flow_id"]) == ["TF05", "TF06", "TF07"]
    total = fiscal.set_index("direction").loc["total"]
    assert (total["period"], total["value_musd"], total["stated"]) == ("FY2022-23", 920.0, "$920.0m")
    everything = trade_view(seed["trade_flows"], seed["sources"], "all", *ALL).set_index("flow_id")
    assert len(everything) == 9
    assert everything.at["TF08", "stated"] == "at least $1.00bn"
    assert everything.at["TF02", "direction_label"] == "Russia → Pakistan"
    in_2020 = trade_view(seed["trade_flows"], seed["sources"], "all", dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    assert in_2020["flow_id"].tolist() == ["TF01"]
    in_2016 = trade_view(seed["trade_flows"], seed["sources"], "all", dt.date(2016, 1, 1), dt.date(2016, 12, 31))
    assert in_2016.empty
