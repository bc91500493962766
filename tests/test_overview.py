"""Overview headline figures on the seed data, computed by hand from the sources."""
import datetime as dt
from dataclasses import replace

import pandas as pd
import pyarrow as pa
import pytest

from analysis.overview import (chart_window, fulfilment_summary, headline, key_events, ordered_vs_delivered,
                               percent_range, source_list, thinned)



def test_headline_over_all_time(seed):
    h = headline(seed, dt.date(2015, 1, 1), dt.date(2026, 12, 31))
    assert h.ordered_t == 100_000
    # 45,142 (port data) + 56,000 (port data) (first order) + 100,000 + 10,000 (Cnergyico, Oct and Nov 2023)
    assert h.delivered_t == 211_142
    # Arrival accounts only. Low: 45,000 + 55,000 + 100,000 + 10,000; high: 45,142 + 56,000 + 100,000 +
    # 10,000 (the up-to-105,000 t Clyde Noble leaving Ust-Luga is on the water, not delivered).
    assert (h.delivered_min_t, h.delivered_max_t) == (210_000, 211_142)
    assert "S053" not in h.delivered_sources.split(";")
    # 100,000 t ordered; 45,000 + 55,000 = 100,000 to 45,142 + 56,000 = 101,142 t delivered against it.
    assert (h.pct_min, h.pct_max) == (pytest.approx(100.0), pytest.approx(101.142))
    assert h.cargoes == 4 and h.conflicts == 2
    assert h.latest_event["occurred_on"] == "2026-01-22"


def test_headline_for_june_2023_only(seed):
    h = headline(seed, dt.date(2023, 6, 1), dt.date(2023, 6, 30))
    assert h.ordered_t == 0 and h.delivered_t == 101_142 and h.cargoes == 2
    assert h.delivered_barrels == pytest.approx(101_142 * 7.252643, rel=1e-6)
    assert h.orders_stating_quantity == 0 and fulfilment_summary(h, "0 t")[0] == "—"


def test_fulfilment_is_a_range_and_says_when_the_order_was_reported_complete(seed):
    h = headline(seed, dt.date(2015, 1, 1), dt.date(2026, 12, 31))
    # O1, 100,000 t: 100,000 t (45,000 + 55,000) to 101,142 t (45,142 + 56,000) delivered; PortNews
    # (S036, 27 Jun 2023) says the second cargo completes the order.
    assert (h.pct_min, h.pct_max) == pytest.approx((100.0, 101.142))
    assert (h.orders_stating_quantity, h.orders_complete) == (1, 1)
    assert h.complete_reported == pd.Timestamp("2023-06-27") and h.complete_sources == "S036"
    assert fulfilment_summary(h, "100,000 t") == (
        "Complete", "Reported complete 27 Jun 2023; 100.0–101.1% of 100,000 t delivered, across sources.")


def test_fulfilment_of_an_order_not_reported_complete_is_the_range_alone(seed):
    h = headline(seed, dt.date(2015, 1, 1), dt.date(2026, 12, 31))
    open_order = replace(h, pct_min=45.0, pct_max=45.142, orders_complete=0, complete_reported=None)
    assert fulfilment_summary(open_order, "100,000 t") == (
        "45.0–45.1%", "of 100,000 t ordered, across sources; no account reports it complete.")
    assert percent_range(101.14, 101.12) == "101.1%"


def test_both_lines_and_the_chart_run_on_to_the_end_of_the_chosen_range(seed):
    end = dt.date(2026, 12, 31)
    series = ordered_vs_delivered(seed, dt.date(2015, 1, 1), end)
    last = series.sort_values("date").groupby("series").tail(1).set_index("series")
    assert last.loc["Ordered", "date"] == last.loc["Delivered", "date"] == pd.Timestamp(end)
    arrived = series.loc[(series["series"] == "Delivered") & (series["rows"] > 0), "date"]
    assert arrived.max() == pd.Timestamp("2023-11-01")  # the last step: the Nov 2023 cargo
    assert last.loc["Ordered", "tonnes"] == 100_000
    # The first step (placed 19 Apr 2023) with a margin before it, to the end of the range.
    assert chart_window(series, dt.date(2015, 1, 1), end) == (pd.Timestamp("2023-03-05"), pd.Timestamp(end))
    # The margin never reaches back before the chosen start.
    assert chart_window(series, dt.date(2023, 4, 1), end)[0] == pd.Timestamp("2023-04-01")


