"""What the Crude volumes page shows: the cargo ledger, series in the reader's unit, target
pace lines, Russia's share with its gaps, and targets against actuals.

`unit` is the display unit: 't' (tonnes), 'bbl' (barrels, from each cargo's grade factor, or
the default 7.33 bbl/t where there is no grade) or 'm3' (cubic metres, from the barrels).
Dates are pandas Timestamps; start and end bound the cargo arrival date, both included.
"""
from __future__ import annotations

import pandas as pd

from analysis.dates import PRECISIONS, parse_partial_dates, period_label, period_start
from analysis.formatting import percent
from analysis.overview import dated_events, in_range
from analysis.route import route_label
from analysis.trade import period_names
from analysis.units import express, from_tonnes
from analysis.volumes import (context_tonnes, cumulative_deliveries, delivered_cargoes,
                              delivery_series, russia_share, targets_vs_actuals)

KEY_EVENT_KINDS = ("order", "shipment", "suspension")
METRIC_LABELS = {"share_of_crude_imports": "Share of crude imports",
                 "import_rate": "Import rate", "annual_volume": "Annual volume"}
_RANGE = ("tonnes", "tonnes_min", "tonnes_max")
_BARRELS = ("barrels", "barrels_min", "barrels_max")


def expressed_as(cargoes: pd.DataFrame, unit: str) -> pd.DataFrame:
    """Cargoes whose tonnes, tonnes_min and tonnes_max hold the quantity in `unit` instead, so
    that the tonne-based sums of analysis.volumes come out in that unit, cargo by cargo."""
    out = cargoes.copy()
    for tonnes, barrels in zip(_RANGE, _BARRELS):
        out[tonnes] = express(cargoes[tonnes], cargoes[barrels], unit)
    return out


def _as_published(text: pd.Series, precision: pd.Series, missing: str) -> pd.Series:
    """'2023-06-11', '2023-10 (month)', or `missing` where no source gives the date."""
    coarse = precision.fillna("day") != "day"
    shown = text.astype("string").mask(coarse, text + " (" + precision + ")")
    return shown.fillna(missing)


def listed_cargoes(cargoes: pd.DataFrame, start, end) -> pd.DataFrame:
    """Cargoes that arrived between start and end, and cargoes not (yet) reported arrived
    whose loading date falls in that range."""
    arrived = cargoes["arrival_start"].between(pd.Timestamp(start), pd.Timestamp(end))
    pending = cargoes["arrival_start"].isna() & cargoes["load_start"].between(
        pd.Timestamp(start), pd.Timestamp(end))
    return cargoes[arrived | pending]


def cargo_ledger(cargoes: pd.DataFrame, unit: str, start, end) -> pd.DataFrame:
    """One row per reconciled cargo listed for the range (see `listed_cargoes`).

    quantity, low and high are in `unit`, rounded to whole units; low–high (and `range`, the
    same as text: '45,000–45,142') spans every source's account; conflict is True where the
    accounts disagree; bbl_per_tonne is the factor used for barrels and cubic metres.
    """
    rows = listed_cargoes(cargoes, start, end)
    shown = expressed_as(rows, unit)
    low, high = shown["tonnes_min"].round(0), shown["tonnes_max"].round(0)
    spread = [("—" if pd.isna(a) else f"{a:,.0f}" if a == b else f"{a:,.0f}–{b:,.0f}")
              for a, b in zip(low, high)]
    return pd.DataFrame({
        "cargo_id": rows["cargo_id"],
        "vessel": rows["vessel"].fillna("not named"),
        "grade": rows["grade"].fillna("not stated"),
        "route": route_label(rows),
        "loaded": _as_published(rows["load_date"], rows["load_precision"], "not reported"),
        "arrived": _as_published(rows["arrival_date"], rows["arrival_precision"], "not reported"),
        "status": rows["status"].str.replace("_", " "),
        "quantity": shown["tonnes"].round(0),
        "low": low,
        "high": high,
        "range": pd.Series(spread, index=rows.index, dtype="string"),
        "bbl_per_tonne": rows["bbl_per_tonne"],
        "n_sources": rows["n_sources"].astype(int),
        "sources": rows["sources"].str.replace(";", ", "),
        "chosen_source": rows["chosen_source_id"],
        "conflict": rows["conflict"].astype(bool),
    }).reset_index(drop=True)


def cumulative_in(cargoes: pd.DataFrame, unit: str, start, end) -> pd.DataFrame:
    """Running totals of cargoes arrived between start and end, in `unit`.

    Columns: arrival_start, cargo_id, vessel, quantity, cumulative, cumulative_min, cumulative_max.
    """
    done = cumulative_deliveries(delivered_cargoes(expressed_as(cargoes, unit), start, end))
    return done.rename(columns={"tonnes": "quantity", "cumulative_t": "cumulative",
                                "cumulative_min_t": "cumulative_min",
                                "cumulative_max_t": "cumulative_max"}).drop(
        columns=["barrels", "cumulative_barrels"])


