"""Reconciliation: many sources' accounts of one cargo (or order) become one row.

Which accounts make one cargo: those sharing a cargo_id whose `link` to it is confirmed or
probable. An account whose link is unconfirmed becomes a cargo of its own, '<cargo_id>-<report_id>'
(C04-CR014), with `possible_match` naming the cargo it may be; it never counts as delivered, as it
may describe a cargo already counted.

Which accounts give a cargo's quantity: once any account reports the cargo arrived or discharged,
those arrival accounts only (a loading figure such as "up to 105,000 t" says what left port, not
what arrived); for a cargo not reported arrived, its loading and transit accounts.

The rule, applied to those accounts where they state a quantity (every account of an order):
1. evidence, what the figure rests on: port or customs data, then an official statement, then
   ship tracking, then press reporting (an outlet's own or unnamed sources, or a rewrite);
2. the source's kind: official, then dataset, then news, then estimate, so that a figure
   published by its own authority comes before a newspaper quoting it;
3. the qualifier: an exact figure before one given as "about", "up to" or "at least";
4. specificity: more significant digits first (45,142 before 45,000);
5. recency: the most recently published source first;
6. the report id, so that the result never depends on row order.
The first account in that order gives the chosen quantity; the range spans the same accounts.
Every other attribute (vessel, ports, grade...) comes from the best-ranked account that states
it, arrival accounts first; dates from the most precise one (for an order's placement, the
earliest of the most precise, as no report precedes the order). The result keeps the range
across accounts, the number of sources and a conflict flag.

Implementation note: a million reports reconcile in about half a second because nothing is
looked up or sorted value by value. Text columns become integer codes (each distinct source,
unit, grade or date is looked up once), the rule becomes one integer per report and a single
sort, and each per-cargo figure is a reduction over that cargo's reports in ranked order. Work
that pyarrow and numpy do without the GIL (factorising, copying text) runs on every core.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.dates import PRECISIONS, parse_partial_dates
from analysis.schema import EVIDENCE_KINDS, LINKS
from analysis.text_columns import positions
from analysis.units import DEFAULT_BARRELS_PER_TONNE, DEFAULT_FACTOR_BASIS, barrels_per_tonne, to_tonnes

EVIDENCE_RANK = {kind: i for i, kind in enumerate(EVIDENCE_KINDS)}
KIND_RANK = {"official": 0, "dataset": 1, "news": 2, "estimate": 3}
QUALIFIER_RANK = {"exact": 0, "about": 1, "at_least": 2, "up_to": 2}
DELIVERED_STATUSES = ("arrived", "discharged")
UNCONFIRMED = LINKS[-1]  # an account with this link forms a cargo of its own
STATUS_ORDER = ("loaded", "in_transit", "arrived", "discharged")
_PRECISION_RANK = {p: i for i, p in enumerate(PRECISIONS)}
_LAST = np.iinfo(np.int64).max


def significant_digits(values) -> np.ndarray:
    """Significant digits of positive numbers (45142 → 5, 45000 → 2, 0.5 → 1); NaN stays NaN."""
    x = np.asarray(values, dtype=float)
    out = np.full(x.shape, np.nan)
    ok = np.isfinite(x) & (x > 0)
    scaled = np.round(x[ok] * 1e6).astype(np.int64)
    digits = np.floor(np.log10(scaled)).astype(int) + 1
    trailing = np.zeros(scaled.shape, dtype=int)
    for k in (16, 8, 4, 2, 1):  # the largest power of ten dividing each value, bit by bit
        quotient, remainder = np.divmod(scaled, 10 ** k)
        divisible = remainder == 0
        trailing += k * divisible
        scaled = np.where(divisible, quotient, scaled)
    out[ok] = digits - np.minimum(trailing, 18)
    return out


def grade_factors(grades: pd.DataFrame) -> pd.DataFrame:
    """Barrels per tonne for each grade at the midpoint of its API range, with its basis."""
    api = (grades["api_low"].astype(float) + grades["api_high"].astype(float)) / 2
    return pd.DataFrame({
        "grade": grades["grade"].astype("string"),
        "api_gravity": api,
        "bbl_per_tonne": barrels_per_tonne(api.to_numpy()),
        "factor_basis": "API " + api.round(2).astype("string") + " (" + grades["grade"].astype("string") + ")",
    })


def _distinct(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Codes into the distinct values, missing last: f(values) equals f(distinct)[codes] for any
    element-wise f, and f runs once per distinct value."""
    codes, uniques = pd.factorize(values)
    missing = pd.Series([None], dtype=values.dtype)
    return codes, pd.concat([pd.Series(uniques, dtype=values.dtype), missing], ignore_index=True)


