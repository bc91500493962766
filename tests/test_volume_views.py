"""The Crude volumes page's figures, on the seed data, computed by hand from data/.

Cargoes (see tests/test_seed_figures.py for the reconciliation): C01 Pure Point 45,142 t
(accounts 45,000 / 45,122 / 45,142 t; the 45,142 t is port data), 11 Jun 2023; C02 Clyde Noble
56,000 t (55,000 / 56,000; the 56,000 t is port data), 27 Jun 2023; C03 Cnergyico 100,000 t
(100,000 twice), Oct 2023; C04 10,000 t (The News), Nov 2023; C04-CR014, Clyde Noble leaving
Ust-Luga on 9 Nov 2023 with up to 105,000 t (tracking data), an unconfirmed account of C04 kept
apart and not counted as delivered. Urals at API 31.5: SG 141.5/163 = 0.86810, density
867.24 kg/m³, 1000 / (867.24 × 0.158987) = 7.252643 bbl/t; no grade: 7.33 bbl/t.
"""
import datetime as dt

import pandas as pd
import pytest

from analysis.volume_views import (afloat_lines, arrivals, cargo_ledger, cumulative_in, expressed_as, held_steps,
                                   imprecise_arrivals, key_events, ledger_listing, listed_cargoes, listed_routes,
                                   on_the_water, ordered_in, running_totals, series_in, target_pace,
                                   targets_table)
from analysis.volumes import targets_vs_actuals

ALL = (dt.date(2015, 1, 1), dt.date(2026, 12, 31))
Q4_2023 = (dt.date(2023, 10, 1), dt.date(2023, 12, 31))



def test_ledger_has_one_row_per_cargo_with_range_sources_and_conflict(seed):
    ledger = cargo_ledger(seed.cargoes, "t", *ALL).set_index("cargo_id")
    assert ledger.index.tolist() == ["C01", "C02", "C03", "C04", "C04-CR014"]
    first = ledger.loc["C01"]
    assert (first["quantity"], first["low"], first["high"]) == (45_142, 45_000, 45_142)
    assert first["range"] == "45,000–45,142"
    assert first["n_sources"] == 5 and first["sources"] == "S030, S032, S035, S038, S092"
    assert first["route"] == "not named → Duqm → Karachi"
    assert (first["arrived"], first["loaded"]) == ("2023-06-11", "2023-04-21")
    assert ledger["conflict"].tolist() == [True, True, False, False, False]
    assert ledger.loc["C03", "range"] == "100,000"
    assert (ledger.loc["C03", "vessel"], ledger.loc["C03", "arrived"]) == ("not named", "2023-10 (month)")
    assert ledger.loc["C04", "route"] == "not named → not named → not named"
    assert ledger["link"].tolist() == ["probable", "confirmed", "probable", "confirmed",
                                       "possibly C04 (not confirmed)"]


def test_ledger_shows_the_unconfirmed_account_apart_with_its_last_position(seed):
    # CR014: Clyde Noble left Ust-Luga on 9 Nov 2023 with up to 105,000 t (Kpler via EADaily); no
    # source says it discharged, so it is no part of C04 (10,000 t, Nov 2023) and not delivered.
    ledger = cargo_ledger(seed.cargoes, "t", *ALL).set_index("cargo_id")
    afloat = ledger.loc["C04-CR014"]
    assert (afloat["vessel"], afloat["status"], afloat["position"]) == (
        "Clyde Noble", "in transit", "left Ust-Luga 9 Nov 2023")
    assert (afloat["quantity"], afloat["range"], afloat["arrived"]) == (105_000, "105,000", "not reported")
    assert ledger.loc[["C01", "C02", "C03", "C04"], "position"].isna().all()
    assert (ledger.loc["C04", "quantity"], ledger.loc["C04", "range"]) == (10_000, "10,000")