def held_steps(cumulative: pd.DataFrame, origin, last) -> pd.DataFrame:
    """Running totals (from cumulative_in) as points of a step line: zero on `origin`, a step on
    each arrival, and the last total held until `last`. Columns: date, cumulative,
    cumulative_min, cumulative_max, label, arrival (True on the arrivals themselves)."""
    columns = ["cumulative", "cumulative_min", "cumulative_max"]
    if cumulative.empty:
        return pd.DataFrame(columns=["date", *columns, "label", "arrival"])
    steps = cumulative.assign(
        date=cumulative["arrival_start"], arrival=True,
        label=cumulative["vessel"].fillna("vessel not named") + " (" + cumulative["cargo_id"] + ")")
    start = pd.DataFrame({"date": [pd.Timestamp(origin)], **{c: [0.0] for c in columns},
                          "label": ["before the first arrival"], "arrival": [False]})
    held = steps.iloc[[-1]].assign(date=pd.Timestamp(last), label="no later cargo recorded", arrival=False)
    out = pd.concat([start, steps, held], ignore_index=True)
    return out[["date", *columns, "label", "arrival"]]


def ordered_in(ledger: pd.DataFrame, unit: str, start, end) -> pd.DataFrame:
    """Orders placed between start and end that state a quantity, with the running total in
    `unit` (barrels at the default 7.33 bbl/t: orders name no grade). Columns: placed_start,
    order_id, ordered, cumulative."""
    rows = in_range(ledger, "placed_start", start, end).dropna(subset=["ordered_t"])
    rows = rows.sort_values(["placed_start", "order_id"])
    ordered = from_tonnes(rows["ordered_t"], unit)
    return pd.DataFrame({"placed_start": rows["placed_start"], "order_id": rows["order_id"],
                         "ordered": ordered, "cumulative": ordered.cumsum()}).reset_index(drop=True)


def target_pace(targets: pd.DataFrame, cumulative: pd.DataFrame, unit: str, start, end) -> pd.DataFrame:
    """Where deliveries would stand had each annual-volume target been met, pro rata by day.

    Each line starts on the day the target was stated (or on `start`, if later) at the running
    total delivered by then (`cumulative`, from cumulative_in) and climbs by the target's yearly
    volume spread over the days of the year after the statement, reaching the full volume one
    year on (the window targets_vs_actuals uses); it stops at `end` if that comes first.
    Quantities in `unit` (barrels at the default 7.33 bbl/t). Long format: target_id, label,
    date, quantity.
    """
    rows = targets[targets["metric"].eq("annual_volume")]
    per_tonnes = rows["unit"].map({"t/yr": 1.0, "Mt/yr": 1e6})
    stated = parse_partial_dates(rows["stated_on"])["start"]
    pieces = []
    for i in rows.index[per_tonnes.notna() & stated.notna()]:
        year_on = stated[i] + pd.DateOffset(years=1)
        first, last = max(stated[i], pd.Timestamp(start)), min(year_on, pd.Timestamp(end))
        if first >= last:
            continue
        yearly = from_tonnes(rows.at[i, "value"] * per_tonnes[i], unit)
        arrived = cumulative[cumulative["arrival_start"] <= first]
        base = float(arrived["cumulative"].iloc[-1]) if not arrived.empty else 0.0
        label = f"{rows.at[i, 'value']:g} {rows.at[i, 'unit']} target stated {rows.at[i, 'stated_on']}, pro rata"
        pieces.append(pd.DataFrame({
            "target_id": rows.at[i, "target_id"], "label": label, "date": [first, last],
            "quantity": [base, base + yearly * (last - first).days / (year_on - stated[i]).days]}))
    if not pieces:
        return pd.DataFrame(columns=["target_id", "label", "date", "quantity"])
    return pd.concat(pieces, ignore_index=True)


def key_events(events: pd.DataFrame, start, end, kinds=KEY_EVENT_KINDS) -> pd.DataFrame:
    """Events of the given kinds dated between start and end, oldest first."""
    dated = in_range(dated_events(events), "occurred_start", start, end)
    return dated[dated["kind"].isin(kinds)].sort_values(["occurred_start", "event_id"], ignore_index=True)


def series_in(cargoes: pd.DataFrame, unit: str, frequency: str, basis: str, start, end) -> pd.DataFrame:
    """Deliveries per month, quarter or year (calendar or fiscal) in `unit`, with the range
    across sources as error-bar lengths (above, below). Columns: period_start, period,
    quantity, low, high, above, below, cargoes, approximate."""
    series = delivery_series(expressed_as(cargoes, unit), frequency, basis, start, end)
    out = series.rename(columns={"tonnes": "quantity", "tonnes_min": "low", "tonnes_max": "high"})
    out = out.drop(columns=["barrels"])
    out["above"] = out["high"] - out["quantity"]
    out["below"] = out["quantity"] - out["low"]
    return out[["period_start", "period", "quantity", "low", "high", "above", "below", "cargoes",
                "approximate"]]


