"""Overview headline figures on the seed data, computed by hand from the sources."""
import datetime as dt

import pandas as pd
import pytest

from analysis.overview import headline, key_events, ordered_vs_delivered, recent_events, source_list, thinned



def test_headline_over_all_time(seed):
    h = headline(seed, dt.date(2015, 1, 1), dt.date(2026, 12, 31))
    assert h.ordered_t == 100_000
    # 45,122 + 56,000 (first order) + 100,000 + 10,000 (Cnergyico, Oct and Nov 2023)
    assert h.delivered_t == 211_122
    # low: 45,000 + 55,000 + 100,000 + 10,000; high: 45,142 + 56,000 + 100,000 + 105,000
    assert (h.delivered_min_t, h.delivered_max_t) == (210_000, 306_142)
    assert h.against_orders_t == 101_122 and h.pct_delivered == pytest.approx(101.122)
    assert h.cargoes == 4 and h.conflicts == 3
    assert h.latest_event["occurred_on"] == "2026-01-22"


def test_headline_for_june_2023_only(seed):
    h = headline(seed, dt.date(2023, 6, 1), dt.date(2023, 6, 30))
    assert h.ordered_t == 0 and h.delivered_t == 101_122 and h.cargoes == 2
    assert h.delivered_barrels == pytest.approx(101_122 * 7.252643, rel=1e-6)


def test_ordered_vs_delivered_steps_end_on_the_same_day(seed):
    series = ordered_vs_delivered(seed, dt.date(2015, 1, 1), dt.date(2026, 12, 31))
    last = series.sort_values("date").groupby("series").tail(1).set_index("series")
    assert str(last.loc["Ordered", "date"].date()) == str(last.loc["Delivered", "date"].date()) == "2023-11-01"
    assert last.loc["Ordered", "tonnes"] == 100_000 and last.loc["Delivered", "tonnes"] == 211_122


def test_key_events_are_of_key_kinds_and_in_order(seed):
    events = key_events(seed, dt.date(2023, 6, 1), dt.date(2023, 6, 30))
    assert set(events["kind"]) <= {"order", "shipment", "suspension", "agreement"}
    assert events["occurred_start"].is_monotonic_increasing and len(events) > 0


def test_source_list_gathers_every_distinct_source_once(seed):
    # C01 S030;S032;S035;S038;S092, C02 S036;S038;S043, C03 S046;S047;S049;S055, C04 S053;S055
    assert source_list(seed.cargoes["sources"]) == "S030;S032;S035;S036;S038;S043;S046;S047;S049;S053;S055;S092"
    assert source_list(pd.Series([pd.NA, "S2;S1", "", "S1"], dtype="string")) == "S1;S2"


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
    assert delivered["tonnes"].tolist() == [101_122, 211_122]  # exact running totals
    assert delivered["label"].tolist() == ["Clyde Noble (C02) and 1 earlier arrival",
                                           "Clyde Noble (C04) and 1 earlier arrival"]
    assert series.loc[series["series"] == "Ordered", "label"].iloc[0] == "Order O1"


def test_recent_events_newest_first(seed):
    events = recent_events(seed["events"], dt.date(2015, 1, 1), dt.date(2026, 12, 31), 8)
    assert len(events) == 8 and events["occurred_on"].iloc[0] == "2026-01-22"
    assert events["occurred_start"].is_monotonic_decreasing
