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
from analysis.formatting import day
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
    pct_min: float  # of the orders stating a quantity: the lowest and highest fulfilment the accounts allow (see fulfilment_ledger)
    pct_max: float
    orders_stating_quantity: int
    orders_complete: int  # of them, those an account reports complete
    complete_reported: pd.Timestamp | None  # when the last of them was reported complete, if all were
    complete_sources: str
    cargoes: int
    conflicts: int
    initiatives_by_status: dict[str, int]  # initiatives reported on in the range, by the last status reported in it
    initiative_sources: str
    latest_event: pd.Series | None


CHART_POINTS = 800  # points a running-total line keeps (see `thinned`)


def percent_range(low: float, high: float) -> str:
    """'100.0–101.1%', or '45.1%' where both ends agree to one decimal; '—' without a value."""
    if pd.isna(low) or pd.isna(high):
        return "—"
    first, second = f"{low:,.1f}", f"{high:,.1f}"
    return f"{second}%" if first == second else f"{first}–{second}%"


def fulfilment_summary(h: Headline, ordered: str) -> tuple[str, str]:
    """The fulfilment card's value and note. Orders all reported complete: 'Complete' and
    'Reported complete 27 Jun 2023; 100.0–101.1% of 100,000 t delivered, across sources.' (the
    value stays short enough for a card); otherwise the range
    delivered as the value ('45.0–45.1%') and what it is of and how many orders are complete.
    `ordered` is the ordered quantity as written for the reader ('100,000 t')."""
    if not h.orders_stating_quantity:
        return "—", "No order placed in the period states a quantity."
    delivered = percent_range(h.pct_min, h.pct_max)
    if h.complete_reported is not None:
        what = "Complete" if h.orders_stating_quantity == 1 else f"All {h.orders_stating_quantity} complete"
        return what, (f"Reported complete {day(h.complete_reported)}; {delivered} of {ordered} delivered, "
                      "across sources.")
    complete = ("no account reports it complete" if h.orders_stating_quantity == 1 else
                f"{h.orders_complete} of {h.orders_stating_quantity} orders reported complete")
    return delivered, f"of {ordered} ordered, across sources; {complete}."


def source_list(ids: pd.Series) -> str:
    """The distinct ids in a column of ';'-joined id lists, sorted and joined with ';'."""
    values = pa.array(ids.astype("string"))
    if isinstance(values, pa.ChunkedArray):  # an empty column may come as a chunked array with no chunk
        values = values.combine_chunks()
    parts = pc.split_pattern(values, ";").flatten()
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


def in_range(frame: pd.DataFrame, column: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Rows whose `column` (a datetime) falls between start and end, both included."""
    return frame[frame[column].between(pd.Timestamp(start), pd.Timestamp(end))]


def headline(data: Corridor, start: dt.date, end: dt.date) -> Headline:
    """Headline figures for orders placed and cargoes arrived between start and end.

    Delivered, its range and the cargo count come from arrival accounts only (see
    analysis.reconcile). pct_min and pct_max relate cargoes linked to an order to
    what the orders stating a quantity asked for; cargoes bought outside an order (spot
    purchases) count in delivered_t but not in the percentages.
    """
    orders = in_range(data.orders, "placed_start", start, end)
    cargoes = delivered_cargoes(data.cargoes[["order_id", "arrival_start", "delivered", "tonnes", "tonnes_min",
                                              "tonnes_max", "barrels", "barrels_min", "barrels_max", "sources",
                                              "conflict", "completes_order_reported", "completes_order_source_id"]],
                                start, end)
    ledger = fulfilment_ledger(orders, cargoes)
    stated = ledger[ledger["ordered_t"].notna()]
    ordered = stated["ordered_t"].sum()
    complete = stated["complete_reported"].notna()
    nan = float("nan")
    reports = data["initiative_reports"]
    reported = reports.assign(reported_start=parse_partial_dates(reports["reported_on"])["start"])
    latest = latest_status(data["initiatives"], in_range(reported, "reported_start", start, end), data["sources"])
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
        pct_min=float(stated["delivered_min_t"].sum() / stated["ordered_max_t"].sum() * 100) if ordered else nan,
        pct_max=float(stated["delivered_max_t"].sum() / stated["ordered_min_t"].sum() * 100) if ordered else nan,
        orders_stating_quantity=len(stated),
        orders_complete=int(complete.sum()),
        complete_reported=stated["complete_reported"].max() if len(stated) and complete.all() else None,
        complete_sources=source_list(stated["complete_source_id"].dropna()),
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
    stands for) and ends with a point on `end`, so the chart shows the time since the last step.
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
    # Each step line runs on to the end of the range, so a silence after the last step shows.
    last = both.sort_values("date").groupby("series").tail(1).assign(date=pd.Timestamp(end), label="", rows=0)
    return pd.concat([both, last], ignore_index=True)


KEY_EVENT_KINDS = ("order", "shipment", "suspension", "agreement")


def chart_window(series: pd.DataFrame, start: dt.date, end: dt.date,
                 margin_days: int = 45) -> tuple[pd.Timestamp, pd.Timestamp]:
    """From a margin before the first date of an ordered-against-delivered series (but not before
    `start`) to `end`: the chart shows the chosen range from its first step to its end."""
    return max(series["date"].min() - pd.Timedelta(days=margin_days), pd.Timestamp(start)), pd.Timestamp(end)


def key_events(data: Corridor, start, end) -> pd.DataFrame:
    """Energy orders, shipments, agreements and suspensions dated between start and end, oldest
    first."""
    events = in_range(dated_events(data["events"]), "occurred_start", start, end)
    energy = events["sectors"].str.contains(r"(?:^|;)\s*energy\s*(?:;|$)", regex=True).fillna(False)
    return events[events["kind"].isin(KEY_EVENT_KINDS) & energy].sort_values("occurred_start")
