"""The timeline's filters and chart rows, against data/events.csv counted by hand."""
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from analysis.datafiles import read_data_dir, typed
from analysis.timeline import date_label, event_sectors, time_span, timeline, timeline_points

EVERYTHING = (dt.date(2000, 1, 1), dt.date(2030, 12, 31))


@pytest.fixture(scope="module")
def tables():
    frames = read_data_dir(Path(__file__).resolve().parent.parent / "data")
    return {name: typed(name, frame) for name, frame in frames.items()}


def run(tables, start=EVERYTHING[0], end=EVERYTHING[1], kinds=(), sectors=()):
    return timeline(tables["events"], tables["sources"], tables["sectors"], start, end, kinds, sectors)


def test_all_events_oldest_first(tables):
    got = run(tables)
    assert len(got) == 69
    assert got["event_id"].iloc[0] == "E001" and got["event_id"].iloc[-1] == "E069"
    assert got["occurred_start"].is_monotonic_increasing


def test_june_2023_shipments(tables):
    got = run(tables, dt.date(2023, 6, 1), dt.date(2023, 6, 30), kinds=["shipment"])
    assert got["event_id"].tolist() == ["E019", "E020", "E022", "E023", "E026"]
    first = got.iloc[1]
    assert (first["date_label"], first["publisher"], first["sector_names"]) == (
        "11 Jun 2023", "Business Recorder", "Energy")
    assert got.iloc[3]["sector_names"] == "Energy, Trade"
    assert got.iloc[4]["url"] == "https://www.en.portnews.ru/news/349568/"


def test_sector_filter_matches_any_tag(tables):
    # Railways is tagged on E063 (10th commission) and E068 (ambassador's credentials) only.
    assert run(tables, sectors=["railways"])["event_id"].tolist() == ["E063", "E068"]
    assert run(tables, sectors=["railways", "it"])["event_id"].tolist() == ["E063", "E068"]
    # Kind and sector combine: of the nine shipments, only E023 is also tagged trade.
    assert run(tables, kinds=["shipment"])["event_id"].size == 9
    assert run(tables, kinds=["shipment"], sectors=["trade"])["event_id"].tolist() == ["E023"]


def test_nothing_matches_gives_an_empty_frame(tables):
    got = run(tables, dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    assert got.empty and "title" in got.columns


def test_partial_dates_keep_their_period(tables):
    got = run(tables).set_index("event_id")
    q1 = got.loc["E010"]  # "2023-Q1"
    assert (q1["date_label"], str(q1["occurred_start"].date()), str(q1["occurred_end"].date())) == (
        "2023 Q1", "2023-01-01", "2023-03-31")
    assert got.loc["E017", "date_label"] == "May 2023"


def test_event_sectors_explodes_each_tag():
    events = pd.DataFrame({"event_id": ["E1", "E2"], "sectors": ["energy;trade", "it"]}, dtype="string")
    got = event_sectors(events)
    assert list(zip(got["event_id"], got["sector_id"])) == [("E1", "energy"), ("E1", "trade"), ("E2", "it")]


def test_date_label_at_each_precision():
    starts = pd.Series(pd.to_datetime(["2023-06-06", "2023-06-01", "2023-04-01", "2024-01-01"]))
    got = date_label(starts, pd.Series(["day", "month", "quarter", "year"]))
    assert got.tolist() == ["6 Jun 2023", "Jun 2023", "2023 Q2", "2024"]


def test_date_labels_repeat_and_missing_dates():
    # Each distinct date and precision is written once and given to every row holding it.
    starts = pd.Series(pd.to_datetime(["2023-06-06", "2023-06-06", None, "2023-06-06", "1969-12-31"]),
                       index=[4, 3, 2, 1, 0])
    got = date_label(starts, pd.Series(["day", "month", "day", None, "day"], index=[4, 3, 2, 1, 0]))
    assert got.index.tolist() == [4, 3, 2, 1, 0]
    assert got.tolist()[:2] == ["6 Jun 2023", "Jun 2023"] and got.tolist()[4] == "31 Dec 1969"
    assert got.iloc[2:4].isna().all()


def test_chart_rows_by_kind_and_by_sector(tables):
    events = run(tables, dt.date(2023, 1, 1), dt.date(2023, 3, 31))
    # E007 meeting (energy, trade, diplomacy), E008 plan (energy), E009 order (energy, trade;
    # month precision), E010 statement (trade; quarter precision).
    by_kind = timeline_points(events, tables["sectors"], "kind")
    assert by_kind["lane"].tolist() == ["statement", "meeting", "order", "plan"]
    by_sector = timeline_points(events, tables["sectors"], "sector")
    assert by_sector["lane"].value_counts().to_dict() == {"Energy": 3, "Trade": 3, "Diplomacy": 1}
    e009 = by_kind.set_index("event_id").loc["E009"]
    # January 2023: the bar runs to 1 February, the marker sits in the middle of the month.
    assert not e009["exact"] and str(e009["span_end"].date()) == "2023-02-01"
    assert e009["x"] == pd.Timestamp("2023-01-16 12:00")
    assert by_kind.set_index("event_id").loc["E008", "x"] == pd.Timestamp("2023-01-20")
    with pytest.raises(ValueError):
        timeline_points(events, tables["sectors"], "publisher")


def test_time_span_fits_the_events_with_a_margin():
    frame = pd.DataFrame({"occurred_start": pd.to_datetime(["2023-06-11", "2023-04-01"]),
                          "occurred_end": pd.to_datetime(["2023-06-11", "2023-04-30"])})
    start, end = time_span(frame, margin_days=10)
    assert (str(start.date()), str(end.date())) == ("2023-03-22", "2023-06-21")


def test_the_speaker_is_kept_apart_from_the_outlet(tables):
    got = run(tables).set_index("event_id")
    # E008: the 35% aim, by the Minister of State for Petroleum, published by Economy.pk (F002).
    assert tuple(got.loc["E008", ["speaker", "speaker_role", "publisher"]]) == (
        "Musadik Malik", "Minister of State for Petroleum", "Economy.pk")
    # E037: the 3.6 Mt refiners' plan, given by unnamed Energy Ministry officials (F031).
    assert pd.isna(got.at["E037", "speaker"]) and got.at["E037", "speaker_role"] == "Energy Ministry officials"
    # E020: the first cargo docks; the report names no one.
    assert got.loc["E020", ["speaker", "speaker_role"]].isna().all()
