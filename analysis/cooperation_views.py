"""What the Cooperation page shows, for a choice of sectors and a date range.

Status reports and events count when their date (its first day, for a month or a year) falls
between start and end; an initiative's latest status is the last one reported in that range.
Trade values are in US dollars (value_musd: millions).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.cooperation import latest_status, sector_mentions, status_counts, status_history
from analysis.dates import parse_partial_dates
from analysis.formatting import usd_millions
from analysis.overview import dated_events, in_range
from analysis.schema import INITIATIVE_STATUSES
from analysis.trade import turnover

STATUS_LABELS = {status: status.replace("_", " ") for status in INITIATIVE_STATUSES}
DIRECTION_LABELS = {"RU_to_PK": "Russia → Pakistan", "PK_to_RU": "Pakistan → Russia",
                    "total": "Total turnover"}
QUALIFIER_LABELS = {"exact": "", "about": "about", "at_least": "at least", "up_to": "up to"}


@dataclass(frozen=True)
class CooperationView:
    """Frames for the chosen sectors (sector names from sectors.csv)."""

    latest: pd.DataFrame  # one row per initiative: latest status in range, its date and source
    counts: pd.DataFrame  # sector, status, initiatives: every chosen sector, zeros included
    history: pd.DataFrame  # every status report in range, oldest first
    mentions: pd.DataFrame  # sector, publisher, mentions (events and status reports in range)
    quiet_sectors: list[str]  # chosen sectors with no initiative at all
    unreported: int  # initiatives with no status report in range


def sector_ids(sectors: pd.DataFrame, names) -> list[str]:
    """Sector ids for display names; every sector when `names` is empty."""
    lookup = dict(zip(sectors["name"], sectors["sector_id"]))
    chosen = [lookup[n] for n in names if n in lookup]
    return chosen or list(sectors["sector_id"])


def reports_in_range(reports: pd.DataFrame, start, end) -> pd.DataFrame:
    """Initiative status reports dated between start and end (by the first day of their date)."""
    first_day = parse_partial_dates(reports["reported_on"])["start"]
    return reports[first_day.between(pd.Timestamp(start), pd.Timestamp(end))]


def cooperation_view(tables: dict[str, pd.DataFrame], chosen: list[str], start, end) -> CooperationView:
    """Initiatives, statuses and mentions for the chosen sector ids between start and end."""
    sectors, sources = tables["sectors"], tables["sources"]
    names = dict(zip(sectors["sector_id"], sectors["name"]))
    initiatives = tables["initiatives"][tables["initiatives"]["sector_id"].isin(chosen)]
    reports = reports_in_range(tables["initiative_reports"], start, end)
    reports = reports[reports["initiative_id"].isin(initiatives["initiative_id"])]

    latest = latest_status(initiatives, reports, sources)
    latest["sector"] = latest["sector_id"].map(names)
    latest["status_label"] = latest["status"].astype("string").map(STATUS_LABELS)

    counts = status_counts(latest)
    grid = pd.MultiIndex.from_product([chosen, INITIATIVE_STATUSES], names=["sector_id", "status"])
    counts = (counts.assign(status=counts["status"].astype("string"))
              .set_index(["sector_id", "status"])["initiatives"]
              .reindex(grid, fill_value=0).reset_index())
    counts["sector"] = counts["sector_id"].map(names)
    counts["status_label"] = counts["status"].map(STATUS_LABELS)

    history = status_history(initiatives, reports, sources)
    history["sector"] = history["sector_id"].map(names)
    history["status_label"] = history["status"].map(STATUS_LABELS)

    events = in_range(dated_events(tables["events"]), "occurred_start", start, end)
    mentions = sector_mentions(events, initiatives, reports, sources)
    mentions = mentions[mentions["sector_id"].isin(chosen)]
    mentions = (mentions.assign(sector=mentions["sector_id"].map(names))
                .groupby(["sector", "publisher"], as_index=False)["mentions"].sum())

    with_initiatives = set(initiatives["sector_id"])
    return CooperationView(
        latest=latest, counts=counts, history=history, mentions=mentions,
        quiet_sectors=[names[s] for s in chosen if s not in with_initiatives],
        unreported=int(latest["status"].isna().sum()),
    )


def mention_matrix(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions as a table: one row per sector, one column per publisher (most-speaking
    publishers first), zeros where a publisher never spoke of a sector."""
    if mentions.empty:
        return pd.DataFrame()
    order = mentions.groupby("publisher")["mentions"].sum().sort_values(ascending=False, kind="mergesort")
    matrix = mentions.pivot_table(index="sector", columns="publisher", values="mentions",
                                  aggfunc="sum", fill_value=0)
    rows = mentions.groupby("sector")["mentions"].sum().sort_values(ascending=False, kind="mergesort")
    return matrix.loc[rows.index, order.index].astype(int)


def trade_view(flows: pd.DataFrame, sources: pd.DataFrame, basis: str, start, end) -> pd.DataFrame:
    """Trade flows whose period overlaps start–end, for basis 'calendar', 'fiscal' or 'all',
    with direction and qualifier in words and the value as stated ('at least $1.00bn')."""
    out = turnover(flows, sources, basis=None if basis == "all" else basis)
    out = out[(out["period_end"] >= pd.Timestamp(start)) & (out["period_start"] <= pd.Timestamp(end))]
    out = out.assign(direction_label=out["direction"].map(DIRECTION_LABELS),
                     qualifier_label=out["qualifier"].map(QUALIFIER_LABELS))
    out["stated"] = pd.Series([f"{q} {usd_millions(v)}".strip() for q, v in
                               zip(out["qualifier_label"], out["value_usd"])], index=out.index, dtype="string")
    return out.reset_index(drop=True)
