"""Russia's share of Pakistan's imports, as the Crude volumes page shows it: per month, quarter or
year with the published total each share rests on, and over each published total.

A total counts crude alone or all oil (`import_context.measure`); a share over a total of all
oil says so. Where no cargo is recorded there is no share (not 0%), and what a source says of
Russian crude there without a quantity (`import_context.russian_crude_note`) is shown beside it.
Quantities are in the display `unit` ('t', 'bbl' or 'm3'): Russian cargoes at their own grade
factor, import totals at the default 7.33 bbl/t. Shares are worked out in tonnes, in percent.
Dates are pandas Timestamps; a period includes its first and its last day.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.dates import period_label, period_start
from analysis.formatting import id_list, percent, quantity, quantity_range, usd_millions
from analysis.timeline import date_label
from analysis.trade import period_names
from analysis.units import express, from_tonnes
from analysis.volumes import PeriodSums, context_tonnes, delivered_cargoes, russia_share

MEASURE_NAMES = {"crude": "crude oil imports", "all_oil": "all oil imports (crude and products, not split)"}
NO_CARGO = "no cargo recorded"
SAID_ARRIVED = " · a source says some arrived in a period that includes it"
NO_TOTAL = "no import total covers it"
_MONTHS = {"month": 1, "quarter": 3, "year": 12}
_DAY = np.timedelta64(1, "D")


def _published(value: float, unit: str) -> str:
    """A figure as its source gives it: '4,279,000 t', '2.395 Mt', '169,000 bbl/d'; values in
    US dollars as '$4.95bn'."""
    if unit == "USD":
        return usd_millions(value)
    return f"{value:,.0f} {unit}" if value == int(value) else f"{value:,} {unit}"


def _share(pct: pd.Series) -> pd.Series:
    """Shares as labels: '5.1%', and '<0.1%' for a share that would round to nothing."""
    return pct.map(percent).astype("string").mask((pct > 0) & (pct < 0.05), "<0.1%")


def _overlap(first_a: np.ndarray, last_a: np.ndarray, first_b: np.ndarray, last_b: np.ndarray) -> np.ndarray:
    """Days each period a shares with each period b (an a × b matrix; 0 where they do not meet)."""
    low = np.maximum(first_a[:, None], first_b[None, :])
    high = np.minimum(last_a[:, None], last_b[None, :])
    return np.clip((high - low) // _DAY + 1, 0, None).astype(int)


def _pick(valid: np.ndarray, *keys) -> np.ndarray:
    """For each row of the boolean matrix `valid`, the column that sorts first by `keys` (rows ×
    columns matrices or per-column vectors, most significant first) among its valid ones, then
    the earliest column; -1 where a row has none."""
    rows, cols = np.nonzero(valid)
    best = np.full(valid.shape[0], -1)
    if len(rows):
        flat = [np.broadcast_to(k, valid.shape)[rows, cols] for k in keys]
        order = np.lexsort((cols, *flat[::-1], rows))
        first = order[np.r_[True, rows[order][1:] != rows[order][:-1]]]
        best[rows[first]] = cols[first]
    return best


class _Arrivals:
    """The delivered cargoes, summed over any periods (whole periods: the view's range aside)."""

    def __init__(self, cargoes: pd.DataFrame, unit: str):
        done = delivered_cargoes(cargoes[["cargo_id", "delivered", "arrival_start", "tonnes", "barrels"]])
        self.sums = PeriodSums(done["arrival_start"].to_numpy(), tonnes=done["tonnes"].to_numpy(),
                               quantity=np.asarray(express(done["tonnes"], done["barrels"], unit), dtype=float))
        self.ids = done["cargo_id"].array

    def between(self, first: np.ndarray, last: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Tonnes, quantity in the unit and number of the cargoes arrived in each [first, last]."""
        sums = self.sums(first, last)
        return sums["tonnes"], sums["quantity"], sums["count"]

    def span(self, start, end) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """The first and last arrival between start and end, or None."""
        low, high = self.sums.bounds(np.array([pd.Timestamp(start)], dtype="datetime64[ns]"),
                                     np.array([pd.Timestamp(end)], dtype="datetime64[ns]"))
        return (self.sums.moments[low[0]], self.sums.moments[high[0] - 1]) if high[0] > low[0] else None

    def ids_in(self, first: np.ndarray, last: np.ndarray, shown: int) -> list[str]:
        """The ids of the cargoes arrived in each period ('' where none): the first `shown` of
        them and how many more."""
        low, high = self.sums.bounds(first, last)
        order = self.sums.order
        return [id_list(self.ids.take(order[a:min(b, a + shown)]), shown, total=b - a) for a, b in zip(low, high)]


def _statements(context: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Context rows whose source says something of Russian crude without a quantity: first, last
    (their period) and said ('Argus (S079) on 2024: Some Russian crude …')."""
    rows = context.dropna(subset=["russian_crude_note"]).merge(sources[["source_id", "publisher"]],
                                                               on="source_id", how="left")
    first, last = pd.to_datetime(rows["period_start"]), pd.to_datetime(rows["period_end"])
    said = (rows["publisher"].fillna("a source") + " (" + rows["source_id"] + ") on "
            + _named(first, last) + ": " + rows["russian_crude_note"])
    return pd.DataFrame({"first": first, "last": last, "said": said}).reset_index(drop=True)


def _said_in(first: np.ndarray, last: np.ndarray, statements: pd.DataFrame) -> np.ndarray:
    """For each period, what the statements overlapping it say, joined with ' | ' ('' if none)."""
    rows, cols = np.nonzero(_overlap(first, last, statements["first"].to_numpy(), statements["last"].to_numpy()))
    joined = pd.Series(statements["said"].to_numpy()[cols], dtype="string").groupby(rows).agg(" | ".join)
    return joined.reindex(range(len(first))).fillna("").to_numpy(dtype=object)


def _grid(arrivals: _Arrivals, statements: pd.DataFrame, frequency: str, basis: str,
          start, end) -> pd.DatetimeIndex:
    """First days of the periods from the first to the last between start and end that holds a
    delivery or part of a statement's period."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    said_first, said_last = statements["first"].clip(lower=start), statements["last"].clip(upper=end)
    meets = said_first <= said_last
    moments = [*(arrivals.span(start, end) or ()), *said_first[meets], *said_last[meets]]
    if not moments:
        return pd.DatetimeIndex([])
    first, last = period_start(pd.Series([min(moments), max(moments)]), frequency, basis)
    return pd.date_range(first, last, freq=f"{_MONTHS[frequency]}MS")


def _named(first: pd.Series, last: pd.Series) -> pd.Series:
    """Period names as analysis.trade.period_names gives them, and 'Dec 2023' for one whole month."""
    first, last = pd.Series(pd.to_datetime(first)), pd.Series(pd.to_datetime(last))
    month = first.dt.is_month_start & last.dt.is_month_end & first.dt.to_period("M").eq(last.dt.to_period("M"))
    return period_names(first, last).mask(month, first.dt.strftime("%b %Y"))


def _describe(totals: pd.DataFrame) -> pd.Series:
    """'crude oil imports, Jul 2023 – Dec 2023: 4,279,000 t (NNI via mshijazi.com, S057)'."""
    published = [_published(q, u) for q, u in zip(totals["quantity"].astype(float), totals["unit"])]
    return (totals["measure"].map(MEASURE_NAMES).fillna(totals["measure"]) + ", "
            + _named(totals["period_start"], totals["period_end"]) + ": "
            + pd.Series(published, index=totals.index, dtype="string") + " ("
            + totals["publisher"].fillna("publisher not recorded") + ", " + totals["source_id"] + ")")


def period_shares(cargoes: pd.DataFrame, context: pd.DataFrame, sources: pd.DataFrame, unit: str,
                  frequency: str, basis: str, start, end, ids_shown: int = 20) -> pd.DataFrame:
    """Russia's share of Pakistan's imports per month, quarter or year (calendar or fiscal), for
    the periods from the first to the last between start and end that hold a delivery or a
    statement on Russian crude. Periods are whole even where start or end cuts one.

    Each period rests on one published volume total that overlaps it: of crude where there is
    one, else of all oil; then the one covering most of the period; then the shortest. The
    share is the Russian crude that arrived in the days the two share (`covered`) over the total
    pro rata for those days (total × overlap_days / total_days: imports taken as even over the
    total's period); there is none where no cargo arrived in those days. A period no total
    overlaps names the nearest totals before and after it, and what their daily rates would
    make of its arrivals.

    Columns: period_start, period_end, period, days, russian, cargoes, cargo_ids, context_id,
    source_id, measure, total_period, total, total_days, overlap_days, coverage_pct, covered,
    outside (arrived in the days the total leaves out), share_pct, state ('share', NO_CARGO or
    NO_TOTAL), shown (a short label), rests_on, match, nearest, said.
    """
    statements = _statements(context, sources)
    arrivals = _Arrivals(cargoes, unit)
    starts = _grid(arrivals, statements, frequency, basis, start, end)
    ends = starts + pd.DateOffset(months=_MONTHS[frequency]) - pd.Timedelta(days=1)
    first, last = starts.to_numpy(), ends.to_numpy()
    russian_t, russian, count = arrivals.between(first, last)

    totals = context_tonnes(context).merge(sources[["source_id", "publisher"]], on="source_id", how="left")
    totals = totals.reset_index(drop=True)
    overlap = _overlap(first, last, totals["period_start"].to_numpy(), totals["period_end"].to_numpy())
    best = _pick(overlap > 0, totals["measure"].ne("crude").to_numpy(), -overlap, totals["days"].to_numpy())
    has = best >= 0
    chosen = totals.reindex(best).reset_index(drop=True)  # all empty where best is -1
    overlap_days = np.zeros(len(best), dtype=int)
    overlap_days[has] = overlap[np.flatnonzero(has), best[has]]
    covered_t, covered, covered_count = arrivals.between(np.maximum(first, chosen["period_start"].to_numpy()),
                                                         np.minimum(last, chosen["period_end"].to_numpy()))
    covered_t, covered, covered_count = (np.where(has, x, 0) for x in (covered_t, covered, covered_count))
    pro_rata_t = chosen["total_t"].to_numpy() * overlap_days / chosen["days"].to_numpy()
    days = (last - first) // _DAY + 1

    out = pd.DataFrame({
        "period_start": starts, "period_end": ends,
        "period": period_label(pd.Series(starts), frequency, basis).to_numpy(), "days": days,
        "russian": russian, "cargoes": count,
        "cargo_ids": arrivals.ids_in(first, last, ids_shown),
        "context_id": chosen["context_id"], "source_id": chosen["source_id"], "measure": chosen["measure"],
        "total_period": _named(chosen["period_start"], chosen["period_end"]).where(has),
        "total": from_tonnes(chosen["total_t"], unit), "total_days": chosen["days"],
        "overlap_days": overlap_days, "coverage_pct": overlap_days / days * 100,
        "covered": covered, "outside": russian - covered,
        "share_pct": np.where(covered_count > 0, covered_t / pro_rata_t * 100, np.nan),
        "state": np.select([~has, covered_count == 0], [NO_TOTAL, NO_CARGO], "share"),
        "rests_on": _describe(chosen[has]).reindex(chosen.index, fill_value=""),
        "said": _said_in(first, last, statements),
    })
    out["match"] = _match(out, unit)
    out["nearest"] = _nearest(out, totals, context, sources, unit, russian_t)
    out["shown"] = _shown(out)
    return out


def _match(out: pd.DataFrame, unit: str) -> list[str]:
    """How well each period's total fits it, in words."""
    texts = []
    for row in out.itertuples():  # one row per period shown
        if row.state == NO_TOTAL:
            texts.append("")
            continue
        if row.overlap_days == row.days == row.total_days:
            parts = ["the total covers exactly this period"]
        elif row.overlap_days == row.days:
            parts = ["the total covers the whole period"]
        else:
            parts = [f"the total covers {row.overlap_days} of the period's {row.days} days "
                     f"({percent(row.coverage_pct, 0)})"]
        if row.overlap_days < row.total_days:
            parts.append(f"pro rata for {row.overlap_days} of its {row.total_days:.0f} days")
        if row.outside > 0:
            parts.append(f"{quantity(row.outside, unit)} arrived in the days it leaves out, not in the share")
        texts.append("; ".join(parts))
    return texts


def _nearest(out: pd.DataFrame, totals: pd.DataFrame, context: pd.DataFrame, sources: pd.DataFrame,
             unit: str, russian_t: np.ndarray) -> list[str]:
    """For each period no volume total overlaps: the nearest totals before and after it (of crude
    first), the share their daily rates would give its arrivals, and any value total covering
    it; '' for the other periods."""
    first, last = out["period_start"].to_numpy(), out["period_end"].to_numpy()
    t_first, t_last = totals["period_start"].to_numpy(), totals["period_end"].to_numpy()
    not_crude = totals["measure"].ne("crude").to_numpy()
    middle = t_first + (t_last - t_first) / 2
    distance = np.abs(middle[None, :] - (first + (last - first) / 2)[:, None])
    before = _pick(t_last[None, :] < first[:, None], not_crude, first[:, None] - t_last[None, :], distance)
    after = _pick(t_first[None, :] > last[:, None], not_crude, t_first[None, :] - last[:, None], distance)
    described = _describe(totals).to_numpy()
    on_day = pd.Series("day", index=totals.index)
    began, ended = (date_label(totals[c], on_day).to_numpy() for c in ("period_start", "period_end"))
    rate = (totals["total_t"] / totals["days"]).to_numpy()
    values = context[context["unit"].eq("USD")].merge(sources[["source_id", "publisher"]], on="source_id", how="left")
    v_first, v_last = pd.to_datetime(values["period_start"]).to_numpy(), pd.to_datetime(values["period_end"]).to_numpy()
    valued = _overlap(first, last, v_first, v_last) > 0
    texts = []
    for i, row in enumerate(out.itertuples()):  # one row per period shown
        if row.state != NO_TOTAL:
            texts.append("")
            continue
        parts = []
        if before[i] >= 0:
            parts.append(f"Nearest before: {described[before[i]]}, ended {ended[before[i]]}.")
        if after[i] >= 0:
            parts.append(f"Nearest after: {described[after[i]]}, from {began[after[i]]}.")
        rates = [rate[j] for j in (before[i], after[i]) if j >= 0 and not not_crude[j]]  # crude rates only
        if not parts:
            parts.append("No total of imports is recorded before or after it.")
        if rates and russian_t[i] > 0:
            low, high = min(rates) * row.days, max(rates) * row.days
            held = quantity_range(from_tonnes(low, unit), from_tonnes(high, unit), unit)
            share = percent(russian_t[i] / high * 100) if low == high else (
                f"{russian_t[i] / high * 100:.1f}–{russian_t[i] / low * 100:.1f}%")
            parts.append(f"At their daily rates of crude imports its {row.days} days would hold about {held}; the "
                         f"{quantity(row.russian, unit)} that arrived would be about {share} of that "
                         "(an indication, not a published figure).")
        for j in np.flatnonzero(valued[i]):
            parts.append(f"Published for {_named(pd.Series([v_first[j]]), pd.Series([v_last[j]])).iloc[0]}: "
                         f"the value of {MEASURE_NAMES.get(values.at[j, 'measure'], values.at[j, 'measure'])}, "
                         f"{usd_millions(float(values.at[j, 'quantity']))} ({values.at[j, 'publisher']}, "
                         f"{values.at[j, 'source_id']}), not the volume.")
        texts.append(" ".join(parts))
    return texts


def _shown(out: pd.DataFrame) -> pd.Series:
    """The short label of each period: '5.1%', '1.1% of all oil', 'no cargo recorded · a source
    says some arrived in a period that includes it', 'no import total covers it'."""
    share = _share(out["share_pct"])
    share = share.mask(out["measure"].eq("all_oil"), share + " of all oil")
    none = pd.Series(NO_CARGO, index=out.index, dtype="string").mask(
        out["russian"] > 0, NO_CARGO + " in the days covered")
    shown = share.where(out["state"].eq("share"), none).mask(out["state"].eq(NO_TOTAL), NO_TOTAL)
    return shown.mask(out["state"].ne("share") & out["said"].ne(""), shown + SAID_ARRIVED)


def share_view(cargoes: pd.DataFrame, context: pd.DataFrame, sources: pd.DataFrame,
               unit: str, start, end, shares: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every published volume total overlapping start–end, with the Russian crude that arrived in
    its own period and the share of it (none where no cargo is recorded). `shares` is
    russia_share(cargoes, context), when already worked out.

    Columns: context_id, period, period_start, period_end, basis, measure (in words), published
    (the figure as published), days, in_tonnes (the total in tonnes and how it became so),
    imports and russian (in `unit`), russian_cargoes, share_pct, shown, said, source_id,
    publisher.
    """
    shares = russia_share(cargoes, context) if shares is None else shares
    rows = shares[(shares["period_end"] >= pd.Timestamp(start)) & (shares["period_start"] <= pd.Timestamp(end))]
    rows = rows.merge(sources[["source_id", "publisher"]], on="source_id", how="left")
    first, last = rows["period_start"].to_numpy(), rows["period_end"].to_numpy()
    in_tonnes = pd.Series([
        f"{t:,.0f} t" + (f" ({q:,.0f} bbl/d × {d} days = {q * d:,.0f} bbl, at {f:g} bbl/t)" if u == "bbl/d" else
                         f" (at {f:g} bbl/t)" if pd.notna(f) else "")
        for t, q, u, d, f in zip(rows["total_t"], rows["quantity"].astype(float), rows["unit"], rows["days"],
                                 rows["bbl_per_tonne"])], index=rows.index, dtype="string")
    published = pd.Series([_published(q, u) for q, u in zip(rows["quantity"].astype(float), rows["unit"])],
                          index=rows.index, dtype="string")
    said = pd.Series(_said_in(first, last, _statements(context, sources)), index=rows.index, dtype="string")
    recorded = rows["russian_cargoes"].gt(0)
    shown = _share(rows["share_pct"])
    shown = shown.mask(rows["measure"].eq("all_oil"), shown + " of all oil").where(recorded, NO_CARGO)
    return pd.DataFrame({
        "context_id": rows["context_id"], "period": _named(rows["period_start"], rows["period_end"]),
        "period_start": rows["period_start"], "period_end": rows["period_end"], "basis": rows["basis"],
        "measure": rows["measure"].map(MEASURE_NAMES).fillna(rows["measure"]), "published": published,
        "days": rows["days"], "in_tonnes": in_tonnes, "imports": from_tonnes(rows["total_t"], unit),
        "russian": _Arrivals(cargoes, unit).between(first, last)[1], "russian_cargoes": rows["russian_cargoes"],
        "share_pct": rows["share_pct"],
        "shown": shown.mask(~recorded & said.ne(""), NO_CARGO + SAID_ARRIVED),
        "said": said, "source_id": rows["source_id"], "publisher": rows["publisher"],
    }).reset_index(drop=True)
