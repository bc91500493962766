"""Crude volumes: the order → cargo fulfilment ledger, period series, shares and targets.

All inputs are reconciled frames (`analysis.reconcile`); quantities are in tonnes unless a
column name says otherwise (barrels, bbl_per_day, share_pct).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.dates import days_inclusive, parse_partial_dates, period_label, period_start
from analysis.units import BARRELS_PER, DEFAULT_BARRELS_PER_TONNE, to_tonnes


def arrival_rows(cargoes: pd.DataFrame, start=None, end=None) -> slice | np.ndarray:
    """Row positions (for .iloc) of the cargoes whose arrival_start lies in [start, end]; either
    bound may be None.

    reconcile_cargoes leaves the rows in arrival order, missing dates last: after a vectorised
    check that they still are, the rows are found by binary search and taken as a slice, which
    copies nothing. Other frames are filtered row by row, with the same result.
    """
    arrival = cargoes["arrival_start"]
    dates = arrival.to_numpy()
    missing = np.isnat(dates)
    dated = len(dates) - int(missing.sum())
    if not missing[:dated].any() and (dates[1:dated] >= dates[:dated - 1]).all():
        first = 0 if start is None else int(arrival.iloc[:dated].searchsorted(pd.Timestamp(start), "left"))
        last = dated if end is None else int(arrival.iloc[:dated].searchsorted(pd.Timestamp(end), "right"))
        return slice(first, max(first, last))
    rows = ~missing
    if start is not None:
        rows &= dates >= np.datetime64(pd.Timestamp(start))
    if end is not None:
        rows &= dates <= np.datetime64(pd.Timestamp(end))
    return np.flatnonzero(rows)


def delivered_cargoes(cargoes: pd.DataFrame, start=None, end=None) -> pd.DataFrame:
    """Cargoes that arrived (or were discharged), optionally with arrival_start in [start, end]."""
    window = cargoes.iloc[arrival_rows(cargoes, start, end)]
    return window[(window["delivered"].astype(bool) & window["tonnes"].notna()).to_numpy(dtype=bool)]


def fulfilment_ledger(orders: pd.DataFrame, cargoes: pd.DataFrame) -> pd.DataFrame:
    """One row per order: ordered, delivered (chosen, min, max), outstanding, % delivered, days,
    and when the order was reported complete.

    delivered counts arrived cargoes linked to the order; outstanding = max(ordered − delivered, 0);
    pct_delivered is the chosen delivered over the chosen ordered, pct_min and pct_max the lowest
    and highest the accounts allow (lowest delivered over highest ordered, and the reverse);
    complete_reported and complete_source_id give the publication date and source of the first
    account saying a delivered cargo of the order completes it (NaT and <NA> when none does);
    days_to_first/last_arrival run from the order's placement date to the cargo arrival dates.
    """
    done = delivered_cargoes(cargoes[["order_id", "tonnes", "tonnes_min", "tonnes_max", "barrels",
                                      "arrival_start", "delivered", "completes_order_reported",
                                      "completes_order_source_id"]])  # copy only what is used
    per_order = done.groupby("order_id", sort=False).agg(  # cargoes without an order drop out
        delivered_t=("tonnes", "sum"), delivered_min_t=("tonnes_min", "sum"),
        delivered_max_t=("tonnes_max", "sum"), delivered_barrels=("barrels", "sum"),
        n_cargoes=("tonnes", "size"), first_arrival=("arrival_start", "min"),
        last_arrival=("arrival_start", "max"),
    )
    complete = done.dropna(subset=["order_id", "completes_order_reported"]).sort_values(
        ["completes_order_reported", "completes_order_source_id"]).drop_duplicates("order_id").set_index("order_id")
    per_order["complete_reported"] = complete["completes_order_reported"]
    per_order["complete_source_id"] = complete["completes_order_source_id"]
    out = orders[["order_id", "placed_on", "placed_start", "placed_precision", "buyer", "seller",
                  "channel", "tonnes", "tonnes_min", "tonnes_max", "conflict", "sources"]].rename(
        columns={"tonnes": "ordered_t", "tonnes_min": "ordered_min_t", "tonnes_max": "ordered_max_t",
                 "conflict": "ordered_conflict"}).set_index("order_id").join(per_order)
    for col in ("delivered_t", "delivered_min_t", "delivered_max_t", "delivered_barrels"):
        out[col] = out[col].fillna(0.0)
    out["n_cargoes"] = out["n_cargoes"].fillna(0).astype(int)
    out["outstanding_t"] = (out["ordered_t"] - out["delivered_t"]).clip(lower=0)
    out["pct_delivered"] = out["delivered_t"] / out["ordered_t"] * 100
    out["pct_min"] = out["delivered_min_t"] / out["ordered_max_t"] * 100
    out["pct_max"] = out["delivered_max_t"] / out["ordered_min_t"] * 100
    # Whole days as floats, NaN before any arrival, whether or not some order has none yet: the
    # dtype must not depend on the other orders (a refresh rebuilds only some of them).
    out["days_to_first_arrival"] = (out["first_arrival"] - out["placed_start"]).dt.days.astype("float64")
    out["days_to_last_arrival"] = (out["last_arrival"] - out["placed_start"]).dt.days.astype("float64")
    return out.reset_index()


def delivery_series(cargoes: pd.DataFrame, frequency: str = "month", basis: str = "calendar",
                    start=None, end=None) -> pd.DataFrame:
    """Delivered tonnes, barrels and cargo count per month, quarter or year (calendar or fiscal).

    A cargo counts in the period holding the first day of its arrival date; `approximate` counts
    cargoes whose arrival is known less precisely than the period. Empty periods between the
    first and last delivery are listed with zeros.
    """
    done = delivered_cargoes(cargoes[["tonnes", "tonnes_min", "tonnes_max", "barrels", "arrival_start",
                                      "arrival_precision", "delivered"]], start, end)
    columns = ["period_start", "period", "tonnes", "tonnes_min", "tonnes_max", "barrels",
               "cargoes", "approximate"]
    if done.empty:
        return pd.DataFrame(columns=columns)
    starts = period_start(done["arrival_start"], frequency, basis)
    coarse = {"month": ("quarter", "year"), "quarter": ("year",), "year": ()}[frequency]
    grouped = done.assign(period_start=starts.to_numpy(),
                          approx=done["arrival_precision"].isin(coarse)).groupby("period_start").agg(
        tonnes=("tonnes", "sum"), tonnes_min=("tonnes_min", "sum"), tonnes_max=("tonnes_max", "sum"),
        barrels=("barrels", "sum"), cargoes=("tonnes", "size"), approximate=("approx", "sum"))
    step = {"month": "MS", "quarter": "QS", "year": "12MS"}[frequency]
    full = pd.date_range(grouped.index.min(), grouped.index.max(), freq=step)
    out = grouped.reindex(full, fill_value=0).rename_axis("period_start").reset_index()
    out["period"] = period_label(out["period_start"], frequency, basis)
    out[["cargoes", "approximate"]] = out[["cargoes", "approximate"]].astype(int)
    return out[columns]


def cumulative_deliveries(cargoes: pd.DataFrame) -> pd.DataFrame:
    """Running totals of delivered tonnes (chosen, min, max) and barrels by arrival date."""
    done = delivered_cargoes(cargoes).sort_values(["arrival_start", "cargo_id"])
    out = done[["arrival_start", "cargo_id", "vessel", "tonnes", "barrels"]].copy()
    out["cumulative_t"] = done["tonnes"].cumsum()
    out["cumulative_min_t"] = done["tonnes_min"].cumsum()
    out["cumulative_max_t"] = done["tonnes_max"].cumsum()
    out["cumulative_barrels"] = done["barrels"].cumsum()
    return out.reset_index(drop=True)


def context_tonnes(context: pd.DataFrame) -> pd.DataFrame:
    """Import totals that measure a volume (value rows, in USD, are left out) with the length of
    their period in days and total_t, the total in tonnes.

    A rate in bbl/d is multiplied by the period's real length in days (366 for 2024); barrels
    become tonnes at the default crude factor, 7.33 bbl/t, which bbl_per_tonne records on the
    rows converted so (empty on rows published in tonnes).
    """
    ctx = context[context["unit"] != "USD"].copy()
    ctx["period_start"] = pd.to_datetime(ctx["period_start"])
    ctx["period_end"] = pd.to_datetime(ctx["period_end"])
    ctx["days"] = days_inclusive(ctx["period_start"], ctx["period_end"])
    rate = ctx["unit"].eq("bbl/d")
    quantity = ctx["quantity"].astype(float).where(~rate, ctx["quantity"].astype(float) * ctx["days"])
    unit = ctx["unit"].where(~rate, "bbl")
    ctx["total_t"] = to_tonnes(quantity, unit, DEFAULT_BARRELS_PER_TONNE)
    ctx["bbl_per_tonne"] = np.where(unit.isin(BARRELS_PER), DEFAULT_BARRELS_PER_TONNE, np.nan)
    return ctx


class PeriodSums:
    """Sums of values dated by `moments` over any periods [first, last] (datetime64, both days
    included): the moments are sorted once, then each period costs two binary searches, so a
    million moments against thousands of periods take well under a second."""

    def __init__(self, moments: np.ndarray, **values: np.ndarray):
        self.order = np.argsort(moments, kind="stable")
        self.moments = moments[self.order]
        self._running = {name: np.concatenate([[0.0], np.cumsum(np.asarray(v, dtype=float)[self.order])])
                         for name, v in values.items()}

    def bounds(self, first: np.ndarray, last: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each period, the position (in moment order) of its first moment and one past its last."""
        low = np.searchsorted(self.moments, first, side="left")
        return low, np.maximum(np.searchsorted(self.moments, last, side="right"), low)

    def __call__(self, first: np.ndarray, last: np.ndarray) -> dict[str, np.ndarray]:
        """Each value's sum over each period, and `count`, how many moments fall in it."""
        low, high = self.bounds(first, last)
        sums = {name: running[high] - running[low] for name, running in self._running.items()}
        return {"count": high - low, **sums}


