"""Where sources disagree: every account of a cargo or an order set beside the others.

Quantities: for each cargo (or order) whose reconciled row carries the conflict flag, every
account that states a quantity, in the order of the reconciliation rule
(`analysis.reconcile.rank_reports`); rank 1 is the account the rule chose.
Dates: for each cargo (or order) whose accounts give dates that cannot all be right (their
periods do not overlap: 26 against 27 June, or September against October; 'June 2023' does
not contradict '11 June 2023'), every account giving one, marking the date reconciliation kept.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from analysis.dates import parse_partial_dates
from analysis.reconcile import grade_factors, rank_reports
from analysis.timeline import date_label

QUALIFIER_WORDS = {"exact": "", "about": "about ", "up_to": "up to ", "at_least": "at least "}


def published_quantity(quantity: pd.Series, unit: pd.Series, qualifier: pd.Series) -> pd.Series:
    """A figure as its source gave it: '45,142 t', 'about 45,000 t', 'up to 105,000 t',
    '3.137 Mt'; <NA> where no quantity is given."""
    words = qualifier.map(QUALIFIER_WORDS).fillna("")
    number = quantity.map(lambda q: f"{q:,.12g}" if pd.notna(q) else pd.NA)
    return (words + number.astype("string") + " " + unit.astype("string")).astype("string")


def undated_or_in_range(frame: pd.DataFrame, column: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Rows whose `column` (a datetime) falls between start and end, both included, and rows
    with no date at all (a date filter cannot rule them out)."""
    dates = frame[column]
    return frame[dates.isna() | dates.between(pd.Timestamp(start), pd.Timestamp(end))]


def _with_sources(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    src = sources.set_index("source_id")
    return frame.assign(publisher=frame["source_id"].map(src["publisher"]),
                        published_on=frame["source_id"].map(src["published_on"]),
                        source_kind=frame["source_id"].map(src["kind"]),
                        url=frame["source_id"].map(src["url"]))


def _in_reconciled_order(frame: pd.DataFrame, reconciled: pd.DataFrame, group: str,
                         then: list[str]) -> pd.DataFrame:
    position = pd.Series(np.arange(len(reconciled)), index=reconciled[group].to_numpy())
    out = frame.assign(_group_order=frame[group].map(position))
    return out.sort_values(["_group_order", *then], kind="mergesort",
                           ignore_index=True).drop(columns="_group_order")


def quantity_accounts(reports: pd.DataFrame, reconciled: pd.DataFrame, sources: pd.DataFrame,
                      grades: pd.DataFrame, group: str, carry: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every quantity-stating account of each conflicting `group` (cargo_id or order_id) in
    `reconciled`, groups in `reconciled`'s order, accounts best first.

    Columns: group, the reconciled columns named in `carry` (e.g. vessel), report_id,
    source_id, publisher, published_on, source_kind, url, quantity, unit, qualifier (as
    published), as_published ('about 45,000 t'), tonnes, rank (1 = chosen by the rule), chosen
    (bool), chosen_tonnes, tonnes_min, tonnes_max (the resolved range, in tonnes), note.
    """
    conflicted = reconciled.loc[reconciled["conflict"].astype(bool)].set_index(group)
    ranked = rank_reports(reports[reports[group].isin(conflicted.index)], sources, group,
                          grade_factors(grades)).dropna(subset=["tonnes"])
    ranked["rank"] = ranked.groupby(group).cumcount() + 1
    ranked["chosen"] = ranked["report_id"].eq(ranked[group].map(conflicted["chosen_report_id"])).astype(bool)
    for name in ("tonnes_min", "tonnes_max", *carry):
        ranked[name] = ranked[group].map(conflicted[name])
    ranked["chosen_tonnes"] = ranked[group].map(conflicted["tonnes"])
    ranked["as_published"] = published_quantity(ranked["quantity"], ranked["unit"], ranked["qualifier"])
    out = _with_sources(ranked.drop(columns=["publisher"]), sources)
    columns = [group, *carry, "report_id", "source_id", "publisher", "published_on", "source_kind", "url",
               "quantity", "unit", "qualifier", "as_published", "tonnes", "rank", "chosen",
               "chosen_tonnes", "tonnes_min", "tonnes_max", "note"]
    return _in_reconciled_order(out, reconciled, group, ["rank"])[columns]


def date_disagreements(reports: pd.DataFrame, reconciled: pd.DataFrame, sources: pd.DataFrame,
                       group: str, column: str) -> pd.DataFrame:
    """Every account giving a date in `column` (a partial date such as arrival_date or
    placed_on) for each `group` in `reconciled` whose accounts' periods do not all overlap.

    Columns: group, report_id, source_id, publisher, published_on, source_kind, url, `column`
    (as published), precision, date_label ('26 Jun 2023', 'Sep 2023'), chosen (the date the
    reconciled row kept, from reconciled[column]), note. Earliest date first within a group.
    """
    rows = reports[reports[group].isin(reconciled[group]) & reports[column].notna()]
    parsed = parse_partial_dates(rows[column])
    dated = rows.assign(_start=parsed["start"], _end=parsed["end"], precision=parsed["precision"])
    dated = dated.dropna(subset=["_start"])
    spans = dated.groupby(group).agg(latest_start=("_start", "max"), earliest_end=("_end", "min"))
    disagreeing = spans.index[spans["latest_start"] > spans["earliest_end"]]
    out = dated[dated[group].isin(disagreeing)]
    kept = reconciled.set_index(group)[column]
    out = _with_sources(out.assign(
        date_label=date_label(out["_start"], out["precision"]),
        chosen=out[column].eq(out[group].map(kept)).fillna(False).astype(bool)), sources)
    columns = [group, "report_id", "source_id", "publisher", "published_on", "source_kind", "url",
               column, "precision", "date_label", "chosen", "note"]
    return _in_reconciled_order(out, reconciled, group, ["_start", "report_id"])[columns]
