"""The Cooperation page's frames on the seed data, counted by hand from data/.

Latest status per energy initiative (last report in initiative_reports.csv): I01 stated (IR019,
22 Jan 2026), I02 stalled (IR026), I03 in talks (IR032), I04 in talks (IR034), I06 in talks
(IR046), I08 stated (IR054), I09 stated (IR057), I10 in talks (IR059): 3 stated, 4 in talks,
1 stalled. Furthest stage per energy initiative (highest of stated < in talks < agreed < under way
< delivered in any report; stalled is not a stage): I01 delivered (first IR004, 11 Jun 2023,
Business Recorder S032), I02 agreed (IR022), I03 in talks, I04 in talks, I06 agreed (IR041),
I08 delivered (IR050), I09 stated, I10 in talks: 1 stated, 3 in talks, 2 agreed, 2 delivered.
Industry: 8 events tagged industry (E050, E054, E055, E057, E058, E065, E066, E068) and 6 reports
on I05 = 14 mentions.
"""
import datetime as dt

import pandas as pd

from analysis.cooperation_views import (cooperation_view, mention_matrix, reports_in_range, sector_ids,
                                        trade_rows, trade_view)
from analysis.formatting import chart_label, chart_labels, who_said
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


def test_furthest_stage_per_sector_counts_stages_only(seed):
    view = cooperation_view(seed.tables, sector_ids(seed["sectors"], []), *ALL)
    energy = view.stages[view.stages["sector"] == "Energy"].set_index("status")["initiatives"]
    assert energy.to_dict() == {"stated": 1, "in_talks": 3, "agreed": 2, "under_way": 0, "delivered": 2}
    assert view.stages["initiatives"].sum() == 14


def test_russian_crude_purchases_show_the_furthest_stage_beside_the_latest_report(seed):
    view = cooperation_view(seed.tables, ["energy"], *ALL)
    i01 = view.latest.set_index("initiative_id").loc["I01"]
    # Furthest: delivered, first reported with the first cargo at Karachi (IR004).
    assert (i01["furthest_status"], i01["furthest_label"], i01["furthest_on"], i01["furthest_source_id"],
            i01["furthest_publisher"]) == ("delivered", "delivered", "2023-06-11", "S032", "Business Recorder")
    # Latest: the ambassador's "we buy oil from Russia" (IR019), a statement.
    assert (i01["status"], i01["reported_on"], i01["source_id"], i01["speaker"], i01["speaker_role"]) == (
        "stated", "2026-01-22", "S093", "Faisal Niaz Tirmizi", "Pakistani Ambassador to Russia")


def test_the_furthest_stage_counts_reports_up_to_the_end_of_the_range(seed):
    # From 2025 on: the latest I01 report in range is still IR019, and the stage reached in 2023 stays.
    later = cooperation_view(seed.tables, ["energy"], dt.date(2025, 1, 1), ALL[1]).latest.set_index("initiative_id")
    assert (later.at["I01", "status"], later.at["I01", "furthest_status"], later.at["I01", "furthest_on"]) == (
        "stated", "delivered", "2023-06-11")
    assert later.at["I02", "furthest_status"] == "agreed" and pd.isna(later.at["I02", "status"])
    # Up to May 2023 the first order (IR003, April 2023) is as far as it got.
    early = cooperation_view(seed.tables, ["energy"], ALL[0], dt.date(2023, 5, 31)).latest.set_index("initiative_id")
    assert (early.at["I01", "furthest_status"], early.at["I01", "furthest_on"], early.at["I01", "status"]) == (
        "agreed", "2023-04", "agreed")


def test_who_said_what_names_speaker_role_and_publisher_apart(seed):
    said = cooperation_view(seed.tables, ["energy"], *ALL).said.set_index("record_id")
    # E008 (20 Jan 2023): the 35% aim, said by Musadik Malik, published by Economy.pk.
    assert tuple(said.loc["E008", ["speaker", "speaker_role", "publisher", "source_id"]]) == (
        "Musadik Malik", "Minister of State for Petroleum", "Economy.pk", "S016")
    # IR023: the 3.6 Mt plan, given by unnamed Energy Ministry officials (an office, no name).
    assert pd.isna(said.at["IR023", "speaker"]) and said.at["IR023", "speaker_role"] == "Energy Ministry officials"
    assert said.at["IR023", "what"] == "Long-term crude supply contract: stated"
    # Accounts that name no one are not listed (E020: the first cargo docks, Business Recorder).
    assert "E020" not in said.index
    assert said["date_start"].is_monotonic_decreasing


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


def test_trade_rows_name_period_and_publisher_without_ids(seed):
    trade = trade_view(seed["trade_flows"], seed["sources"], "all", *ALL)
    rows = dict(zip(trade["flow_id"], trade_rows(trade, seed["sources"])))
    assert rows["TF05"] == "FY2022-23 · The Nation" and rows["TF08"] == "2023 · TASS"
    assert not any("(S" in row for row in rows.values())
    # Two publications of one outlet for the same period are told apart by their dates.
    sources = pd.DataFrame({"source_id": ["A", "B"], "publisher": ["Dawn", "Dawn"], "title": ["x", "y"],
                            "published_on": ["2024-01-05", "2024-02-01"]}, dtype="string")
    twice = pd.DataFrame({"period": ["2023", "2023"], "publisher": ["Dawn", "Dawn"], "source_id": ["A", "B"]})
    assert trade_rows(twice, sources).tolist() == ["2023 · Dawn · 2024-01-05", "2023 · Dawn · 2024-02-01"]


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


def test_chart_labels_wrap_long_titles():
    # Escaping their markup is ui.chart_markup's, for every text of a figure (test_chart_markup).
    assert chart_label("New steel plant and Pakistan Steel Mills revival") == (
        "New steel plant and Pakistan<br>Steel Mills revival")
    assert chart_labels(pd.Series(["Oil & Gas Journal", None], dtype="string")).tolist() == ["Oil & Gas Journal", "—"]
    speaker = pd.Series(["Musadik Malik", None, None], dtype="string")
    role = pd.Series(["Minister of State for Petroleum", "Energy Ministry officials", None], dtype="string")
    assert who_said(speaker, role).tolist() == ["Musadik Malik, Minister of State for Petroleum",
                                                "Energy Ministry officials", pd.NA]
