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
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.dates import parse_partial_dates
from analysis.reconcile import grade_factors, rank_reports
from analysis.text_columns import is_in, positions
from analysis.timeline import date_label

QUALIFIER_WORDS = {"exact": "", "about": "about ", "up_to": "up to ", "at_least": "at least "}


def published_quantity(quantity: pd.Series, unit: pd.Series, qualifier: pd.Series) -> pd.Series:
    """A figure as its source gave it: '45,142 t', 'about 45,000 t', 'up to 105,000 t',
    '3.137 Mt'; <NA> where no quantity is given."""
    words = qualifier.map(QUALIFIER_WORDS).fillna("")
    number = quantity.map(lambda q: f"{q:,.12g}" if pd.notna(q) else pd.NA)
    return (words + number.astype("string") + " " + unit.astype("string")).astype("string")


def _undated_or_in_range(frame: pd.DataFrame, column: str, start: dt.date, end: dt.date) -> np.ndarray:
    dates = frame[column]
    return (dates.isna() | dates.between(pd.Timestamp(start), pd.Timestamp(end))).to_numpy(dtype=bool)


def undated_or_in_range(frame: pd.DataFrame, column: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Rows whose `column` (a datetime) falls between start and end, both included, and rows
    with no date at all (a date filter cannot rule them out)."""
    return frame[_undated_or_in_range(frame, column, start, end)]


def quantity_disputed(reconciled: pd.DataFrame, column: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """The rows of `reconciled` (cargoes or orders) whose sources disagree on the quantity, among
    those whose `column` falls between start and end or is missing."""
    return reconciled[_undated_or_in_range(reconciled, column, start, end)
                      & reconciled["conflict"].to_numpy(dtype=bool)]


def _with_sources(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    src = sources.set_index("source_id")
    return frame.assign(publisher=frame["source_id"].map(src["publisher"]),
                        published_on=frame["source_id"].map(src["published_on"]),
                        source_kind=frame["source_id"].map(src["kind"]),
                        url=frame["source_id"].map(src["url"]))


def _in_reconciled_order(frame: pd.DataFrame, reconciled: pd.DataFrame, group: str,
                         then: list[str]) -> pd.DataFrame:
    out = frame.assign(_group_order=positions(frame[group], reconciled[group]))
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
    ranked = rank_reports(reports[is_in(reports[group], conflicted.index)], sources, group,
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


def _dated(reports: pd.DataFrame, column: str) -> pd.DataFrame:
    """Reports giving a date in `column`, with its first and last day and its precision."""
    rows = reports[reports[column].notna().to_numpy()]
    parsed = parse_partial_dates(rows[column])
    dated = rows.assign(_start=parsed["start"], _end=parsed["end"], precision=parsed["precision"])
    return dated.dropna(subset=["_start"])


def _disagreeing(dated: pd.DataFrame, group: str) -> pd.Series:
    """Dated accounts per group, for the groups whose accounts' periods do not all overlap."""
    spans = dated.groupby(group).agg(latest_start=("_start", "max"), earliest_end=("_end", "min"),
                                     accounts=("_start", "size"))
    return spans.loc[spans["latest_start"] > spans["earliest_end"], "accounts"]


def disputed_dates(reports: pd.DataFrame, group: str, column: str) -> pd.Series:
    """How many accounts give a date in `column`, for every `group` (cargo_id or order_id) whose
    accounts give dates that cannot all be right; indexed by the group's id."""
    return _disagreeing(_dated(reports, column), group)


def date_disagreements(reports: pd.DataFrame, reconciled: pd.DataFrame, sources: pd.DataFrame,
                       group: str, column: str) -> pd.DataFrame:
    """Every account giving a date in `column` (a partial date such as arrival_date or
    placed_on) for each `group` in `reconciled` whose accounts' periods do not all overlap.

    Columns: group, report_id, source_id, publisher, published_on, source_kind, url, `column`
    (as published), precision, date_label ('26 Jun 2023', 'Sep 2023'), chosen (the date the
    reconciled row kept, from reconciled[column]), note. Earliest date first within a group.
    """
    dated = _dated(reports[positions(reports[group], reconciled[group]) >= 0], column)
    disagreeing = _disagreeing(dated, group)
    out = dated[positions(dated[group], pd.Series(disagreeing.index)) >= 0]
    kept = pd.Series(reconciled[column].array.take(positions(out[group], reconciled[group]), allow_fill=True),
                     index=out.index)
    out = _with_sources(out.assign(
        date_label=date_label(out["_start"], out["precision"]),
        chosen=out[column].eq(kept).fillna(False).astype(bool)), sources)
    columns = [group, "report_id", "source_id", "publisher", "published_on", "source_kind", "url",
               column, "precision", "date_label", "chosen", "note"]
    return _in_reconciled_order(out, reconciled, group, ["_start", "report_id"])[columns]


@dataclass(frozen=True)
class DisputeCounts:
    """One kind of disagreement among the cargoes (or orders) of a date range, counted."""

    checked: int  # cargoes (or orders) dated in the range, or not dated at all
    disputed: int  # of them, those whose sources disagree
    accounts: int  # the accounts of all the disputed ones together


@dataclass(frozen=True)
class Disputes(DisputeCounts):
    """The counts, and the accounts of the first disputed ones only, sized for a page."""

    first: pd.DataFrame  # accounts of the first disputed ones, at most `limit` rows, as listed in full
    summary: pd.DataFrame  # the first `limit` disputed rows of the reconciled frame
    widest: pd.DataFrame | None = None  # quantities: every account of those with the widest range


def _filling(accounts_per_group: np.ndarray, limit: int) -> int:
    """How many leading groups it takes for their accounts to fill `limit` rows."""
    return int(np.searchsorted(np.cumsum(accounts_per_group), limit)) + 1


def _quantity_rows(reconciled: pd.DataFrame, date_column: str, start: dt.date, end: dt.date):
    """Which rows are in the range; the positions of those in dispute; their accounts."""
    in_range = _undated_or_in_range(reconciled, date_column, start, end)
    disputed = np.flatnonzero(in_range & reconciled["conflict"].to_numpy(dtype=bool))
    return in_range, disputed, reconciled["n_quantities"].to_numpy(dtype=np.int64)[disputed]


def quantity_dispute_counts(reconciled: pd.DataFrame, date_column: str, start: dt.date,
                            end: dt.date) -> DisputeCounts:
    """The counts of `quantity_disputes`, without listing any account."""
    in_range, disputed, counts = _quantity_rows(reconciled, date_column, start, end)
    return DisputeCounts(checked=int(in_range.sum()), disputed=len(disputed), accounts=int(counts.sum()))


def quantity_disputes(reports: pd.DataFrame, reconciled: pd.DataFrame, sources: pd.DataFrame,
                      grades: pd.DataFrame, group: str, date_column: str, start: dt.date, end: dt.date,
                      carry: tuple[str, ...] = (), limit: int = 1000, widest: int = 12) -> Disputes:
    """Quantity disagreements among the rows of `reconciled` whose `date_column` falls between
    start and end (or is missing): `first` lists, as `quantity_accounts` does, the accounts of
    the first disputed rows up to `limit` accounts; `widest` every account of the `widest`
    disputed rows with the largest range in tonnes (tonnes_max − tonnes_min), in the
    reconciled order, ties to the earlier row."""
    in_range, disputed, counts = _quantity_rows(reconciled, date_column, start, end)
    leading = disputed[:_filling(counts, limit)]
    spread = (reconciled["tonnes_max"].to_numpy(dtype=float) - reconciled["tonnes_min"].to_numpy(dtype=float))[disputed]
    largest = np.sort(disputed[np.argsort(-spread, kind="stable")[:widest]])
    # One pass over the reports for both lists: the leading rows and the widest.
    accounts = quantity_accounts(reports, reconciled.iloc[np.union1d(leading, largest)], sources, grades, group,
                                 carry)
    first = accounts[is_in(accounts[group], reconciled[group].iloc[leading])]
    widest_accounts = accounts[is_in(accounts[group], reconciled[group].iloc[largest])]
    return Disputes(checked=int(in_range.sum()), disputed=len(disputed), accounts=int(counts.sum()),
                    first=first.head(limit).reset_index(drop=True), summary=reconciled.iloc[disputed[:limit]],
                    widest=widest_accounts.reset_index(drop=True))


def _date_rows(reconciled: pd.DataFrame, group: str, date_column: str, start: dt.date, end: dt.date,
               disputed: pd.Series):
    """Which rows are in the range; the positions of those in dispute; their accounts."""
    in_range = _undated_or_in_range(reconciled, date_column, start, end)
    position = positions(reconciled[group], pd.Series(disputed.index))
    rows = np.flatnonzero(in_range & (position >= 0))
    return in_range, rows, disputed.to_numpy(dtype=np.int64)[position[rows]]


def date_dispute_counts(reconciled: pd.DataFrame, group: str, date_column: str, start: dt.date, end: dt.date,
                        disputed: pd.Series) -> DisputeCounts:
    """The counts of `date_disputes`, without listing any account."""
    in_range, rows, counts = _date_rows(reconciled, group, date_column, start, end, disputed)
    return DisputeCounts(checked=int(in_range.sum()), disputed=len(rows), accounts=int(counts.sum()))


def date_disputes(reports: pd.DataFrame, reconciled: pd.DataFrame, sources: pd.DataFrame, group: str,
                  column: str, date_column: str, start: dt.date, end: dt.date, disputed: pd.Series,
                  limit: int = 1000) -> Disputes:
    """Date disagreements in `column` among the rows of `reconciled` whose `date_column` falls
    between start and end (or is missing), given `disputed` = disputed_dates(reports, group,
    column): `first` lists, as `date_disagreements` does, the accounts of the first disputed
    rows up to `limit` accounts."""
    in_range, rows, counts = _date_rows(reconciled, group, date_column, start, end, disputed)
    first = date_disagreements(reports, reconciled.iloc[rows[:_filling(counts, limit)]], sources, group, column)
    return Disputes(checked=int(in_range.sum()), disputed=len(rows), accounts=int(counts.sum()),
                    first=first.head(limit), summary=reconciled.iloc[rows[:limit]])