def test_ledger_in_barrels_and_cubic_metres(seed):
    barrels = cargo_ledger(seed.cargoes, "bbl", *ALL).set_index("cargo_id")
    # 45,142 × 7.252643 = 327,398.8 (chosen and highest); 45,000 × 7.252643 = 326,368.9
    assert (barrels.at["C01", "quantity"], barrels.at["C01", "low"], barrels.at["C01", "high"]) == (
        327_399, 326_369, 327_399)
    assert barrels.at["C03", "quantity"] == 733_000  # 100,000 t × 7.33
    cubic = cargo_ledger(seed.cargoes, "m3", *ALL).set_index("cargo_id")
    assert cubic.at["C01", "quantity"] == 52_052  # 327,398.8 bbl × 0.158987 m³/bbl
    assert barrels.at["C03", "bbl_per_tonne"] == 7.33


def test_ledger_follows_the_arrival_dates(seed):
    # C04-CR014 has no arrival: it is listed by its loading date, 9 Nov 2023.
    assert cargo_ledger(seed.cargoes, "t", *Q4_2023)["cargo_id"].tolist() == ["C03", "C04", "C04-CR014"]
    assert cargo_ledger(seed.cargoes, "t", dt.date(2019, 1, 1), dt.date(2019, 12, 31)).empty


