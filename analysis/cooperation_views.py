"""What the Cooperation page shows, for a choice of sectors and a date range.

Status reports and events count when their date (its first day, for a month or a year) falls
between start and end; an initiative's latest status is the last one reported in that range, and
its furthest stage the furthest any report dated up to the end gives (an initiative that reached
"delivered" before the range stays "delivered"). Trade values are in US dollars (value_musd:
millions), each of one commodity (all goods, or an HS code such as 2709 crude petroleum): the
page draws each commodity apart (`analysis.trade.by_commodity`).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.cooperation import (STAGES, furthest_stage, latest_status, sector_mentions, status_counts,
                                  status_history)
from analysis.dates import parse_partial_dates
from analysis.formatting import usd_millions
from analysis.overview import dated_events, in_range
from analysis.schema import INITIATIVE_STATUSES
from analysis.trade import turnover

STATUS_LABELS = {status: status.replace("_", " ") for status in INITIATIVE_STATUSES}
DIRECTION_LABELS = {"RU_to_PK": "Russia → Pakistan", "PK_to_RU": "Pakistan → Russia",
                    "total": "Turnover (both directions)"}
QUALIFIER_LABELS = {"exact": "", "about": "about", "at_least": "at least", "up_to": "up to"}


@dataclass(frozen=True)
class CooperationView:
    """Frames for the chosen sectors (sector names from sectors.csv)."""

    latest: pd.DataFrame  # one row per initiative: latest status in range, its date and source,
    #   and the furthest stage reached by the end of the range (furthest_* columns)
    counts: pd.DataFrame  # sector, status, initiatives: every chosen sector, zeros included
    stages: pd.DataFrame  # sector, status (a stage), initiatives: by furthest stage, zeros included
    history: pd.DataFrame  # every status report in range, oldest first
    mentions: pd.DataFrame  # sector, publisher, mentions (events and status reports in range)
    said: pd.DataFrame  # who said what: events and reports in range whose source names the speaker
    quiet_sectors: list[str]  # chosen sectors with no initiative at all
    unreported: int  # initiatives with no status report in range


def sector_ids(sectors: pd.DataFrame, names) -> list[str]:
    """Sector ids for display names; every sector when `names` is empty."""
    lookup = dict(zip(sectors["name"], sectors["sector_id"]))
    chosen = [lookup[n] for n in names if n in lookup]
    return chosen or list(sectors["sector_id"])


def reports_in_range(reports: pd.DataFrame, start, end) -> pd.DataFrame:
    """Initiative status reports dated between start and end (by the first day of their date);
    from the first report on when start is None."""
    first_day = parse_partial_dates(reports["reported_on"])["start"]
    after = first_day.notna() if start is None else first_day >= pd.Timestamp(start)
    return reports[after & (first_day <= pd.Timestamp(end))]


def _by_sector(frame: pd.DataFrame, column: str, statuses, chosen: list[str], names: dict) -> pd.DataFrame:
    """Initiatives per (sector, status in `column`) for every chosen sector and status, zeros
    included. Columns: sector_id, status, initiatives, sector, status_label."""
    counts = status_counts(frame, column)
    counts = counts.assign(status=counts["status"].astype("string")).set_index(["sector_id", "status"])
    grid = pd.MultiIndex.from_product([chosen, statuses], names=["sector_id", "status"])
    out = counts["initiatives"].reindex(grid, fill_value=0).reset_index()
    out["sector"] = out["sector_id"].map(names)
    out["status_label"] = out["status"].map(STATUS_LABELS)
    return out


def who_said_what(events: pd.DataFrame, history: pd.DataFrame, sources: pd.DataFrame,
                  names: dict) -> pd.DataFrame:
    """Events and status reports whose source names who spoke (a speaker, an office or both),
    newest first. Columns: record_id, date (as published), date_start, sectors (names), what
    (event title, or initiative and status), speaker, speaker_role, publisher, source_id, url, note."""
    tags = events["sectors"].str.split(";").explode().str.strip().map(names)
    said_events = pd.DataFrame({
        "record_id": events["event_id"], "date": events["occurred_on"], "date_start": events["occurred_start"],
        "sectors": tags.groupby(level=0).agg(", ".join).reindex(events.index).astype("string"),
        "what": events["title"]})
    said_reports = pd.DataFrame({
        "record_id": history["report_id"], "date": history["reported_on"], "date_start": history["reported_start"],
        "sectors": history["sector_id"].map(names).astype("string"),
        "what": history["title"] + ": " + history["status"].map(STATUS_LABELS)})
    columns = ["speaker", "speaker_role", "source_id", "note"]
    out = pd.concat([pd.concat([said_events, events[columns]], axis=1),
                     pd.concat([said_reports, history[columns]], axis=1)], ignore_index=True)
    out = out[out["speaker"].notna() | out["speaker_role"].notna()]
    out = out.merge(sources[["source_id", "publisher", "url"]], on="source_id", how="left")
    out = out.sort_values(["date_start", "record_id"], ascending=False, ignore_index=True)
    return out[["record_id", "date", "date_start", "sectors", "what", "speaker", "speaker_role", "publisher",
                "source_id", "url", "note"]]


def cooperation_view(tables: dict[str, pd.DataFrame], chosen: list[str], start, end) -> CooperationView:
    """Initiatives, statuses and mentions for the chosen sector ids between start and end."""
    sectors, sources = tables["sectors"], tables["sources"]
    names = dict(zip(sectors["sector_id"], sectors["name"]))
    initiatives = tables["initiatives"][tables["initiatives"]["sector_id"].isin(chosen)]
    so_far = reports_in_range(tables["initiative_reports"], None, end)
    so_far = so_far[so_far["initiative_id"].isin(initiatives["initiative_id"])]
    reports = reports_in_range(so_far, start, end)

    latest = latest_status(initiatives, reports, sources).merge(
        furthest_stage(initiatives, so_far, sources), on="initiative_id", how="left")
    latest["sector"] = latest["sector_id"].map(names)
    latest["status_label"] = latest["status"].astype("string").map(STATUS_LABELS)
    latest["furthest_label"] = latest["furthest_status"].astype("string").map(STATUS_LABELS)

    history = status_history(initiatives, reports, sources)
    history["sector"] = history["sector_id"].map(names)
    history["status_label"] = history["status"].map(STATUS_LABELS)

    events = in_range(dated_events(tables["events"]), "occurred_start", start, end)
    tagged = events["sectors"].str.split(";").explode().str.strip().isin(chosen).groupby(level=0).any()
    said = who_said_what(events[tagged.reindex(events.index, fill_value=False)], history, sources, names)
    mentions = sector_mentions(events, initiatives, reports, sources)
    mentions = mentions[mentions["sector_id"].isin(chosen)]
    mentions = (mentions.assign(sector=mentions["sector_id"].map(names))
                .groupby(["sector", "publisher"], as_index=False)["mentions"].sum())

    with_initiatives = set(initiatives["sector_id"])
    return CooperationView(
        latest=latest, counts=_by_sector(latest, "status", INITIATIVE_STATUSES, chosen, names),
        stages=_by_sector(latest, "furthest_status", STAGES, chosen, names),
        history=history, mentions=mentions, said=said,
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


def trade_rows(trade: pd.DataFrame, sources: pd.DataFrame) -> pd.Series:
    """A chart row per period and publisher, without source ids ('2023 · TASS'). Where one
    publisher gives figures for a period in several publications, each row adds the publication
    date ('2023 · TASS · 2024-06-13'), then, if that is not enough, its title. Where one
    publication gives two figures for the same period and direction (UN Comtrade: Pakistan's
    report and Russia's), each adds its flow id, which names the reporter (CT-PAK-RUS-M-2023)."""
    label = trade["period"] + " · " + trade["publisher"].fillna("publisher not recorded")
    cited = sources.set_index("source_id")
    for detail in ("published_on", "title"):
        several = trade.groupby(label)["source_id"].transform("nunique").gt(1)
        label = label.mask(several, label + " · " + trade["source_id"].map(cited[detail]))
    if not label.duplicated().any():
        return label
    repeated = trade.groupby([label, trade["direction"]])["source_id"].transform("size").gt(1)
    return label.mask(repeated, label + " · " + trade["flow_id"])


def trade_view(flows: pd.DataFrame, sources: pd.DataFrame, basis: str, start, end) -> pd.DataFrame:
    """Trade flows whose period overlaps start–end, for basis 'calendar', 'fiscal' or 'all',
    with direction, commodity and qualifier in words and the value as stated ('at least $1.00bn'),
    all goods first (see `analysis.trade.turnover`)."""
    out = turnover(flows, sources, basis=None if basis == "all" else basis)
    out = out[(out["period_end"] >= pd.Timestamp(start)) & (out["period_start"] <= pd.Timestamp(end))]
    out = out.assign(direction_label=out["direction"].map(DIRECTION_LABELS),
                     qualifier_label=out["qualifier"].map(QUALIFIER_LABELS))
    out["stated"] = pd.Series([f"{q} {usd_millions(v)}".strip() for q, v in
                               zip(out["qualifier_label"], out["value_usd"])], index=out.index, dtype="string")
    return out.reset_index(drop=True)