def imprecise_arrivals(cargoes: pd.DataFrame, frequency: str, start, end) -> pd.DataFrame:
    """Delivered cargoes whose arrival date is known less precisely than a `frequency` period
    (e.g. only to the quarter, in a monthly series). Columns: cargo_id, arrival_date, precision."""
    done = delivered_cargoes(cargoes, start, end)
    rank = {p: i for i, p in enumerate(PRECISIONS)}
    coarser = done["arrival_precision"].map(rank) > rank[frequency]
    return done.loc[coarser, ["cargo_id", "arrival_date", "arrival_precision"]].rename(
        columns={"arrival_precision": "precision"}).reset_index(drop=True)


def share_view(cargoes: pd.DataFrame, context: pd.DataFrame, sources: pd.DataFrame,
               unit: str, start, end) -> pd.DataFrame:
    """Russia's share of Pakistan's crude imports for each import-context period overlapping
    start–end, with a period name, publisher, and both totals in `unit` (context figures and
    the share's Russian tonnes at the default 7.33 bbl/t). share_pct is percent."""
    shares = russia_share(cargoes, context)
    shares = shares[(shares["period_end"] >= pd.Timestamp(start)) & (shares["period_start"] <= pd.Timestamp(end))]
    out = shares.merge(sources[["source_id", "publisher"]], on="source_id", how="left")
    out["period"] = period_names(out["period_start"], out["period_end"])
    out["imports"] = from_tonnes(out["total_t"], unit)
    out["russian"] = from_tonnes(out["russian_t"], unit)
    return out[["context_id", "period", "period_start", "period_end", "basis", "quantity", "unit",
                "imports", "russian", "russian_cargoes", "share_pct", "source_id", "publisher"]]


def uncovered_arrivals(cargoes: pd.DataFrame, context: pd.DataFrame, unit: str, frequency: str,
                       basis: str, start, end) -> pd.DataFrame:
    """Periods (of the given frequency and basis) with deliveries between start and end that no
    import-context volume covers, so that no share can be given for them. Columns: period,
    cargoes (ids), quantity (in `unit`)."""
    ctx = context_tonnes(context)
    done = delivered_cargoes(expressed_as(cargoes, unit), start, end)
    arrivals = done["arrival_start"].to_numpy()
    covered = ((arrivals[:, None] >= ctx["period_start"].to_numpy()[None, :])
               & (arrivals[:, None] <= ctx["period_end"].to_numpy()[None, :])).any(axis=1)
    gaps = done[~covered]
    if gaps.empty:
        return pd.DataFrame(columns=["period", "cargoes", "quantity"])
    starts = period_start(gaps["arrival_start"], frequency, basis)
    grouped = gaps.assign(period_start=starts.to_numpy()).groupby("period_start").agg(
        cargoes=("cargo_id", ", ".join), quantity=("tonnes", "sum")).reset_index()
    grouped["period"] = period_label(grouped["period_start"], frequency, basis)
    return grouped[["period", "cargoes", "quantity"]]


def _stated(value: float, unit: str) -> str:
    """'35%', '100,000 bbl/d', '3.6 Mt/yr', '0.01 Mt/yr'; '—' where there is no value."""
    if pd.isna(value):
        return "—"
    if unit == "percent":
        return percent(value)
    number = f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{number} {unit}"


def targets_table(targets: pd.DataFrame, cargoes: pd.DataFrame, context: pd.DataFrame,
                  sources: pd.DataFrame, start, end) -> pd.DataFrame:
    """Targets whose one-year window overlaps start–end beside what happened, each in the unit
    the target was stated in (see analysis.volumes.targets_vs_actuals for the windows)."""
    rows = targets_vs_actuals(targets, cargoes, context)
    rows = rows[(rows["window_end"] >= pd.Timestamp(start)) & (rows["window_start"] <= pd.Timestamp(end))]
    rows = rows.merge(sources[["source_id", "publisher"]], on="source_id", how="left")
    return pd.DataFrame({
        "target_id": rows["target_id"],
        "stated_on": rows["stated_on"],
        "said_by": rows["publisher"] + " (" + rows["source_id"] + ")",
        "metric": rows["metric"].map(METRIC_LABELS).fillna(rows["metric"]),
        "target": [_stated(v, u) for v, u in zip(rows["value"], rows["unit"])],
        "actual": [_stated(v, u) for v, u in zip(rows["actual"], rows["unit"])],
        "pct_of_target": rows["pct_of_target"],
        "measured_as": rows["actual_basis"].replace("", "no comparable figure"),
        "window": (rows["window_start"].dt.strftime("%d %b %Y") + " – "
                   + rows["window_end"].dt.strftime("%d %b %Y")),
        "note": rows["note"],
    }).reset_index(drop=True)
