"""Reconciliation: many sources' accounts of one cargo (or order) become one row.

The rule, applied to every account that states a quantity:
1. the source's kind: official, then dataset, then news, then estimate;
2. the qualifier: an exact figure before one given as "about", "up to" or "at least";
3. specificity: more significant digits first (45,142 before 45,000);
4. recency: the most recently published source first;
5. the report id, so that the result never depends on row order.
The first account in that order gives the chosen quantity. Every other attribute (vessel, ports,
grade...) comes from the best-ranked account that states it; dates from the most precise one
(for an order's placement, the earliest of the most precise, as no report precedes the order).
The result keeps the range across accounts, the number of sources and a conflict flag.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.dates import PRECISIONS, parse_partial_dates
from analysis.units import DEFAULT_BARRELS_PER_TONNE, DEFAULT_FACTOR_BASIS, barrels_per_tonne, to_tonnes

KIND_RANK = {"official": 0, "dataset": 1, "news": 2, "estimate": 3}
QUALIFIER_RANK = {"exact": 0, "about": 1, "at_least": 2, "up_to": 2}
DELIVERED_STATUSES = ("arrived", "discharged")
STATUS_ORDER = ("loaded", "in_transit", "arrived", "discharged")
_PRECISION_RANK = {p: i for i, p in enumerate(PRECISIONS)}


def significant_digits(values) -> np.ndarray:
    """Significant digits of positive numbers (45142 → 5, 45000 → 2, 0.5 → 1); NaN stays NaN."""
    x = np.asarray(values, dtype=float)
    out = np.full(x.shape, np.nan)
    ok = np.isfinite(x) & (x > 0)
    scaled = np.round(x[ok] * 1e6).astype(np.int64)
    digits = np.floor(np.log10(scaled)).astype(int) + 1
    trailing = np.zeros(scaled.shape, dtype=int)
    still = np.ones(scaled.shape, dtype=bool)
    for k in range(1, 19):
        still &= scaled % (10 ** k) == 0
        trailing += still
    out[ok] = digits - trailing
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


def _factors_for(grade: pd.Series, factors: pd.DataFrame) -> pd.DataFrame:
    """bbl_per_tonne and factor_basis for each grade, the stated default where unknown."""
    lookup = factors.set_index("grade")
    out = pd.DataFrame(index=grade.index)
    out["bbl_per_tonne"] = grade.map(lookup["bbl_per_tonne"]).astype(float).fillna(DEFAULT_BARRELS_PER_TONNE)
    out["factor_basis"] = grade.map(lookup["factor_basis"]).astype("string").fillna(DEFAULT_FACTOR_BASIS)
    return out


def rank_reports(reports: pd.DataFrame, sources: pd.DataFrame, group: str,
                 factors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Reports with tonnes and ranking columns, sorted best first within each `group`."""
    src = sources.set_index("source_id")
    out = reports.copy()
    out["source_kind"] = out["source_id"].map(src["kind"])
    out["publisher"] = out["source_id"].map(src["publisher"])
    published = parse_partial_dates(out["source_id"].map(src["published_on"]))
    out["published_start"] = published["start"]
    grade = out["grade"] if "grade" in out else pd.Series(pd.NA, index=out.index, dtype="string")
    factor = _factors_for(grade, factors if factors is not None else grade_factors(_empty_grades()))
    out["tonnes"] = to_tonnes(out["quantity"].astype(float), out["unit"], factor["bbl_per_tonne"])
    out["_kind"] = out["source_kind"].map(KIND_RANK).fillna(len(KIND_RANK)).astype(int)
    out["_qual"] = out["qualifier"].map(QUALIFIER_RANK).fillna(len(QUALIFIER_RANK)).astype(int)
    out["_sig"] = -significant_digits(out["quantity"].astype(float))
    out["_has_q"] = out["tonnes"].isna()
    out = out.sort_values(
        [group, "_has_q", "_kind", "_qual", "_sig", "published_start", "report_id"],
        ascending=[True, True, True, True, True, False, True], na_position="last", kind="mergesort",
    )
    return out


def _empty_grades() -> pd.DataFrame:
    return pd.DataFrame({"grade": pd.Series(dtype="string"), "api_low": pd.Series(dtype=float),
                         "api_high": pd.Series(dtype=float)})


