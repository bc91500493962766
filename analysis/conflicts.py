"""Where sources disagree: every account of a cargo or an order set beside the others.

Quantities: for each cargo (or order) whose reconciled row carries the conflict flag, every
account whose quantity counts for it (a cargo's arrival accounts, once it has one), in the order
of the reconciliation rule (`analysis.reconcile.rank_reports`); rank 1 is the account the rule
chose. `rule_example` says, cargo by cargo, which step of the rule made the choice.
Dates: for each cargo (or order) whose accounts give dates that cannot all be right (their
periods do not overlap: 26 against 27 June, or September against October; 'June 2023' does
not contradict '11 June 2023'), every account giving one, marking the date reconciliation kept.
Links: every cargo report joined to its cargo on a probable link, or kept apart on an
unconfirmed one (`uncertain_links`).
Cargoes are reconciled rows: an account whose link is unconfirmed is a cargo of its own
(`analysis.reconcile.account_groups`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.dates import parse_partial_dates
from analysis.reconcile import account_groups, grade_factors, rank_reports
from analysis.text_columns import is_in, positions
from analysis.timeline import date_label

QUALIFIER_WORDS = {"exact": "", "about": "about ", "up_to": "up to ", "at_least": "at least "}
EVIDENCE_WORDS = {"port_data": "port or customs data", "official": "official statement",
                  "tracking": "ship tracking", "press": "press report"}


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
    """Every account whose quantity counts for each conflicting `group` (cargo_id or order_id) in
    `reconciled`, groups in `reconciled`'s order, accounts best first.

    Columns: group, the reconciled columns named in `carry` (e.g. vessel), report_id,
    source_id, publisher, published_on, source_kind, url, evidence, quantity, unit, qualifier
    (as published), as_published ('about 45,000 t'), tonnes, rank (1 = chosen by the rule),
    chosen (bool), chosen_tonnes, pct_from_chosen (how far the account lies from the chosen
    figure, in percent of it: 45,000 t against 45,142 t is -0.31), tonnes_min, tonnes_max (the
    resolved range, in tonnes), note.
    """
    conflicted = reconciled.loc[reconciled["conflict"].astype(bool)].set_index(group)
    ranked = _counted_accounts(reports, conflicted.index, sources, grades, group)
    ranked["chosen"] = ranked["report_id"].eq(ranked[group].map(conflicted["chosen_report_id"])).astype(bool)
    for name in ("tonnes_min", "tonnes_max", *carry):
        ranked[name] = ranked[group].map(conflicted[name])
    ranked["chosen_tonnes"] = ranked[group].map(conflicted["tonnes"]).astype(float)
    ranked["pct_from_chosen"] = (ranked["tonnes"] / ranked["chosen_tonnes"] - 1) * 100
    ranked["as_published"] = published_quantity(ranked["quantity"], ranked["unit"], ranked["qualifier"])
    out = _with_sources(ranked.drop(columns=["publisher"]), sources)
    columns = [group, *carry, "report_id", "source_id", "publisher", "published_on", "source_kind", "url",
               "evidence", "quantity", "unit", "qualifier", "as_published", "tonnes", "rank", "chosen",
               "chosen_tonnes", "pct_from_chosen", "tonnes_min", "tonnes_max", "note"]
    return _in_reconciled_order(out, reconciled, group, ["rank"])[columns]


def _counted_accounts(reports: pd.DataFrame, ids, sources: pd.DataFrame, grades: pd.DataFrame,
                      group: str) -> pd.DataFrame:
    """The accounts of the reconciled rows `ids` whose quantity counts for them, ranked best first
    (`rank_reports`), with `rank` (1 = chosen)."""
    mine = reports[is_in(account_groups(reports, group), ids)]
    ranked = rank_reports(mine, sources, group, grade_factors(grades))
    ranked = ranked[ranked["counted"].to_numpy(dtype=bool) & ranked["tonnes"].notna().to_numpy()]
    return ranked.assign(rank=ranked.groupby(group).cumcount() + 1)


def uncertain_links(reports: pd.DataFrame, reconciled: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The cargo reports of the cargoes in `reconciled` whose link to the cargo they name is not
    confirmed: joined to it on a probable link, or kept apart as a cargo of its own on an
    unconfirmed one. Cargoes in `reconciled`'s order, then by report id.

    Columns: cargo_id (the reconciled cargo), named_cargo (the cargo_id the report gives), link,
    link_note, report_id, source_id, publisher, published_on, url, status, as_published, note.
    """
    rows = reports[is_in(reports["link"], ("probable", "unconfirmed"))]
    rows = rows.assign(named_cargo=rows["cargo_id"], cargo_id=account_groups(rows, "cargo_id"))
    rows = rows[positions(rows["cargo_id"], reconciled["cargo_id"]) >= 0]
    out = _with_sources(rows, sources).assign(
        as_published=published_quantity(rows["quantity"], rows["unit"], rows["qualifier"]))
    columns = ["cargo_id", "named_cargo", "link", "link_note", "report_id", "source_id", "publisher",
               "published_on", "url", "status", "as_published", "note"]
    return _in_reconciled_order(out, reconciled, "cargo_id", ["report_id"])[columns]


RULE_STEPS = ("evidence", "kind of source", "qualifier", "specificity", "recency", "report id")


