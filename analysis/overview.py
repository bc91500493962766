"""Headline figures and the ordered-against-delivered series for the overview page."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.cooperation import latest_status
from analysis.dataset import Corridor
from analysis.dates import parse_partial_dates
from analysis.units import DEFAULT_BARRELS_PER_TONNE
from analysis.volumes import delivered_cargoes, fulfilment_ledger


@dataclass(frozen=True)
class Headline:
    """Figures in tonnes (and barrels), with the source ids behind each."""

    ordered_t: float
    ordered_sources: str
    delivered_t: float
    delivered_min_t: float
    delivered_max_t: float
    delivered_barrels: float
    delivered_min_barrels: float
    delivered_max_barrels: float
    delivered_sources: str
    against_orders_t: float
    pct_delivered: float
    cargoes: int
    conflicts: int
    initiatives_by_status: dict[str, int]
    initiative_sources: str
    latest_event: pd.Series | None


CHART_POINTS = 800  # points a running-total line keeps (see `thinned`)


def source_list(ids: pd.Series) -> str:
    """The distinct ids in a column of ';'-joined id lists, sorted and joined with ';'."""
    parts = pc.split_pattern(pa.array(ids.astype("string")), ";").flatten()
    return ";".join(sorted(i for i in pc.unique(parts).drop_null().to_pylist() if i))


def thinned(frame: pd.DataFrame, column: str, points: int = CHART_POINTS) -> pd.DataFrame:
    """Rows of a running total, sorted by the datetime `column`, kept for a chart: every row when
    there are at most `points`; otherwise the last row of each day, week (from Monday), month,
    quarter or year, the finest of these that keeps at most `points` rows, so the running totals
    stay exact on the rows kept. Adds `rows`: how many rows each kept row stands for (itself and
    those dropped since the previous kept row)."""
    if len(frame) <= points:
        return frame.assign(rows=1)
    days = frame[column].to_numpy().astype("datetime64[D]").view(np.int64)
    months = frame[column].to_numpy().astype("datetime64[M]").view(np.int64)
    for period in (days, (days + 3) // 7, months, months // 3, months // 12):  # 1 Jan 1970 was a Thursday
        last = np.r_[period[1:] != period[:-1], True]
        if last.sum() <= points:
            break
    kept = np.flatnonzero(last)
    return frame.iloc[kept].assign(rows=np.diff(np.r_[-1, kept]))


def label_with_count(label: pd.Series, rows: pd.Series, what: str) -> pd.Series:
    """'Pure Point (C01)', or on a `thinned` row standing for more, 'Pure Point (C01) and 1
    earlier arrival' or '... and 34 earlier arrivals' (`what` is the singular)."""
    more = rows - 1
    words = more.map(lambda n: f" and {n:,} earlier {what}{'s' if n > 1 else ''}").astype("string")
    return label.where(more <= 0, label + words)


def dated_events(events: pd.DataFrame) -> pd.DataFrame:
    """Events with start and precision of their date, newest first."""
    parsed = parse_partial_dates(events["occurred_on"])
    out = events.assign(occurred_start=parsed["start"], occurred_precision=parsed["precision"])
    return out.sort_values(["occurred_start", "event_id"], ascending=False, ignore_index=True)


def recent_events(events: pd.DataFrame, start: dt.date, end: dt.date, count: int) -> pd.DataFrame:
    """The `count` most recent events dated between start and end (see `dated_events`)."""
    return in_range(dated_events(events), "occurred_start", start, end).head(count)


