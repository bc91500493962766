"""Bilateral trade by period, direction, basis and commodity.

A figure counts either all goods (commodity TOTAL, as UN Comtrade calls it) or the goods of one
Harmonized System code (2709: crude petroleum). The two are never added up or set side by side
as the same thing: every frame here keeps each figure's commodity, named in words, and
`by_commodity` hands them out apart.
"""
from __future__ import annotations

import pandas as pd

from analysis.dates import days_inclusive, fiscal_label, fiscal_year

TOTAL = "TOTAL"
# The codes the dataset holds or is expected to, in words; any other code reads "HS <code>".
COMMODITY_NAMES = {TOTAL: "all goods", "27": "HS 27 mineral fuels and oils", "2709": "HS 2709 crude petroleum",
                   "2710": "HS 2710 petroleum oils other than crude"}


def commodity_names(codes: pd.Series) -> pd.Series:
    """Each commodity code in words: 'all goods', 'HS 2709 crude petroleum', else 'HS <code>'."""
    codes = codes.astype("string")
    return codes.map(COMMODITY_NAMES).fillna("HS " + codes).astype("string")


def commodity_order(codes) -> list[str]:
    """The distinct commodity codes, all goods first, then HS codes in code order (so a chapter
    comes just before its headings: 27, 2709, 270900, 2710)."""
    distinct = set(pd.Series(codes, dtype="string").dropna())
    return ([TOTAL] if TOTAL in distinct else []) + sorted(distinct - {TOTAL})


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
             direction: str | None = None, commodity: str | None = None) -> pd.DataFrame:
    """Trade flows with a period name, length in days, value in USD millions and commodity in
    words (commodity_label), filtered by basis (calendar or fiscal), direction (RU_to_PK,
    PK_to_RU, total) and commodity (TOTAL, 2709, ...) when given. Sorted by commodity (as
    `commodity_order`), then period end, direction and id."""
    out = flows.copy()
    if basis:
        out = out[out["basis"] == basis]
    if direction:
        out = out[out["direction"] == direction]
    if commodity:
        out = out[out["commodity"] == commodity]
    out["period_start"] = pd.to_datetime(out["period_start"])
    out["period_end"] = pd.to_datetime(out["period_end"])
    out["period"] = period_names(out["period_start"], out["period_end"])
    out["days"] = days_inclusive(out["period_start"], out["period_end"])
    out["value_musd"] = out["value_usd"].astype(float) / 1e6
    out["commodity_label"] = commodity_names(out["commodity"])
    out = out.merge(sources[["source_id", "publisher"]], on="source_id", how="left")
    rank = out["commodity"].map({c: i for i, c in enumerate(commodity_order(out["commodity"]))})
    return (out.assign(commodity_rank=rank).sort_values(["commodity_rank", "period_end", "direction", "flow_id"])
            .drop(columns="commodity_rank").reset_index(drop=True))


def by_commodity(trade: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """Trade rows (as `turnover` gives them) split by commodity, all goods first: (code, rows)
    for each commodity present, so that no figure is drawn or summed beside another commodity's."""
    return [(code, trade[trade["commodity"] == code].reset_index(drop=True))
            for code in commodity_order(trade["commodity"])]