def test_a_cargo_not_yet_arrived_is_listed_by_its_loading_date():
    cargoes = pd.DataFrame({"cargo_id": ["A", "B"], "arrival_start": pd.to_datetime([None, "2024-05-01"]),
                            "load_start": pd.to_datetime(["2024-03-02", "2024-03-01"])})
    march = listed_cargoes(cargoes, dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    assert march["cargo_id"].tolist() == ["A"]


def test_expressed_as_leaves_tonnes_alone_and_converts_barrels(seed):
    delivered = seed.cargoes[seed.cargoes["delivered"]]
    assert expressed_as(delivered, "t")["tonnes"].sum() == 211_142
    # 101,142 t of Urals at 7.252643 bbl/t and 110,000 t at 7.33 bbl/t
    assert expressed_as(delivered, "bbl")["tonnes"].sum() == pytest.approx(1_539_846.8, abs=0.1)


def test_cumulative_deliveries_in_range_and_unit(seed):
    running = cumulative_in(seed.cargoes, "t", *ALL)
    assert running["cumulative"].tolist() == [45_142, 101_142, 201_142, 211_142]
    assert running["cumulative_max"].iloc[-1] == 45_142 + 56_000 + 100_000 + 10_000
    autumn = cumulative_in(seed.cargoes, "t", *Q4_2023)
    assert autumn["cumulative"].tolist() == [100_000, 110_000]


def test_held_steps_start_at_zero_and_hold_the_last_total(seed):
    steps = held_steps(cumulative_in(seed.cargoes, "t", *Q4_2023), "2023-09-01", "2023-12-31")
    assert steps["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2023-09-01", "2023-10-01", "2023-11-01", "2023-12-31"]
    assert steps["cumulative"].tolist() == [0, 100_000, 110_000, 110_000]
    assert steps["cumulative_max"].tolist() == [0, 100_000, 110_000, 110_000]
    assert steps["arrival"].tolist() == [False, True, True, False]
    assert steps["label"].iloc[1] == "vessel not named (C03)"
    assert held_steps(cumulative_in(seed.cargoes, "t", dt.date(2019, 1, 1), dt.date(2019, 12, 31)), "2019-01-01",
                      "2019-12-31").empty


def test_ordered_counts_orders_placed_in_range_with_a_quantity(seed):
    orders = ordered_in(seed.ledger, "t", *ALL)
    assert orders["order_id"].tolist() == ["O1"]  # O2 (Oct 2023) states no quantity
    assert orders["cumulative"].tolist() == [100_000]
    assert ordered_in(seed.ledger, "bbl", *ALL)["ordered"].iloc[0] == pytest.approx(733_000)
    assert ordered_in(seed.ledger, "t", *Q4_2023).empty


def test_target_pace_climbs_from_deliveries_to_the_full_volume_a_year_on(seed):
    pace = target_pace(seed["targets"], cumulative_in(seed.cargoes, "t", *ALL), "t", *ALL)
    t06 = pace[pace["target_id"] == "T06"]
    # Stated 24 Oct 2023, when C01 + C02 + C03 = 201,142 t had arrived; + 3.6 Mt by 24 Oct 2024.
    assert t06["date"].dt.strftime("%Y-%m-%d").tolist() == ["2023-10-24", "2024-10-24"]
    assert t06["quantity"].tolist() == pytest.approx([201_142, 3_801_142])
    assert set(pace["target_id"]) == {"T05", "T06"}  # the annual_volume targets only


def test_target_pace_keeps_plans_and_deals_under_consideration_apart_from_targets(seed):
    pace = target_pace(seed["targets"], cumulative_in(seed.cargoes, "t", *ALL), "t", *ALL).set_index("target_id")
    # T05: a 0.7–1.0 Mt/yr deal under consideration (F027); T06: the refiners' 3.6 Mt/yr plan (F031).
    assert set(pace.loc["T05", "kind"]) == {"under_consideration"} and set(pace.loc["T06", "kind"]) == {"plan"}
    assert pace.loc["T05", "label"].iloc[0] == "Under consideration: 0.7–1 Mt/yr, stated 2023-10-12, pro rata"
    assert pace.loc["T06", "label"].iloc[0] == "Plan: 3.6 Mt/yr, stated 2023-10-24, pro rata"
    # A year on, the range has climbed 0.7 Mt at its low end and 1.0 Mt at its high end.
    t05 = pace.loc["T05"]
    assert t05["quantity"].iloc[-1] - t05["quantity"].iloc[0] == pytest.approx(1_000_000)
    assert t05["quantity_low"].iloc[-1] - t05["quantity_low"].iloc[0] == pytest.approx(700_000)
    assert (pace.loc["T06", "quantity_low"] == pace.loc["T06", "quantity"]).all()  # one figure, no range


def test_targets_table_says_what_kind_of_figure_and_who_stated_it(seed):
    rows = targets_table(seed["targets"], seed.cargoes, seed["import_context"], seed["sources"], *ALL).set_index(
        "target_id")
    assert rows["kind"].to_dict() == {"T01": "target", "T02": "target", "T03": "target",
                                      "T04": "under consideration", "T05": "under consideration", "T06": "plan"}
    assert (rows.at["T04", "target"], rows.at["T05", "target"]) == ("up to 20,000 bbl/d", "0.7–1 Mt/yr")
    # T01, the 35% aim (F002): the minister said it, Economy.pk published it.
    assert tuple(rows.loc["T01", ["speaker", "speaker_role", "publisher", "source_id"]]) == (
        "Musadik Malik", "Minister of State for Petroleum", "Economy.pk", "S016")
    assert pd.isna(rows.at["T06", "speaker"]) and rows.at["T06", "speaker_role"] == "Energy Ministry officials"
    assert rows.at["T06", "publisher"] == "The News"


def test_target_pace_stops_at_the_end_of_the_range(seed):
    end = dt.date(2024, 4, 23)
    pace = target_pace(seed["targets"], cumulative_in(seed.cargoes, "t", ALL[0], end), "t", ALL[0], end)
    t06 = pace[pace["target_id"] == "T06"]
    # 24 Oct 2023 → 23 Apr 2024 is 182 of the 366 days to 24 Oct 2024.
    assert t06["quantity"].iloc[-1] == pytest.approx(201_142 + 3_600_000 * 182 / 366)


def test_key_events_are_orders_shipments_and_suspensions(seed):
    events = key_events(seed["events"], *Q4_2023)
    assert events["event_id"].tolist() == ["E032", "E038"]
    assert set(key_events(seed["events"], *ALL)["kind"]) == {"order", "shipment", "suspension"}


def test_series_per_month_and_per_fiscal_quarter_with_error_bars(seed):
    months = series_in(seed.cargoes, "t", "month", "calendar", *ALL).set_index("period")
    # 45,142 + 56,000 chosen, from 45,000 + 55,000 up to the same 101,142 t.
    assert months.loc["Jun 2023", "quantity"] == 101_142
    assert (months.loc["Jun 2023", "above"], months.loc["Jun 2023", "below"]) == (0, 1_142)
    assert months.loc["Nov 2023", "above"] == 0  # the loading report (up to 105,000 t) is not a delivery
    assert months.loc["Aug 2023", "cargoes"] == 0
    quarters = series_in(seed.cargoes, "t", "quarter", "fiscal", *ALL).set_index("period")
    assert quarters["quantity"].to_dict() == {"FY23 Q4": 101_142, "FY24 Q1": 0, "FY24 Q2": 110_000}


def test_imprecise_arrivals_are_those_coarser_than_the_period(seed):
    assert imprecise_arrivals(seed.cargoes, "month", *ALL).empty
    assert imprecise_arrivals(seed.cargoes, "day", *ALL)["cargo_id"].tolist() == ["C03", "C04"]


def test_targets_table_states_each_target_in_its_own_unit(seed):
    table = targets_table(seed["targets"], seed.cargoes, seed["import_context"], seed["sources"], *ALL)
    rows = table.set_index("target_id")
    assert (rows.at["T06", "target"], rows.at["T06", "actual"]) == ("3.6 Mt/yr", "0.01 Mt/yr")
    assert rows.at["T06", "pct_of_target"] == pytest.approx(10_000 / 3_600_000 * 100)  # only C04 after 24 Oct
    assert (rows.at["T01", "target"], rows.at["T01", "actual"]) == ("35.0%", "2.6%")  # 110,000 / 4,279,000
    assert rows.at["T02", "target"] == "100,000 bbl/d"
    later = targets_table(seed["targets"], seed.cargoes, seed["import_context"], seed["sources"],
                          dt.date(2024, 6, 1), dt.date(2024, 12, 31))
    assert later["target_id"].tolist() == ["T04", "T05", "T06"]  # windows reaching past June 2024


def test_the_ledger_can_stop_at_its_first_rows(seed):
    assert cargo_ledger(seed.cargoes, "t", *ALL, limit=2)["cargo_id"].tolist() == ["C01", "C02"]
    listing = ledger_listing(seed.cargoes, *ALL, limit=3)
    assert listing.rows["cargo_id"].tolist() == ["C01", "C02", "C03"] and listing.total == 5
    assert listing.sources == "S030;S032;S035;S036;S038;S043;S046;S047;S049;S053;S055;S092"
    assert cargo_ledger(listing.rows, "bbl", *ALL)["quantity"].tolist() == [327_399, 406_148, 733_000]
    assert ledger_listing(seed.cargoes, *Q4_2023).sources == "S046;S047;S049;S053;S055"


def test_arrivals_sum_up_the_delivered_cargoes(seed):
    got = arrivals(seed.cargoes, *ALL)
    # Arrival accounts only: 45,142 + 56,000 + 100,000 + 10,000 t, from 45,000 + 55,000 + 100,000 +
    # 10,000 = 210,000 t to 211,142 t. The up-to-105,000 t loading report no longer counts.
    assert (got.cargoes, got.total("t")) == (4, (211_142, 210_000, 211_142))
    assert got.disputed == 2  # C01 and C02; C03's accounts agree, C04 has one
    assert got.disputed_sources == "S030;S032;S035;S036;S038;S043;S092"
    # 101,142 t of Urals at 7.252643 bbl/t and 110,000 t at 7.33 bbl/t
    assert got.total("bbl")[0] == pytest.approx(101_142 * 7.252643 + 806_300, abs=1)
    assert got.total("m3")[0] == pytest.approx((101_142 * 7.252643 + 806_300) * 0.158987294928, abs=1)
    assert arrivals(seed.cargoes, dt.date(2019, 1, 1), dt.date(2019, 12, 31)).cargoes == 0


def test_running_totals_for_the_chart(seed):
    got = running_totals(seed.cargoes, seed.ledger, seed["targets"], seed["events"], "t", *Q4_2023)
    # C03 (Oct) and C04 (Nov); the T05 (12 Oct) and T06 (24 Oct) lines run to the end of the
    # range; no order placed in the quarter states a quantity.
    assert (got.origin, got.last) == (pd.Timestamp("2023-10-01"), pd.Timestamp("2023-12-31"))
    assert got.steps["cumulative"].tolist() == [0, 100_000, 110_000, 110_000] and not got.thinned
    assert got.orders.empty and set(got.pace["target_id"]) == {"T05", "T06"}
    assert got.events["event_id"].tolist() == ["E032", "E038"]
    hidden = running_totals(seed.cargoes, seed.ledger, seed["targets"], seed["events"], "t", *Q4_2023,
                            with_targets=False)
    assert hidden.pace.empty


def test_running_totals_thin_to_one_point_per_quarter(seed):
    got = running_totals(seed.cargoes, seed.ledger, seed["targets"], seed["events"], "t", *Q4_2023, points=1)
    # October and November fall in one quarter: one step, at C04's arrival, standing for both.
    assert got.steps["cumulative"].tolist() == [0, 110_000, 110_000] and got.thinned
    assert got.steps["label"].iloc[1] == "vessel not named (C04) and 1 earlier arrival"
    nothing = running_totals(seed.cargoes, seed.ledger, seed["targets"], seed["events"], "t",
                             dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    assert nothing.origin is None and nothing.steps.empty


def test_routes_of_the_listed_cargoes(seed):
    routes = listed_routes(seed.cargoes, *ALL)
    assert list(dict.fromkeys(routes.paths["route"])) == ["C01, C02", "C04-CR014"]
    assert routes.paths.drop_duplicates("route")["cargoes"].tolist() == [2, 1]
    assert routes.unmapped.tolist() == ["C03", "C04"]  # no port named


def test_targets_worked_out_once_give_the_same_table(seed):
    actuals = targets_vs_actuals(seed["targets"], seed.cargoes, seed["import_context"])
    pd.testing.assert_frame_equal(
        targets_table(seed["targets"], seed.cargoes, seed["import_context"], seed["sources"], *ALL, actuals=actuals),
        targets_table(seed["targets"], seed.cargoes, seed["import_context"], seed["sources"], *ALL))


def test_running_totals_do_not_depend_on_the_row_order(seed):
    shuffled = seed.cargoes.iloc[[3, 1, 0, 2]]
    pd.testing.assert_frame_equal(cumulative_in(shuffled, "bbl", *ALL), cumulative_in(seed.cargoes, "bbl", *ALL))


def test_cargoes_on_the_water_are_shown_apart_with_where_they_were_last_reported(seed):
    afloat = on_the_water(seed.cargoes, *ALL)
    assert afloat["cargo_id"].tolist() == ["C04-CR014"]
    assert (afloat.at[0, "position"], afloat.at[0, "possible_match"]) == ("left Ust-Luga 9 Nov 2023", "C04")
    assert afloat_lines(afloat, "t") == (
        "Clyde Noble (C04-CR014) left Ust-Luga 9 Nov 2023 with up to 105,000 t; may be C04")
    assert on_the_water(seed.cargoes, dt.date(2023, 6, 1), dt.date(2023, 10, 31)).empty  # loaded in November
    assert arrivals(seed.cargoes, *Q4_2023).cargoes == 2  # C03 and C04; not C04-CR014


def test_position_of_a_cargo_loaded_at_a_port_no_source_names():
    cargoes = pd.DataFrame({
        "cargo_id": ["A", "B"], "vessel": [None, "Sea"], "possible_match": pd.array([None, None], dtype="string"),
        "status": ["loaded", "in_transit"], "load_port": pd.array([None, "Novorossiysk"], dtype="string"),
        "load_start": pd.to_datetime(["2024-03-02", "2024-03-01"]), "load_precision": ["day", "month"],
        "tonnes": [None, 90_000.0], "barrels": [None, 659_700.0], "qualifier": ["exact", "about"],
        "sources": ["S1", "S2"]})
    afloat = on_the_water(cargoes, dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    assert afloat["position"].tolist() == ["left Novorossiysk Mar 2024", "loaded at a port not named 2 Mar 2024"]
    assert afloat_lines(afloat, "t", limit=1) == "Sea (B) left Novorossiysk Mar 2024 with about 90,000 t\n… and 1 more"
