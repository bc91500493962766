"""Overview headline figures on the seed data, computed by hand from the sources."""
import datetime as dt
import pytest

from analysis.overview import headline, key_events, ordered_vs_delivered



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