def _factor_table(distinct: pd.Series, factors: pd.DataFrame) -> pd.DataFrame:
    """bbl_per_tonne and factor_basis for distinct grades, the stated default where unknown."""
    lookup = factors.set_index("grade")
    return pd.DataFrame({
        "bbl_per_tonne": distinct.map(lookup["bbl_per_tonne"]).astype(float).fillna(DEFAULT_BARRELS_PER_TONNE),
        "factor_basis": distinct.map(lookup["factor_basis"]).astype("string").fillna(DEFAULT_FACTOR_BASIS),
    })


def _packed(values: pd.Series) -> np.ndarray | None:
    """The strings as integers that sort as they do: the UTF-8 bytes big-endian, then the length
    in the last byte. None unless every value is a string of at most 7 bytes."""
    try:
        array = pa.array(values)
    except (pa.ArrowException, TypeError, ValueError):
        return None
    if array.null_count or not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        return None
    array = array.cast(pa.large_string())
    if isinstance(array, pa.ChunkedArray):  # a column read in blocks
        array = array.combine_chunks()
    _, offsets, data = array.buffers()
    offsets = np.frombuffer(offsets, dtype=np.int64)[array.offset:array.offset + len(array) + 1]
    lengths = np.diff(offsets)
    if lengths.max(initial=0) > 7:
        return None
    data = np.frombuffer(data, dtype=np.uint8) if data is not None and data.size else np.zeros(1, np.uint8)
    packed = lengths.astype(np.uint64)
    for i in range(7):
        byte = np.where(lengths > i, data[np.minimum(offsets[:-1] + i, len(data) - 1)], 0)
        packed |= byte.astype(np.uint64) << np.uint64(8 * (7 - i))
    return packed


