"""Headline figures and the ordered-against-delivered series for the overview page."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

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


def _joined(ids: pd.Series) -> str:
    return ";".join(sorted({i for s in ids.dropna() for i in str(s).split(";") if i}))


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

    pct_delivered relates cargoes linked to an order to what those orders asked for; cargoes
    bought outside an order (spot purchases) count in delivered_t but not in the percentage.
    """
    orders = in_range(data.orders, "placed_start", start, end)
    cargoes = delivered_cargoes(data.cargoes, start, end)
    ledger = fulfilment_ledger(orders, cargoes)
    ordered = ledger["ordered_t"].sum()
    against = ledger["delivered_t"].sum()
    latest = latest_status(data["initiatives"], data["initiative_reports"], data["sources"])
    events = in_range(dated_events(data["events"]), "occurred_start", start, end)
    return Headline(
        ordered_t=float(ordered),
        ordered_sources=_joined(orders["sources"]),
        delivered_t=float(cargoes["tonnes"].sum()),
        delivered_min_t=float(cargoes["tonnes_min"].sum()),
        delivered_max_t=float(cargoes["tonnes_max"].sum()),
        delivered_barrels=float(cargoes["barrels"].sum()),
        delivered_min_barrels=float(cargoes["barrels_min"].sum()),
        delivered_max_barrels=float(cargoes["barrels_max"].sum()),
        delivered_sources=_joined(cargoes["sources"]),
        against_orders_t=float(against),
        pct_delivered=float(against / ordered * 100) if ordered else float("nan"),
        cargoes=int(len(cargoes)),
        conflicts=int(cargoes["conflict"].sum()),
        initiatives_by_status=latest["status"].value_counts(sort=False).astype(int).to_dict(),
        initiative_sources=_joined(latest["source_id"]),
        latest_event=None if events.empty else events.iloc[0],
    )


def ordered_vs_delivered(data: Corridor, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Cumulative tonnes ordered and delivered (with the low and high readings) by date.

    Long format: date, series ('Ordered', 'Delivered'), tonnes, tonnes_min, tonnes_max, the same
    three in barrels (orders at the default factor, cargoes at their grade's), label. Each
    series ends with a point at the latest date of either series.
    """
    orders = in_range(data.orders, "placed_start", start, end).dropna(subset=["tonnes"])
    ordered = pd.DataFrame({
        "date": orders["placed_start"], "series": "Ordered", "tonnes": orders["tonnes"].cumsum(),
        "tonnes_min": orders["tonnes_min"].cumsum(), "tonnes_max": orders["tonnes_max"].cumsum(),
        "label": "Order " + orders["order_id"]})
    ordered[["barrels", "barrels_min", "barrels_max"]] = (
        ordered[["tonnes", "tonnes_min", "tonnes_max"]].to_numpy() * DEFAULT_BARRELS_PER_TONNE)
    cargoes = delivered_cargoes(data.cargoes, start, end).sort_values("arrival_start")
    delivered = pd.DataFrame({
        "date": cargoes["arrival_start"], "series": "Delivered", "tonnes": cargoes["tonnes"].cumsum(),
        "tonnes_min": cargoes["tonnes_min"].cumsum(), "tonnes_max": cargoes["tonnes_max"].cumsum(),
        "barrels": cargoes["barrels"].cumsum(), "barrels_min": cargoes["barrels_min"].cumsum(),
        "barrels_max": cargoes["barrels_max"].cumsum(),
        "label": cargoes["vessel"].fillna("vessel not named") + " (" + cargoes["cargo_id"] + ")"})
    both = pd.concat([ordered, delivered], ignore_index=True)
    if both.empty:
        return both
    # Each step line runs on to the latest date of either, so the two can be compared there.
    last = both.sort_values("date").groupby("series").tail(1).assign(date=both["date"].max(), label="")
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
