"""The timeline: events in date order, filtered by kind and sector, with their sources.

An event's date keeps the precision its source gives (day, month, quarter or year). It is placed
in the date range by its first day, as on the overview page, and carries its last day so a
chart can draw a month- or year-precision event as the span it really is.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.dates import parse_partial_dates
from analysis.overview import dated_events, in_range
from analysis.schema import EVENT_KINDS

LANES = ("kind", "sector")
_DATE_FORMATS = {"day": "%-d %b %Y", "month": "%b %Y", "year": "%Y"}


def event_sectors(events: pd.DataFrame) -> pd.DataFrame:
    """One row per (event_id, sector_id) tag, from the ';'-separated `sectors` list."""
    out = events[["event_id"]].assign(sector_id=events["sectors"].str.split(";")).explode("sector_id")
    out["sector_id"] = out["sector_id"].astype("string").str.strip()
    return out[out["sector_id"].fillna("").ne("")].reset_index(drop=True)


def date_label(start: pd.Series, precision: pd.Series) -> pd.Series:
    """Dates written at their precision: '11 Jun 2023', 'Jun 2023', '2023 Q1', '2023'.
    Each distinct date and precision is written once."""
    start = pd.to_datetime(start)
    kind, kinds = pd.factorize(precision.astype("string"))
    missing = (start.isna().to_numpy() | (kind < 0))
    days = start.to_numpy().astype("datetime64[D]").view(np.int64)
    codes, _ = pd.factorize(np.where(missing, -1, days * (len(kinds) + 1) + kind))
    _, first = np.unique(codes, return_index=True)
    labels = _labels(start.iloc[first].reset_index(drop=True), precision.iloc[first].reset_index(drop=True))
    return pd.Series(labels.array.take(codes), index=start.index, dtype="string")


def _labels(start: pd.Series, precision: pd.Series) -> pd.Series:
    out = pd.Series(pd.NA, index=start.index, dtype="string")
    for name, pattern in _DATE_FORMATS.items():
        rows = precision.eq(name).fillna(False) & start.notna()
        out[rows] = start[rows].dt.strftime(pattern)
    quarter = precision.eq("quarter").fillna(False) & start.notna()
    out[quarter] = (start[quarter].dt.year.astype("string") + " Q"
                    + start[quarter].dt.quarter.astype("string"))
    return out


def timeline(events: pd.DataFrame, sources: pd.DataFrame, sectors: pd.DataFrame,
             start: dt.date, end: dt.date, kinds: Iterable[str] = (),
             sector_ids: Iterable[str] = ()) -> pd.DataFrame:
    """Events whose date (its first day) falls between start and end, oldest first.

    Empty `kinds` or `sector_ids` mean no restriction; otherwise an event must be of one of the
    kinds and tagged with at least one of the sectors. Columns: event_id, occurred_on (as
    published), occurred_start, occurred_end (last day of the period, inclusive),
    occurred_precision, date_label, kind, sectors (ids), sector_names ('Energy, Trade'), title,
    note, speaker and speaker_role (who made it, where the source names them), source_id,
    publisher (the outlet), source_title, url.
    """
    kinds, sector_ids = set(kinds), set(sector_ids)
    dated = dated_events(events)
    dated["occurred_end"] = parse_partial_dates(dated["occurred_on"])["end"]
    out = in_range(dated, "occurred_start", start, end)
    if kinds:
        out = out[out["kind"].isin(kinds)]
    tags = event_sectors(out)
    if sector_ids:
        out = out[out["event_id"].isin(tags.loc[tags["sector_id"].isin(sector_ids), "event_id"])]
    names = tags.merge(sectors[["sector_id", "name"]], on="sector_id", how="left")
    names["name"] = names["name"].fillna(names["sector_id"])
    out = out.assign(
        sector_names=out["event_id"].map(names.groupby("event_id")["name"].agg(", ".join)).astype("string"),
        date_label=date_label(out["occurred_start"], out["occurred_precision"]),
    )
    cited = sources[["source_id", "publisher", "title", "url"]].rename(columns={"title": "source_title"})
    out = out.merge(cited, on="source_id", how="left")
    columns = ["event_id", "occurred_on", "occurred_start", "occurred_end", "occurred_precision",
               "date_label", "kind", "sectors", "sector_names", "title", "note", "speaker", "speaker_role",
               "source_id", "publisher", "source_title", "url"]
    return out.sort_values(["occurred_start", "event_id"], ignore_index=True)[columns]


def timeline_points(frame: pd.DataFrame, sectors: pd.DataFrame, by: str = "kind") -> pd.DataFrame:
    """Chart rows for `timeline(...)` output: one per event (by='kind') or per event and
    sector tag (by='sector'), with `lane` (kind, or sector name), `span_end` (the day after the
    period ends, so a span covers the whole period), `x` (where its marker goes: the day
    itself, or the middle of a coarser period) and `exact` (True for day precision).
    Ordered by lane (schema kind order or the sectors table's order), then date."""
    if by not in LANES:
        raise ValueError(f"by must be one of {LANES}, not {by!r}")
    if by == "kind":
        out = frame.assign(lane=frame["kind"])
        order = {k: i for i, k in enumerate(EVENT_KINDS)}
    else:
        out = frame.merge(event_sectors(frame), on="event_id").merge(
            sectors[["sector_id", "name"]], on="sector_id", how="left")
        out["lane"] = out["name"].fillna(out["sector_id"])
        order = {name: i for i, name in enumerate(sectors["name"])}
    out["span_end"] = out["occurred_end"] + pd.Timedelta(days=1)
    out["exact"] = out["occurred_precision"].eq("day").fillna(False).astype(bool)
    middle = out["occurred_start"] + (out["span_end"] - out["occurred_start"]) / 2
    out["x"] = out["occurred_start"].where(out["exact"], middle)
    out["_order"] = out["lane"].map(order).fillna(len(order))
    return out.sort_values(["_order", "lane", "occurred_start", "event_id"],
                           ignore_index=True).drop(columns="_order")


def time_span(frame: pd.DataFrame, margin_days: int = 30) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First day to last day (inclusive) of the events in `frame`, widened by a margin, so a
    chart shows the events rather than the whole date filter."""
    margin = pd.Timedelta(days=margin_days)
    return frame["occurred_start"].min() - margin, frame["occurred_end"].max() + margin
