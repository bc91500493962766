"""Bilateral trade turnover by period, direction and basis."""
from __future__ import annotations

import pandas as pd

from analysis.dates import days_inclusive, fiscal_label, fiscal_year


def period_names(start: pd.Series, end: pd.Series) -> pd.Series:
    """Names for periods given by first and last day: '2023', 'FY2022-23', or
    'Jan 2023 – May 2023' for other spans."""
    whole_year = (start.dt.month.eq(1) & start.dt.day.eq(1) & end.dt.month.eq(12) & end.dt.day.eq(31)
                  & start.dt.year.eq(end.dt.year))
    whole_fy = (start.dt.month.eq(7) & start.dt.day.eq(1) & end.dt.month.eq(6) & end.dt.day.eq(30)
                & end.dt.year.eq(start.dt.year + 1))
    other = start.dt.strftime("%b %Y") + " – " + end.dt.strftime("%b %Y")
    fy = fiscal_year(end).map(fiscal_label)
    return other.mask(whole_fy, fy).mask(whole_year, start.dt.year.astype("string"))


def turnover(flows: pd.DataFrame, sources: pd.DataFrame, basis: str | None = None,
             direction: str | None = None) -> pd.DataFrame:
    """Trade flows with a period name, length in days and value in USD millions, filtered by
    basis (calendar or fiscal) and direction (RU_to_PK, PK_to_RU, total) when given."""
    out = flows.copy()
    if basis:
        out = out[out["basis"] == basis]
    if direction:
        out = out[out["direction"] == direction]
    out["period_start"] = pd.to_datetime(out["period_start"])
    out["period_end"] = pd.to_datetime(out["period_end"])
    out["period"] = period_names(out["period_start"], out["period_end"])
    out["days"] = days_inclusive(out["period_start"], out["period_end"])
    out["value_musd"] = out["value_usd"].astype(float) / 1e6
    out = out.merge(sources[["source_id", "publisher"]], on="source_id", how="left")
    return out.sort_values(["period_end", "direction", "flow_id"], ignore_index=True)
