"""Cooperation: initiatives per sector, their latest status, the furthest stage they reached,
their history, and who said what."""
from __future__ import annotations

import pandas as pd

from analysis.dates import parse_partial_dates
from analysis.schema import INITIATIVE_STATUSES

# Stages an initiative moves through, in order; "stalled" says how it stands, not how far it got.
STAGES = tuple(status for status in INITIATIVE_STATUSES if status != "stalled")
ATTRIBUTION = ["publisher", "speaker", "speaker_role"]  # the outlet, and who it says spoke


def status_history(initiatives: pd.DataFrame, reports: pd.DataFrame,
                   sources: pd.DataFrame) -> pd.DataFrame:
    """Every status report with its initiative, sector, date (start, precision), publisher and
    speaker, oldest first."""
    dates = parse_partial_dates(reports["reported_on"])
    out = reports.assign(reported_start=dates["start"], reported_precision=dates["precision"])
    out = out.merge(initiatives[["initiative_id", "sector_id", "title"]], on="initiative_id", how="left")
    out = out.merge(sources[["source_id", "publisher", "title"]].rename(columns={"title": "source_title"}),
                    on="source_id", how="left")
    return out.sort_values(["initiative_id", "reported_start", "report_id"], ignore_index=True)


def latest_status(initiatives: pd.DataFrame, reports: pd.DataFrame,
                  sources: pd.DataFrame) -> pd.DataFrame:
    """One row per initiative with its most recent status, that report's date, source, publisher
    and speaker, and how many reports it has; initiatives without a report show status <NA>."""
    history = status_history(initiatives, reports, sources)
    last = history.drop_duplicates("initiative_id", keep="last").set_index("initiative_id")
    out = initiatives.set_index("initiative_id").join(
        last[["status", "reported_on", "reported_start", "source_id", *ATTRIBUTION, "note"]])
    out["n_reports"] = history.groupby("initiative_id").size().reindex(out.index).fillna(0).astype(int)
    out["status"] = pd.Categorical(out["status"], categories=INITIATIVE_STATUSES, ordered=True)
    return out.reset_index()


def furthest_stage(initiatives: pd.DataFrame, reports: pd.DataFrame,
                   sources: pd.DataFrame) -> pd.DataFrame:
    """One row per initiative with the furthest stage (see STAGES) any report gives and the first
    report to give it: furthest_status, furthest_on (as published), furthest_start,
    furthest_source_id, furthest_publisher, furthest_speaker, furthest_speaker_role,
    furthest_note. <NA> where no report gives a stage (none, or only "stalled")."""
    history = status_history(initiatives, reports, sources)
    staged = history.assign(rank=history["status"].map({s: i for i, s in enumerate(STAGES)}))
    staged = staged.dropna(subset=["rank"]).sort_values(
        ["initiative_id", "rank", "reported_start", "report_id"], ascending=[True, False, True, True])
    first = staged.drop_duplicates("initiative_id").set_index("initiative_id")[
        ["status", "reported_on", "reported_start", "source_id", *ATTRIBUTION, "note"]]
    first.columns = ["furthest_" + c for c in ["status", "on", "start", "source_id", *ATTRIBUTION, "note"]]
    out = initiatives[["initiative_id"]].join(first, on="initiative_id")
    out["furthest_status"] = pd.Categorical(out["furthest_status"], categories=STAGES, ordered=True)
    return out.reset_index(drop=True)


def status_counts(latest: pd.DataFrame, column: str = "status") -> pd.DataFrame:
    """Initiatives per sector and latest status, or the status in another `column` such as
    furthest_status (long format: sector_id, status, initiatives)."""
    return (latest.groupby(["sector_id", column], observed=False).size()
            .rename("initiatives").reset_index().rename(columns={column: "status"}))


def sector_mentions(events: pd.DataFrame, initiatives: pd.DataFrame, reports: pd.DataFrame,
                    sources: pd.DataFrame) -> pd.DataFrame:
    """Which sources speak of which sectors: mentions per (sector_id, source_id), counting
    events tagged with the sector and status reports on the sector's initiatives."""
    event_links = events[["source_id", "sectors"]].assign(
        sector_id=events["sectors"].str.split(";")).explode("sector_id")[["source_id", "sector_id"]]
    report_links = reports[["source_id", "initiative_id"]].merge(
        initiatives[["initiative_id", "sector_id"]], on="initiative_id")[["source_id", "sector_id"]]
    links = pd.concat([event_links, report_links], ignore_index=True)
    links["sector_id"] = links["sector_id"].str.strip()
    out = links.groupby(["sector_id", "source_id"]).size().rename("mentions").reset_index()
    return out.merge(sources[["source_id", "publisher", "published_on"]], on="source_id", how="left")