def rule_example(reports: pd.DataFrame, reconciled: pd.DataFrame, sources: pd.DataFrame, grades: pd.DataFrame,
                 limit: int = 8) -> pd.DataFrame:
    """The reconciliation rule at work on the first `limit` cargoes of `reconciled` that have more
    than one account stating a quantity that counts: the chosen account, the next in line, and
    the first step of the rule that tells them apart.

    Columns: cargo_id, vessel, accounts (how many), chosen and runner_up (as published, with
    publisher and evidence: '45,142 t · Business Recorder · port or customs data'), decided_by
    (a RULE_STEPS name) and why ('port or customs data before press report').
    """
    several = reconciled[reconciled["n_quantities"].to_numpy(dtype=np.int64) > 1].head(limit)
    columns = ["cargo_id", "vessel", "accounts", "chosen", "runner_up", "decided_by", "why"]
    if several.empty:
        return pd.DataFrame(columns=columns)
    ranked = _counted_accounts(reports, several["cargo_id"], sources, grades, "cargo_id")
    ranked = _with_sources(ranked.drop(columns=["publisher"]), sources).assign(
        as_published=published_quantity(ranked["quantity"], ranked["unit"], ranked["qualifier"]))
    first = ranked[ranked["rank"] == 1].set_index("cargo_id")
    second = ranked[ranked["rank"] == 2].set_index("cargo_id")
    accounts = ranked.groupby("cargo_id").size()
    rows = []
    for cargo, vessel in zip(several["cargo_id"], several["vessel"]):  # a handful of cargoes, for the page
        a, b = first.loc[cargo], second.loc[cargo]
        step, why = _deciding_step(a, b)
        rows.append({"cargo_id": cargo, "vessel": vessel, "accounts": int(accounts[cargo]),
                     "chosen": _account_label(a), "runner_up": _account_label(b), "decided_by": step, "why": why})
    return pd.DataFrame(rows, columns=columns)


def _account_label(account: pd.Series) -> str:
    """'45,142 t · Business Recorder · port or customs data'."""
    evidence = EVIDENCE_WORDS.get(account["evidence"], "evidence not recorded")
    return f"{account['as_published']} · {account['publisher']} · {evidence}"


def _deciding_step(a: pd.Series, b: pd.Series) -> tuple[str, str]:
    """The first step of the rule that ranks account `a` before `b` (rows of `rank_reports`), and
    why, in words."""
    if a["_evidence"] != b["_evidence"]:
        return RULE_STEPS[0], f"{_words(EVIDENCE_WORDS, a['evidence'])} before {_words(EVIDENCE_WORDS, b['evidence'])}"
    if a["_kind"] != b["_kind"]:
        return RULE_STEPS[1], f"{a['source_kind']} source before {b['source_kind']}"
    if a["_qual"] != b["_qual"]:
        exact = {q: f"'{w.strip()}' figure" if w else "exact figure" for q, w in QUALIFIER_WORDS.items()}
        return RULE_STEPS[2], f"{_words(exact, a['qualifier'])} before {_words(exact, b['qualifier'])}"
    if a["_sig"] != b["_sig"]:
        return RULE_STEPS[3], f"{-a['_sig']:.0f} significant digits before {-b['_sig']:.0f}"
    newer, older = a["published_start"], b["published_start"]
    if pd.notna(newer) and (pd.isna(older) or newer != older):
        return RULE_STEPS[4], f"published {newer:%d %b %Y}, " + (
            "the other undated" if pd.isna(older) else f"after {older:%d %b %Y}")
    return RULE_STEPS[5], f"report {a['report_id']} before {b['report_id']}"


def _words(words: dict[str, str], value) -> str:
    return words.get(value, "not recorded") if pd.notna(value) else "not recorded"


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
    return _disagreeing(_dated(_regrouped(reports, group), column), group)


def _regrouped(reports: pd.DataFrame, group: str) -> pd.DataFrame:
    """The reports with `group` holding the id of the reconciled row each belongs to."""
    return reports.assign(**{group: account_groups(reports, group)})


def date_disagreements(reports: pd.DataFrame, reconciled: pd.DataFrame, sources: pd.DataFrame,
                       group: str, column: str) -> pd.DataFrame:
    """Every account giving a date in `column` (a partial date such as arrival_date or
    placed_on) for each `group` in `reconciled` whose accounts' periods do not all overlap.

    Columns: group, report_id, source_id, publisher, published_on, source_kind, url, `column`
    (as published), precision, date_label ('26 Jun 2023', 'Sep 2023'), chosen (the date the
    reconciled row kept, from reconciled[column]), note. Earliest date first within a group.
    """
    reports = _regrouped(reports, group)
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
    disputed rows whose accounts lie furthest apart for their size ((tonnes_max − tonnes_min)
    / tonnes), in the reconciled order, ties to the earlier row."""
    in_range, disputed, counts = _quantity_rows(reconciled, date_column, start, end)
    leading = disputed[:_filling(counts, limit)]
    spread = ((reconciled["tonnes_max"].to_numpy(dtype=float) - reconciled["tonnes_min"].to_numpy(dtype=float))
              / reconciled["tonnes"].to_numpy(dtype=float))[disputed]
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