def _best_dates(ranked: pd.DataFrame, group: str, column: str, earliest: bool = False) -> pd.DataFrame:
    """For each group, the most precise date in `column`; among equally precise dates the
    better-ranked report's, or with `earliest` the earliest date."""
    parsed = parse_partial_dates(ranked[column])
    frame = pd.DataFrame({group: ranked[group], column: ranked[column], "start": parsed["start"],
                          "precision": parsed["precision"],
                          "_p": parsed["precision"].map(_PRECISION_RANK), "_order": np.arange(len(ranked))})
    order = [group, "_p", "start", "_order"] if earliest else [group, "_p", "_order"]
    frame = frame.dropna(subset=["start"]).sort_values(order, kind="mergesort")
    best = frame.drop_duplicates(group).set_index(group)
    prefix = column.removesuffix("_date").removesuffix("_on")
    return best[[column, "start", "precision"]].rename(columns={
        "start": f"{prefix}_start", "precision": f"{prefix}_precision"})


def _summarise(ranked: pd.DataFrame, group: str, attributes: list[str]) -> pd.DataFrame:
    grouped = ranked.groupby(group, sort=True)
    first = grouped[attributes].first()
    chosen = ranked.dropna(subset=["tonnes"]).drop_duplicates(group).set_index(group)
    stats = grouped.agg(
        tonnes_min=("tonnes", "min"), tonnes_max=("tonnes", "max"),
        n_sources=("source_id", "nunique"), n_reports=("report_id", "size"),
        n_quantities=("tonnes", "count"),
    )
    out = first.join(stats)
    out["tonnes"] = chosen["tonnes"]
    out["quantity_published"] = chosen["quantity"].astype(float)
    out["unit_published"] = chosen["unit"]
    out["qualifier"] = chosen["qualifier"]
    out["chosen_report_id"] = chosen["report_id"]
    out["chosen_source_id"] = chosen["source_id"]
    out["chosen_publisher"] = chosen["publisher"]
    out["sources"] = grouped["source_id"].agg(lambda s: ";".join(sorted(set(s))))
    distinct = ranked.dropna(subset=["tonnes"]).groupby(group)["tonnes"].nunique()
    out["conflict"] = distinct.reindex(out.index).fillna(0).gt(1)
    return out


def reconcile_cargoes(cargo_reports: pd.DataFrame, sources: pd.DataFrame,
                      grades: pd.DataFrame) -> pd.DataFrame:
    """One row per cargo: chosen tonnes, range, sources, conflict, barrels and dates.

    Columns include cargo_id, order_id, vessel, grade, ports, buyer, status (the most advanced
    any account gives), delivered (arrived or discharged), tonnes, tonnes_min, tonnes_max,
    n_sources, conflict, bbl_per_tonne, factor_basis, barrels, arrival_start, arrival_precision.
    """
    factors = grade_factors(grades)
    ranked = rank_reports(cargo_reports, sources, "cargo_id", factors)
    attributes = ["order_id", "vessel", "grade", "load_port", "transship_port", "discharge_port", "buyer"]
    out = _summarise(ranked, "cargo_id", attributes)
    status_rank = ranked["status"].map({s: i for i, s in enumerate(STATUS_ORDER)})
    out["status"] = status_rank.groupby(ranked["cargo_id"]).max().map(dict(enumerate(STATUS_ORDER)))
    out["delivered"] = out["status"].isin(DELIVERED_STATUSES)
    out = out.join(_best_dates(ranked, "cargo_id", "arrival_date")).join(
        _best_dates(ranked, "cargo_id", "load_date"))
    factor = _factors_for(out["grade"], factors)
    out["bbl_per_tonne"] = factor["bbl_per_tonne"]
    out["factor_basis"] = factor["factor_basis"]
    out["barrels"] = out["tonnes"] * out["bbl_per_tonne"]
    out["barrels_min"] = out["tonnes_min"] * out["bbl_per_tonne"]
    out["barrels_max"] = out["tonnes_max"] * out["bbl_per_tonne"]
    return out.reset_index().sort_values(["arrival_start", "cargo_id"], na_position="last",
                                         ignore_index=True)


def reconcile_orders(orders: pd.DataFrame, sources: pd.DataFrame, grades: pd.DataFrame) -> pd.DataFrame:
    """One row per order: chosen ordered tonnes, range, sources, conflict and placement date."""
    factors = grade_factors(grades)
    ranked = rank_reports(orders, sources, "order_id", factors)
    out = _summarise(ranked, "order_id", ["buyer", "seller", "grade", "channel"])
    out = out.join(_best_dates(ranked, "order_id", "placed_on", earliest=True))
    return out.reset_index().sort_values(["placed_start", "order_id"], ignore_index=True)