def russia_share(cargoes: pd.DataFrame, context: pd.DataFrame) -> pd.DataFrame:
    """Russian delivered crude against each published import total over the total's own period.

    russian_t and russian_cargoes count the cargoes that arrived inside the period; share_pct is
    russian_t / total_t in percent, and empty where no cargo is recorded in the period: the
    share is then unknown, not zero. `measure` says whether the total is of crude or of all oil.
    """
    ctx = context_tonnes(context)
    done = delivered_cargoes(cargoes[["delivered", "arrival_start", "tonnes"]])
    arrived = PeriodSums(done["arrival_start"].to_numpy(), tonnes=done["tonnes"].to_numpy())(
        ctx["period_start"].to_numpy(), ctx["period_end"].to_numpy())
    ctx["russian_t"] = arrived["tonnes"]
    ctx["russian_cargoes"] = arrived["count"]
    ctx["share_pct"] = np.where(arrived["count"] > 0, arrived["tonnes"] / ctx["total_t"].to_numpy() * 100, np.nan)
    return ctx.sort_values(["period_start", "period_end", "context_id"], ignore_index=True)


def targets_vs_actuals(targets: pd.DataFrame, cargoes: pd.DataFrame,
                       context: pd.DataFrame) -> pd.DataFrame:
    """Each stated target beside what happened in the year after it was stated.

    The window runs from the statement date for one calendar year (365 or 366 days).
    import_rate: delivered barrels / days in the window (bbl/d); annual_volume: delivered tonnes in
    the window, in the target's unit; share_of_crude_imports: the share over the longest
    import-context period lying wholly inside the window (percent), where one exists.
    """
    out = targets.copy()
    out["window_start"] = parse_partial_dates(out["stated_on"])["start"]
    out["window_end"] = out["window_start"] + pd.DateOffset(years=1) - pd.Timedelta(days=1)
    out["window_days"] = days_inclusive(out["window_start"], out["window_end"])
    done = delivered_cargoes(cargoes)
    arrivals = done["arrival_start"].to_numpy()
    inside = (arrivals[None, :] >= out["window_start"].to_numpy()[:, None]) & (
        arrivals[None, :] <= out["window_end"].to_numpy()[:, None])
    tonnes_in = (inside * done["tonnes"].to_numpy()[None, :]).sum(axis=1)
    barrels_in = (inside * done["barrels"].to_numpy()[None, :]).sum(axis=1)
    out["delivered_t"] = tonnes_in
    actual = pd.Series(float("nan"), index=out.index)
    actual_basis = pd.Series("", index=out.index, dtype="string")
    rate = out["metric"].eq("import_rate")
    actual[rate] = barrels_in[rate.to_numpy()] / out.loc[rate, "window_days"]
    actual_basis[rate] = "average bbl/d over the year after the statement"
    volume = out["metric"].eq("annual_volume")
    per_t = out["unit"].map({"t/yr": 1.0, "Mt/yr": 1e6, "t": 1.0})
    actual[volume] = tonnes_in[volume.to_numpy()] / per_t[volume]
    actual_basis[volume] = "tonnes delivered in the year after the statement"
    shares = russia_share(cargoes, context)
    shares = shares[shares["measure"].eq("crude")]  # a total of all oil is no crude total
    for i in out.index[out["metric"].eq("share_of_crude_imports")]:
        match = shares[(shares["period_start"] >= out.at[i, "window_start"])
                       & (shares["period_end"] <= out.at[i, "window_end"])]
        if not match.empty:
            best = match.sort_values("days", ascending=False).iloc[0]
            actual[i] = best["share_pct"]
            actual_basis[i] = (f"share of crude imports {best['period_start']:%b %Y}–"
                               f"{best['period_end']:%b %Y} ({best['source_id']})")
    out["actual"] = actual
    out["actual_basis"] = actual_basis
    out["pct_of_target"] = out["actual"] / out["value"].astype(float) * 100
    return out