def _sorted_codes(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """pd.factorize(values, sort=True) as (codes, distinct values); fast for short ids."""
    packed = _packed(values)
    if packed is None:
        codes, distinct = pd.factorize(values, sort=True)
        return codes, pd.Series(distinct, dtype=values.dtype)
    order = np.argsort(packed)
    first = _leading(packed[order])
    codes = np.empty(len(packed), dtype=np.intp)
    codes[order] = np.cumsum(first) - 1
    return codes, pd.Series(values.array.take(order[first]), dtype=values.dtype)


def _groups(reports: pd.DataFrame, group: str) -> tuple[np.ndarray, pd.Series, pd.Series]:
    """(codes, ids, possible_match): each report's reconciled group as a code into `ids`, and for
    each group the `group` value it may match, <NA> but for the group of its own that an
    unconfirmed account forms ('C04-CR014' may match 'C04'). Ids run by `group` value; within
    one, the joined accounts' group comes first, then the unconfirmed accounts' by report id."""
    codes, keys = _sorted_codes(reports[group])
    missing = pd.Series(pd.NA, index=range(len(keys)), dtype=keys.dtype)
    if "link" not in reports:
        return codes, keys, missing
    alone = reports["link"].eq(UNCONFIRMED).to_numpy(dtype=bool, na_value=False) & (codes >= 0)
    if not alone.any():
        return codes, keys, missing
    joined = (codes >= 0) & ~alone
    has_joined = np.bincount(codes[joined], minlength=len(keys)) > 0
    own = np.flatnonzero(alone)
    report, _ = pd.factorize(reports["report_id"].take(own), sort=True)
    own = own[np.lexsort((report, codes[own]))]  # by group value, then report id
    key = codes[own]
    sizes = has_joined + np.bincount(key, minlength=len(keys))
    offset = np.cumsum(sizes) - sizes
    position = np.arange(len(own))
    within = position - np.maximum.accumulate(np.where(_leading(key), position, 0))  # rank among the key's own
    out = codes.astype(np.intp)
    out[joined] = offset[codes[joined]]
    out[own] = offset[key] + has_joined[key] + within
    own_ids = own_cargo_ids(pd.Series(keys.array.take(key), dtype=keys.dtype),
                            pd.Series(reports["report_id"].take(own).array, dtype=keys.dtype))
    source = np.repeat(np.arange(len(keys)), sizes)  # each group's id: its key's, or its own account's
    source[out[own]] = len(keys) + position
    ids = pd.Series(pd.concat([keys, own_ids], ignore_index=True).array.take(source), dtype=keys.dtype)
    matched = np.full(len(source), -1)
    matched[out[own]] = key
    return out, ids, pd.Series(keys.array.take(matched, allow_fill=True), dtype=keys.dtype)


def account_groups(reports: pd.DataFrame, group: str) -> pd.Series:
    """For each report, the id of the reconciled row it belongs to: its `group` value (cargo_id
    or order_id), or for a cargo report whose link is unconfirmed, the cargo of its own it forms
    ('C04-CR014')."""
    ids = reports[group]
    if "link" not in reports:
        return ids
    alone = reports["link"].eq(UNCONFIRMED).to_numpy(dtype=bool, na_value=False) & ids.notna().to_numpy()
    if not alone.any():
        return ids
    ids = ids.copy()
    ids[alone] = own_cargo_ids(ids[alone], reports["report_id"][alone])
    return ids


def own_cargo_ids(cargo_ids: pd.Series, report_ids: pd.Series) -> pd.Series:
    """The id of the cargo an unconfirmed account forms on its own: 'C04' and 'CR014' give
    'C04-CR014'."""
    return cargo_ids + "-" + report_ids


def _ranks(values: pd.Series, rank: dict[str, int]) -> np.ndarray:
    """Each text value's rank as `rank` gives it, len(rank) where missing or not in `rank`."""
    table = np.array([*rank.values(), len(rank)])
    return table[positions(values, pd.Series(list(rank), dtype="string"))]


def _threads() -> ThreadPoolExecutor:
    """One worker per core, for the factorising, sorting and copying that pyarrow and numpy do
    without holding the GIL."""
    return ThreadPoolExecutor(max_workers=os.cpu_count() or 1)


def _sort_key(ranks: list[tuple[np.ndarray, int]]) -> np.ndarray:
    """One integer per row that sorts as the rows do by several keys, each given as (rank,
    number of ranks), most significant first."""
    key, span = np.zeros(len(ranks[0][0]), dtype=np.int64), 1
    for rank, count in ranks:
        if span * count >= 2 ** 63:
            key, span = _dense(key)
        key, span = key * count + rank, span * count
    return key


def _dense(values: np.ndarray) -> tuple[np.ndarray, int]:
    """Each value's rank among the distinct values (0, 1, ...) and the number of distinct values."""
    distinct, rank = np.unique(values, return_inverse=True)
    return rank.reshape(-1), len(distinct)


class _Ranked:
    """Reports ranked by the rule within each group, left in their own row order: `order` lists
    the rows best first within each group, groups in key order, rows without a group last.
    `distinct` holds (codes, distinct values) of the text columns (source_id, grade, qualifier,
    status where there is one, and those named in `text`), so that each distinct value is looked
    up once. `counted` marks the reports whose quantity counts for their group: the
    arrival accounts of a group that has one, else all."""

    def __init__(self, reports: pd.DataFrame, sources: pd.DataFrame, group: str,
                 factors: pd.DataFrame | None, pool: ThreadPoolExecutor, text: tuple[str, ...] = ()):
        self.reports = reports
        self.quantity = reports["quantity"].astype(float)
        grade = reports["grade"] if "grade" in reports else pd.Series(pd.NA, index=reports.index, dtype="string")
        columns = {"source_id": reports["source_id"], "grade": grade, "qualifier": reports["qualifier"]}
        columns |= {name: reports[name] for name in ("status", *text) if name in reports}
        groups = pool.submit(_groups, reports, group)
        sig = pool.submit(significant_digits, self.quantity)
        evidence = pool.submit(_ranks, reports["evidence"], EVIDENCE_RANK)
        self.distinct = dict(zip(columns, pool.map(_distinct, columns.values())))
        self.code, self.keys, self.possible_match = groups.result()
        self.sig = -sig.result()
        src = sources.set_index("source_id")
        self.source_code, self.source_ids = self.distinct["source_id"]
        self.source_kind = self.source_ids.map(src["kind"])
        self.publisher = self.source_ids.map(src["publisher"])
        self.published = parse_partial_dates(self.source_ids.map(src["published_on"]))["start"]
        self.grade_code, grades = self.distinct["grade"]
        self.factor_table = _factor_table(grades, factors if factors is not None else grade_factors(_empty_grades()))
        bbl = pd.Series(self.factor_table["bbl_per_tonne"].to_numpy()[self.grade_code], index=reports.index)
        self.tonnes = to_tonnes(self.quantity, reports["unit"], bbl)
        self.evidence = evidence.result()
        kind = self.source_kind.map(KIND_RANK).fillna(len(KIND_RANK)).astype(int).to_numpy()
        self.kind = kind[self.source_code]
        qualifier_code, qualifiers = self.distinct["qualifier"]
        self.qual = _ranks(qualifiers, QUALIFIER_RANK)[qualifier_code]
        self.no_quantity = self.tonnes.isna().to_numpy()
        self.arrival = np.zeros(len(reports), dtype=bool)
        if "status" in self.distinct:
            status_code, statuses = self.distinct["status"]
            self.arrival = statuses.isin(DELIVERED_STATUSES).to_numpy()[status_code]

        self.n_groups = len(self.keys)
        published = self.published.to_numpy().view(np.int64)
        newest = _dense(np.where(self.published.isna().to_numpy(), _LAST, -published))
        sig, sig_values = pd.factorize(self.sig, sort=True)
        key = _sort_key([  # missing values last
            (np.where(self.code < 0, self.n_groups, self.code), self.n_groups + 1),
            ((~self.arrival).astype(np.int64), 2), (self.no_quantity.astype(np.int64), 2),
            (self.evidence, len(EVIDENCE_RANK) + 1), (self.kind, len(KIND_RANK) + 1),
            (self.qual, len(QUALIFIER_RANK) + 1),
            (np.where(sig < 0, len(sig_values), sig), len(sig_values) + 1),
            (newest[0][self.source_code], newest[1]),
        ])
        self.order = self._break_ties(np.argsort(key), key)
        sizes = np.bincount(self.code[self.code >= 0], minlength=self.n_groups)
        self.grouped = self.order[:sizes.sum()]
        self.starts = np.cumsum(sizes) - sizes
        self.group_of = np.repeat(np.arange(self.n_groups), sizes)
        # Arrival accounts rank first, so a group has one if and only if its first report is one.
        arrived = np.zeros(self.n_groups + 1, dtype=bool)  # the last for rows without a group
        arrived[:-1] = self.arrival[self.grouped[self.starts]]
        self.counted = self.arrival | ~arrived[self.code]

    def _break_ties(self, order: np.ndarray, key: np.ndarray) -> np.ndarray:
        """Rows with equal keys ordered by report id (missing last), then by row."""
        ranked = key[order]
        same = ranked[1:] == ranked[:-1]
        if not same.any():
            return order
        tied = np.flatnonzero(np.r_[same, False] | np.r_[False, same])
        run = np.cumsum(np.r_[True, ~same])[tied]
        rows = order[tied]
        report, _ = pd.factorize(self.reports["report_id"].take(rows), sort=True)
        report = np.where(report < 0, len(tied), report)
        order[tied] = rows[np.lexsort((rows, report, run))]
        return order

    def column(self, name: str, rows: np.ndarray) -> tuple[pd.Series, np.ndarray]:
        """(values, positions) giving column `name` at `rows` (missing where -1), taken from the
        distinct values where they are known."""
        if name not in self.distinct:
            return self.reports[name], rows
        codes, values = self.distinct[name]
        return values, np.where(rows >= 0, codes[rows], -1)

    def first_value(self, name: str) -> tuple[pd.Series, np.ndarray]:
        """(values, positions) of column `name` at each group's best-ranked row that states it."""
        return self.column(name, self.first(self.reports[name].notna().to_numpy()))

    def first(self, mask) -> np.ndarray:
        """For each group, the best-ranked row where `mask` holds (row order), else -1."""
        at = np.flatnonzero(np.asarray(mask)[self.grouped])
        group = self.group_of[at]
        leading = _leading(group)
        out = np.full(self.n_groups, -1)
        out[group[leading]] = self.grouped[at[leading]]
        return out

    def reduce(self, ufunc: np.ufunc, in_order: np.ndarray) -> np.ndarray:
        """ufunc.reduce over each group's values, given in ranked order (`values[grouped]`)."""
        if self.n_groups == 0:
            return np.empty(0, dtype=in_order.dtype)
        return ufunc.reduceat(in_order, self.starts)


def rank_reports(reports: pd.DataFrame, sources: pd.DataFrame, group: str,
                 factors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Reports with tonnes and ranking columns, sorted best first within each `group`.

    `group` holds the id of the reconciled row each report belongs to (see `account_groups`),
    `possible_match` the cargo an unconfirmed account may describe, and `counted` whether the
    report's quantity counts for its row (see the module docstring)."""
    with _threads() as pool:
        ranked = _Ranked(reports, sources, group, factors, pool)
    out = reports.copy()
    out[group] = _at(ranked.keys, ranked.code, out.index)
    out["possible_match"] = _at(ranked.possible_match, ranked.code, out.index)
    out["counted"] = ranked.counted
    out["source_kind"] = _at(ranked.source_kind, ranked.source_code, out.index)
    out["publisher"] = _at(ranked.publisher, ranked.source_code, out.index)
    out["published_start"] = _at(ranked.published, ranked.source_code, out.index)
    out["tonnes"] = ranked.tonnes
    out["_evidence"] = ranked.evidence
    out["_kind"] = ranked.kind
    out["_qual"] = ranked.qual
    out["_sig"] = ranked.sig
    out["_no_quantity"] = ranked.no_quantity
    return out.take(ranked.order)


def _at(values: pd.Series, rows: np.ndarray, index=None) -> pd.Series:
    """values at positions `rows`, missing where a row is -1."""
    return pd.Series(values.array.take(rows, allow_fill=True), index=index)


def _leading(values: np.ndarray) -> np.ndarray:
    """True where a value differs from the one before it (and at the first)."""
    out = np.ones(len(values), dtype=bool)
    out[1:] = values[1:] != values[:-1]
    return out


def _empty_grades() -> pd.DataFrame:
    return pd.DataFrame({"grade": pd.Series(dtype="string"), "api_low": pd.Series(dtype=float),
                         "api_high": pd.Series(dtype=float)})


def _size_dtype(column: pd.Series):
    """The dtype pandas gives group sizes of this column (Int64 for a "string" column)."""
    return column.iloc[:0].groupby(np.empty(0, dtype=int)).size().dtype


def _best_dates(ranked: _Ranked, column: str, earliest: bool = False) -> dict[str, tuple]:
    """For each group, the most precise date in `column`; among equally precise dates the
    better-ranked report's, or with `earliest` the earliest date. Columns as (values, rows)."""
    code, distinct = ranked.distinct[column]
    parsed = parse_partial_dates(distinct)
    precision = parsed["precision"].map(_PRECISION_RANK).to_numpy(dtype=float)[code][ranked.grouped]
    at = np.flatnonzero(~np.isnan(precision))  # ranked positions holding a date
    group = ranked.group_of[at]
    if earliest:
        start, count = _dense(parsed["start"].to_numpy().view(np.int64))
        best = np.argsort(_sort_key([(group, ranked.n_groups), (precision[at].astype(np.int64), len(PRECISIONS)),
                                     (start[code[ranked.grouped[at]]], count), (at, len(precision))]))
        at, group = at[best], group[best]
        leading = np.flatnonzero(_leading(group))
        best = at[leading]
    else:
        leading = np.flatnonzero(_leading(group))
        key = precision[at].astype(np.int64) * len(precision) + at
        best = np.minimum.reduceat(key, leading) % len(precision) if len(at) else at
    rows = np.full(ranked.n_groups, -1)
    rows[group[leading]] = ranked.grouped[best]
    date = np.where(rows >= 0, code[rows], -1)
    prefix = column.removesuffix("_date").removesuffix("_on")
    return {column: (distinct, date), f"{prefix}_start": (parsed["start"], date),
            f"{prefix}_precision": (parsed["precision"], date)}


def _first_published(ranked: _Ranked, mask: np.ndarray) -> np.ndarray:
    """For each group, the report where `mask` holds whose source was published first (undated
    sources last, ties to the better-ranked report), else -1."""
    at = np.flatnonzero(mask[ranked.grouped])  # ranked positions
    rows = ranked.grouped[at]
    published = np.where(ranked.published.isna().to_numpy(), _LAST, ranked.published.to_numpy().view(np.int64))
    group = ranked.group_of[at]
    order = np.lexsort((at, published[ranked.source_code[rows]], group))
    leading = _leading(group[order])
    out = np.full(ranked.n_groups, -1)
    out[group[order][leading]] = rows[order][leading]
    return out


def _source_lists(ranked: _Ranked) -> tuple[np.ndarray, pd.Series]:
    """For each group, the number of distinct sources and their ids sorted, joined with ";"."""
    names = ranked.source_ids.iloc[:-1]
    alphabetical = np.argsort(names.to_numpy(dtype=object))
    rank = np.empty(len(names), dtype=np.int64)
    rank[alphabetical] = np.arange(len(names))
    source = ranked.source_code[ranked.grouped]
    known = source >= 0
    width = max(len(names), 1)
    pair = np.sort(ranked.group_of[known] * width + rank[source[known]], kind="stable")
    group, source = np.divmod(pair[_leading(pair)], width)
    counts = np.bincount(group, minlength=ranked.n_groups)
    ids = pa.array(names.take(alphabetical[source]).array, type=pa.large_string())
    lists = pa.LargeListArray.from_arrays(pa.array(np.r_[0, np.cumsum(counts)], type=pa.int64()), ids)
    return counts, pd.Series(pd.array(pc.binary_join(lists, pa.scalar(";", pa.large_string())), dtype=names.dtype))


def _summarise(ranked: _Ranked, group: str, attributes: list[str],
               pool: ThreadPoolExecutor) -> dict[str, object]:
    """The columns every reconciled frame has, one value per group in key order: arrays, or
    (values, rows) pairs that `_frame` takes from once the final row order is known."""
    reports = ranked.reports
    firsts = pool.map(ranked.first_value, attributes)
    source_lists = pool.submit(_source_lists, ranked)
    tonnes = np.where(ranked.counted, ranked.tonnes.to_numpy(), np.nan)
    in_order = tonnes[ranked.grouped]
    chosen = ranked.first(~np.isnan(tonnes))
    keys = pd.Series(pd.Index(ranked.keys.array))  # typed as pandas types a group-by's keys
    out: dict[str, object] = {group: (keys, np.arange(ranked.n_groups)), **dict(zip(attributes, firsts))}
    out["possible_match"] = (ranked.possible_match, np.arange(ranked.n_groups))
    out["tonnes_min"] = ranked.reduce(np.fmin, in_order)
    out["tonnes_max"] = ranked.reduce(np.fmax, in_order)
    out["n_sources"], sources = source_lists.result()
    sizes = np.diff(np.r_[ranked.starts, len(ranked.grouped)])
    out["n_reports"] = pd.array(sizes, dtype=_size_dtype(reports["report_id"]))
    out["n_quantities"] = ranked.reduce(np.add, (~np.isnan(in_order)).astype(np.int64))
    out["tonnes"] = np.where(chosen >= 0, tonnes[chosen], np.nan)
    out["quantity_published"] = np.where(chosen >= 0, ranked.quantity.to_numpy()[chosen], np.nan)
    out["unit_published"] = (reports["unit"], chosen)
    out["qualifier"] = ranked.column("qualifier", chosen)
    out["chosen_report_id"] = (reports["report_id"], chosen)
    out["chosen_source_id"] = ranked.column("source_id", chosen)
    out["chosen_evidence"] = (reports["evidence"], chosen)
    out["chosen_publisher"] = (ranked.publisher, np.where(chosen >= 0, ranked.source_code[chosen], -1))
    out["sources"] = (sources, np.arange(ranked.n_groups))
    out["conflict"] = out["tonnes_max"] > out["tonnes_min"]
    return out


def _frame(columns: dict[str, object], order: np.ndarray, pool: ThreadPoolExecutor) -> pd.DataFrame:
    """The columns as a frame, rows in `order`."""
    def take(part):
        if not isinstance(part, tuple):
            return part[order]
        values, rows = part
        return pd.Series(values.array.take(rows[order], allow_fill=True), dtype=values.dtype, copy=False)

    return pd.DataFrame(dict(zip(columns, pool.map(take, columns.values()))))


def _final_order(dates: dict[str, tuple], column: str) -> np.ndarray:
    """Groups by the start of their best date (missing last), then by key."""
    values, rows = dates[column]
    start = np.where(rows >= 0, values.to_numpy().view(np.int64)[rows], _LAST)
    rank, _ = _dense(start)
    return np.argsort(rank * len(rows) + np.arange(len(rows)))


def reconcile_cargoes(cargo_reports: pd.DataFrame, sources: pd.DataFrame,
                      grades: pd.DataFrame) -> pd.DataFrame:
    """One row per cargo: chosen tonnes, range, sources, conflict, barrels and dates.

    Columns include cargo_id, possible_match (for the cargo an unconfirmed account forms, the
    cargo it may be), link (the weakest link of its accounts: confirmed, probable or
    unconfirmed), order_id, vessel, grade, ports, buyer, status (the most advanced any account
    gives), delivered (arrived or discharged, and not a possible match of another cargo), tonnes,
    tonnes_min, tonnes_max (from the arrival accounts once there is one), chosen_evidence,
    n_sources, conflict, bbl_per_tonne, factor_basis, barrels, arrival_start, arrival_precision,
    load_start, and completes_order_reported and completes_order_source_id (the publication date
    and source of the first account saying the cargo completes its order).
    """
    factors = grade_factors(grades)
    attributes = ["order_id", "vessel", "grade", "load_port", "transship_port", "discharge_port", "buyer"]
    with _threads() as pool:
        ranked = _Ranked(cargo_reports, sources, "cargo_id", factors, pool, ("arrival_date", "load_date"))
        dates = pool.map(partial(_best_dates, ranked), ("arrival_date", "load_date"))
        columns = _summarise(ranked, "cargo_id", attributes, pool)
        status_code, statuses = ranked.distinct["status"]
        status_rank = statuses.map({s: i for i, s in enumerate(STATUS_ORDER)}).to_numpy(dtype=float)
        columns["status"] = ranked.reduce(np.fmax, status_rank[status_code[ranked.grouped]])
        columns["delivered"] = columns["status"]  # replaced below, once the status is named
        link = _ranks(cargo_reports["link"], {name: i for i, name in enumerate(LINKS)})
        columns["link"] = (pd.Series([*LINKS, None], dtype="string"), ranked.reduce(np.maximum, link[ranked.grouped]))
        completes = cargo_reports["completes_order"].eq("yes").to_numpy(dtype=bool, na_value=False)
        first = _first_published(ranked, completes)
        columns["completes_order_reported"] = (ranked.published, np.where(first >= 0, ranked.source_code[first], -1))
        columns["completes_order_source_id"] = ranked.column("source_id", first)
        arrival, load = dates
        columns |= arrival | load
        factor = columns["grade"][1] % len(ranked.factor_table)  # the missing grade's factor is last
        bbl = ranked.factor_table["bbl_per_tonne"].to_numpy()[factor]
        columns["bbl_per_tonne"] = bbl
        columns["factor_basis"] = (ranked.factor_table["factor_basis"], factor)
        columns["barrels"] = columns["tonnes"] * bbl
        columns["barrels_min"] = columns["tonnes_min"] * bbl
        columns["barrels_max"] = columns["tonnes_max"] * bbl
        out = _frame(columns, _final_order(arrival, "arrival_start"), pool)
    out["status"] = out["status"].map(dict(enumerate(STATUS_ORDER)))
    out["delivered"] = out["status"].isin(DELIVERED_STATUSES) & out["possible_match"].isna()
    return out


def reconcile_orders(orders: pd.DataFrame, sources: pd.DataFrame, grades: pd.DataFrame) -> pd.DataFrame:
    """One row per order: chosen ordered tonnes, range, sources, conflict and placement date."""
    factors = grade_factors(grades)
    with _threads() as pool:
        ranked = _Ranked(orders, sources, "order_id", factors, pool, ("placed_on",))
        columns = _summarise(ranked, "order_id", ["buyer", "seller", "grade", "channel"], pool)
        placed = _best_dates(ranked, "placed_on", earliest=True)
        return _frame(columns | placed, _final_order(placed, "placed_start"), pool)