def test_key_events_are_energy_events_of_key_kinds_in_order(seed):
    events = key_events(seed, dt.date(2023, 6, 1), dt.date(2023, 6, 30))
    assert set(events["kind"]) <= {"order", "shipment", "suspension", "agreement"}
    assert events["occurred_start"].is_monotonic_increasing and len(events) > 0
    # After 2023 the only key energy event is the report that payments paused crude imports; the
    # barter contracts (trade, agriculture) and the steel-mill agreements (industry) are not marked.
    later = key_events(seed, dt.date(2024, 1, 1), dt.date(2026, 12, 31))
    assert later["event_id"].tolist() == ["E045"]


def test_initiatives_follow_the_date_filter(seed):
    # Status reports dated in June 2023: I01 delivered (11 and 27 Jun), I07 under way then in talks
    # (1 and 16 Jun), I08 delivered then stated (13 and 14 Jun), I11 stated (1 Jun).
    june = headline(seed, dt.date(2023, 6, 1), dt.date(2023, 6, 30))
    assert {k: v for k, v in june.initiatives_by_status.items() if v} == {"stated": 2, "in_talks": 1, "delivered": 1}
    assert june.initiative_sources == "S027;S028;S029;S036"  # each one's last report
    assert sum(headline(seed, dt.date(2015, 1, 1), dt.date(2026, 12, 31)).initiatives_by_status.values()) == 14


def test_source_list_gathers_every_distinct_source_once(seed):
    # C01 S030;S032;S035;S038;S092, C02 S036;S038;S043, C03 S046;S047;S049;S055, C04 S055, C04-CR014 S053
    assert source_list(seed.cargoes["sources"]) == "S030;S032;S035;S036;S038;S043;S046;S047;S049;S053;S055;S092"
    assert source_list(pd.Series([pd.NA, "S2;S1", "", "S1"], dtype="string")) == "S1;S2"


def test_source_list_of_an_empty_column_held_in_no_chunk_is_empty():
    # What an empty selection of a joined column can hold (a period with no order, for one).
    empty = pd.Series(pd.array(pa.chunked_array([], pa.large_string()), dtype="string"))
    assert source_list(empty) == ""


def running(dates):
    return pd.DataFrame({"date": pd.to_datetime(dates), "total": range(1, len(dates) + 1)})


def test_thinned_keeps_every_row_when_they_fit():
    frame = running(["2023-06-11", "2023-06-12"])
    assert thinned(frame, "date", 2)["rows"].tolist() == [1, 1]


def test_thinned_keeps_the_last_row_of_each_day_then_week_then_month():
    # 11 Jun 2023 is a Sunday, 12 Jun a Monday.
    frame = running(["2023-06-11", "2023-06-12", "2023-06-12", "2023-06-27", "2023-10-01", "2023-11-01"])
    days = thinned(frame, "date", 5)  # five distinct days
    assert days["total"].tolist() == [1, 3, 4, 5, 6] and days["rows"].tolist() == [1, 2, 1, 1, 1]
    # Weeks from Monday: 5 Jun, 12 Jun, 26 Jun, 25 Sep, 30 Oct are still five, so months: Jun, Oct, Nov.
    months = thinned(frame, "date", 4)
    assert months["total"].tolist() == [4, 5, 6] and months["rows"].tolist() == [4, 1, 1]
    weeks = thinned(running(["2023-06-12", "2023-06-13", "2023-06-18", "2023-06-19"]), "date", 3)
    assert weeks["total"].tolist() == [3, 4] and weeks["rows"].tolist() == [3, 1]


def test_a_thinned_point_counts_the_arrivals_it_stands_for(seed):
    # Four arrivals: 11 and 27 Jun, Oct and Nov 2023. Two points: one per quarter, Q2 and Q4.
    series = ordered_vs_delivered(seed, dt.date(2015, 1, 1), dt.date(2026, 12, 31), points=2)
    delivered = series[(series["series"] == "Delivered") & (series["label"] != "")]
    assert delivered["tonnes"].tolist() == [101_142, 211_142]  # exact running totals
    assert delivered["label"].tolist() == ["Clyde Noble (C02) and 1 earlier arrival",
                                           "vessel not named (C04) and 1 earlier arrival"]
    assert series.loc[series["series"] == "Ordered", "label"].iloc[0] == "Order O1"