def in_range(frame: pd.DataFrame, column: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Rows whose `column` (a datetime) falls between start and end, both included."""
    return frame[frame[column].between(pd.Timestamp(start), pd.Timestamp(end))]


def headline(data: Corridor, start: dt.date, end: dt.date) -> Headline:
    """Headline figures for orders placed and cargoes arrived between start and end.

    pct_delivered relates cargoes linked to an order to what those orders asked for; cargoes
    bought outside an order (spot purchases) count in delivered_t but not in the percentage.
    """
    orders = in_range(data.orders, "placed_start", start, end)
    cargoes = delivered_cargoes(data.cargoes[["order_id", "arrival_start", "delivered", "tonnes", "tonnes_min",
                                              "tonnes_max", "barrels", "barrels_min", "barrels_max", "sources",
                                              "conflict"]], start, end)
    ledger = fulfilment_ledger(orders, cargoes)
    ordered = ledger["ordered_t"].sum()
    against = ledger["delivered_t"].sum()
    latest = latest_status(data["initiatives"], data["initiative_reports"], data["sources"])
    events = in_range(dated_events(data["events"]), "occurred_start", start, end)
    return Headline(
        ordered_t=float(ordered),
        ordered_sources=source_list(orders["sources"]),
        delivered_t=float(cargoes["tonnes"].sum()),
        delivered_min_t=float(cargoes["tonnes_min"].sum()),
        delivered_max_t=float(cargoes["tonnes_max"].sum()),
        delivered_barrels=float(cargoes["barrels"].sum()),
        delivered_min_barrels=float(cargoes["barrels_min"].sum()),
        delivered_max_barrels=float(cargoes["barrels_max"].sum()),
        delivered_sources=source_list(cargoes["sources"]),
        against_orders_t=float(against),
        pct_delivered=float(against / ordered * 100) if ordered else float("nan"),
        cargoes=int(len(cargoes)),
        conflicts=int(cargoes["conflict"].sum()),
        initiatives_by_status=latest["status"].value_counts(sort=False).astype(int).to_dict(),
        initiative_sources=source_list(latest["source_id"]),
        latest_event=None if events.empty else events.iloc[0],
    )


def ordered_vs_delivered(data: Corridor, start: dt.date, end: dt.date, points: int = CHART_POINTS) -> pd.DataFrame:
    """Cumulative tonnes ordered and delivered (with the low and high readings) by date.

    Long format: date, series ('Ordered', 'Delivered'), tonnes, tonnes_min, tonnes_max, the same
    three in barrels (orders at the default factor, cargoes at their grade's), label, rows. Each
    series is `thinned` to `points` rows (a thinned row's label counts the orders or arrivals it
    stands for) and ends with a point at the latest date of either series.
    """
    orders = in_range(data.orders, "placed_start", start, end).dropna(subset=["tonnes"])
    ordered = thinned(pd.DataFrame({
        "date": orders["placed_start"], "series": "Ordered", "tonnes": orders["tonnes"].cumsum(),
        "tonnes_min": orders["tonnes_min"].cumsum(), "tonnes_max": orders["tonnes_max"].cumsum(),
        "order_id": orders["order_id"]}), "date", points)
    ordered[["barrels", "barrels_min", "barrels_max"]] = (
        ordered[["tonnes", "tonnes_min", "tonnes_max"]].to_numpy() * DEFAULT_BARRELS_PER_TONNE)
    ordered["label"] = label_with_count("Order " + ordered["order_id"], ordered["rows"], "order")
    columns = ["arrival_start", "cargo_id", "vessel", "tonnes", "tonnes_min", "tonnes_max", "barrels",
               "barrels_min", "barrels_max", "delivered"]
    cargoes = delivered_cargoes(data.cargoes[columns], start, end).sort_values("arrival_start")
    delivered = thinned(pd.DataFrame({
        "date": cargoes["arrival_start"], "series": "Delivered", "tonnes": cargoes["tonnes"].cumsum(),
        "tonnes_min": cargoes["tonnes_min"].cumsum(), "tonnes_max": cargoes["tonnes_max"].cumsum(),
        "barrels": cargoes["barrels"].cumsum(), "barrels_min": cargoes["barrels_min"].cumsum(),
        "barrels_max": cargoes["barrels_max"].cumsum(), "cargo_id": cargoes["cargo_id"],
        "vessel": cargoes["vessel"]}), "date", points)
    delivered["label"] = label_with_count(delivered["vessel"].fillna("vessel not named") + " (" + delivered["cargo_id"]
                                     + ")", delivered["rows"], "arrival")
    both = pd.concat([ordered, delivered], ignore_index=True).drop(columns=["order_id", "cargo_id", "vessel"])
    if both.empty:
        return both
    # Each step line runs on to the latest date of either, so the two can be compared there.
    last = both.sort_values("date").groupby("series").tail(1).assign(date=both["date"].max(), label="", rows=0)
    return pd.concat([both, last], ignore_index=True)


KEY_EVENT_KINDS = ("order", "shipment", "suspension", "agreement")


def chart_window(series: pd.DataFrame, margin_days: int = 45) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The span of an ordered-against-delivered series, widened by a margin on each side."""
    margin = pd.Timedelta(days=margin_days)
    return series["date"].min() - margin, series["date"].max() + margin


def key_events(data: Corridor, start, end) -> pd.DataFrame:
    """Orders, shipments, agreements and suspensions dated between start and end, oldest first."""
    events = in_range(dated_events(data["events"]), "occurred_start", start, end)
    return events[events["kind"].isin(KEY_EVENT_KINDS)].sort_values("occurred_start")
