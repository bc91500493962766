"""What the Crude volumes page shows: the cargo ledger, series in the reader's unit, target
pace lines and targets against actuals (Russia's share of imports: analysis.import_shares).

`unit` is the display unit: 't' (tonnes), 'bbl' (barrels, from each cargo's grade factor, or
the default 7.33 bbl/t where there is no grade) or 'm3' (cubic metres, from the barrels).
Dates are pandas Timestamps; start and end bound the cargo arrival date, both included.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.conflicts import QUALIFIER_WORDS
from analysis.dates import PRECISIONS, parse_partial_dates
from analysis.formatting import percent, quantity
from analysis.overview import CHART_POINTS, dated_events, in_range, label_with_count, source_list, thinned
from analysis.route import cargo_paths, route_label, unmapped_cargoes
from analysis.text_columns import is_in
from analysis.timeline import date_label
from analysis.units import express, from_tonnes
from analysis.volumes import (arrival_rows, cumulative_deliveries, delivered_cargoes, delivery_series,
                              targets_vs_actuals)

KEY_EVENT_KINDS = ("order", "shipment", "suspension")
METRIC_LABELS = {"share_of_crude_imports": "Share of crude imports",
                 "import_rate": "Import rate", "annual_volume": "Annual volume"}
TARGET_KIND_LABELS = {"target": "target", "plan": "plan", "under_consideration": "under consideration"}
_RANGE = ("tonnes", "tonnes_min", "tonnes_max")
_BARRELS = ("barrels", "barrels_min", "barrels_max")
_SUMMED = ["cargo_id", "vessel", "delivered", "arrival_start", "arrival_precision", *_RANGE, *_BARRELS]
AFLOAT_STATUSES = ("loaded", "in_transit")


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


def _listed(cargoes: pd.DataFrame, start, end) -> np.ndarray:
    """Row positions of the cargoes that arrived between start and end, then of those not (yet)
    reported arrived whose loading date falls in that range."""
    arrived = np.arange(len(cargoes))[arrival_rows(cargoes, start, end)]
    pending = cargoes["arrival_start"].isna().to_numpy() & cargoes["load_start"].between(
        pd.Timestamp(start), pd.Timestamp(end)).to_numpy()
    return np.concatenate([arrived, np.flatnonzero(pending)])


def _position(cargoes: pd.DataFrame) -> pd.Series:
    """Where and when each cargo reported loaded or in transit was last reported: 'left Ust-Luga
    9 Nov 2023', 'loaded at a port not named, date not reported'; <NA> for the others."""
    loaded = cargoes["status"].eq("loaded").fillna(False)
    port = cargoes["load_port"].fillna("a port not named").astype("string")
    when = (" " + date_label(cargoes["load_start"], cargoes["load_precision"])).fillna(", date not reported")
    text = pd.Series(np.where(loaded, "loaded at ", "left "), index=cargoes.index, dtype="string") + port + when
    return text.where(pd.Series(is_in(cargoes["status"], AFLOAT_STATUSES), index=cargoes.index))


def _link_text(cargoes: pd.DataFrame) -> pd.Series:
    """'confirmed', 'probable' (some accounts joined on a probable link), or for the cargo an
    unconfirmed account forms, 'possibly C04 (not confirmed)'."""
    possible = "possibly " + cargoes["possible_match"] + " (not confirmed)"
    return possible.fillna(cargoes["link"]).astype("string")


def on_the_water(cargoes: pd.DataFrame, start, end) -> pd.DataFrame:
    """Cargoes reported loaded or in transit, none of whose accounts reports them arrived, whose
    loading date falls between start and end (both included), in loading order.

    Columns: cargo_id, vessel, possible_match (the cargo it may be, where its link is not
    confirmed), tonnes, barrels and qualifier (the figure their loading and transit accounts
    give, as chosen by the rule), sources, and position ('left Ust-Luga 9 Nov 2023').
    """
    afloat = is_in(cargoes["status"], AFLOAT_STATUSES) & cargoes["load_start"].between(
        pd.Timestamp(start), pd.Timestamp(end)).to_numpy()
    rows = cargoes[afloat].sort_values(["load_start", "cargo_id"])
    out = rows[["cargo_id", "vessel", "possible_match", "tonnes", "barrels", "qualifier", "sources"]]
    return out.assign(position=_position(rows)).reset_index(drop=True)


def afloat_lines(afloat: pd.DataFrame, unit: str, limit: int = 3) -> str:
    """The first `limit` cargoes of `on_the_water`, one line each, then how many more: 'Clyde
    Noble (C04-CR014) left Ust-Luga 9 Nov 2023 with up to 105,000 t; may be C04'."""
    lines = []
    for row in afloat.head(limit).itertuples():
        vessel = "Vessel not named" if pd.isna(row.vessel) else row.vessel
        line = f"{vessel} ({row.cargo_id}) {row.position}"
        if pd.notna(row.tonnes):
            amount = quantity(float(express(row.tonnes, row.barrels, unit)), unit)
            line += f" with {QUALIFIER_WORDS.get(row.qualifier, '')}{amount}"
        if pd.notna(row.possible_match):
            line += f"; may be {row.possible_match}"
        lines.append(line)
    if len(afloat) > limit:
        lines.append(f"… and {len(afloat) - limit:,} more")
    return "\n".join(lines)


def listed_cargoes(cargoes: pd.DataFrame, start, end) -> pd.DataFrame:
    """Cargoes that arrived between start and end, then cargoes not (yet) reported arrived
    whose loading date falls in that range."""
    return cargoes.iloc[_listed(cargoes, start, end)]


def cargo_ledger(cargoes: pd.DataFrame, unit: str, start, end, limit: int | None = None) -> pd.DataFrame:
    """One row per reconciled cargo listed for the range (see `listed_cargoes`), the first
    `limit` of them when a limit is given.

    quantity, low and high are in `unit`, rounded to whole units; low–high (and `range`, the
    same as text: '45,000–45,142') spans the accounts that give the cargo's quantity (its
    arrival accounts once it arrived); conflict is True where they disagree; bbl_per_tonne is
    the factor used for barrels and cubic metres. link says how its accounts were joined
    ('confirmed', 'probable', or 'possibly C04 (not confirmed)' for an account that may describe
    another cargo: such a cargo is never counted as delivered); position, for a cargo not
    reported arrived, where and when it was last reported ('left Ust-Luga 9 Nov 2023').
    """
    rows = cargoes.iloc[_listed(cargoes, start, end)[:limit]]
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
        "position": _position(rows),
        "link": _link_text(rows),
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


@dataclass(frozen=True)
class Listing:
    """The cargoes listed for a date range (see `listed_cargoes`), sized for a page."""

    rows: pd.DataFrame  # the first `limit` of them (reconciled rows: pass them to cargo_ledger)
    total: int  # how many there are in all
    sources: str  # ';'-joined ids of every source behind them


def ledger_listing(cargoes: pd.DataFrame, start, end, limit: int = 1000) -> Listing:
    """The first `limit` cargoes listed between start and end, how many there are, and the
    sources behind them all."""
    listed = _listed(cargoes, start, end)
    return Listing(rows=cargoes.iloc[listed[:limit]], total=len(listed),
                   sources=source_list(cargoes["sources"].iloc[listed]))


@dataclass(frozen=True)
class Arrivals:
    """Cargoes delivered between start and end: how many, how much (the chosen figures summed,
    and the sums of the lowest and of the highest accounts, in tonnes and in barrels), how many
    of them the sources disagree on, and the ';'-joined ids of the sources behind each count."""

    cargoes: int
    tonnes: tuple[float, float, float]
    barrels: tuple[float, float, float]
    disputed: int
    sources: str
    disputed_sources: str

    def total(self, unit: str) -> tuple[float, float, float]:
        """The chosen, lowest and highest sums in `unit`."""
        return tuple(float(express(t, b, unit)) for t, b in zip(self.tonnes, self.barrels))


def arrivals(cargoes: pd.DataFrame, start, end) -> Arrivals:
    """The cargoes delivered (arrived or discharged) between start and end, summed up."""
    done = delivered_cargoes(cargoes[[*_SUMMED, "conflict", "sources"]], start, end)
    disputed = done["conflict"].to_numpy(dtype=bool)
    return Arrivals(cargoes=len(done), tonnes=tuple(float(done[c].sum()) for c in _RANGE),
                    barrels=tuple(float(done[c].sum()) for c in _BARRELS), disputed=int(disputed.sum()),
                    sources=source_list(done["sources"]), disputed_sources=source_list(done.loc[disputed, "sources"]))


@dataclass(frozen=True)
class Routes:
    """The routes of the cargoes listed for a date range (see `listed_cargoes`)."""

    paths: pd.DataFrame  # analysis.route.cargo_paths of them
    unmapped: pd.Series  # ids of those no path can be drawn for


def listed_routes(cargoes: pd.DataFrame, start, end) -> Routes:
    """The drawable routes of the cargoes listed between start and end, and those left out."""
    listed = cargoes[["cargo_id", "vessel", "load_port", "transship_port", "discharge_port"]].iloc[
        _listed(cargoes, start, end)]
    return Routes(paths=cargo_paths(listed), unmapped=unmapped_cargoes(listed))


def _by_arrival_and_id(cargoes: pd.DataFrame) -> bool:
    """Whether the rows run by arrival_start (none missing), then by cargo_id."""
    dates = cargoes["arrival_start"].to_numpy().view(np.int64)
    if cargoes["arrival_start"].isna().any() or (dates[1:] < dates[:-1]).any():
        return False
    tied = np.flatnonzero(dates[1:] == dates[:-1])
    ids = pa.array(cargoes["cargo_id"].astype("string"))
    return pc.all(pc.less(ids.take(tied), ids.take(tied + 1))).as_py() is True


def cumulative_in(cargoes: pd.DataFrame, unit: str, start, end) -> pd.DataFrame:
    """Running totals of cargoes arrived between start and end, in `unit`.

    Columns: arrival_start, cargo_id, vessel, quantity, cumulative, cumulative_min, cumulative_max.
    """
    done = expressed_as(delivered_cargoes(cargoes[_SUMMED], start, end), unit)
    if _by_arrival_and_id(done):  # as reconcile_cargoes leaves them: sort row numbers, not ids
        ids = done["cargo_id"].array
        done = cumulative_deliveries(done.assign(cargo_id=np.arange(len(done))))
        done["cargo_id"] = ids.take(done["cargo_id"].to_numpy())
    else:
        done = cumulative_deliveries(done)
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
    label = cumulative["vessel"].fillna("vessel not named") + " (" + cumulative["cargo_id"] + ")"
    if "rows" in cumulative:  # thinned: a step stands for several arrivals
        label = label_with_count(label, cumulative["rows"], "arrival")
    steps = cumulative.assign(date=cumulative["arrival_start"], arrival=True, label=label)
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


def target_figure(low, value, unit: str, qualifier: str) -> str:
    """A forward-looking figure as stated: '35.0%', '0.7–1 Mt/yr' (a range), 'up to 20,000 bbl/d'."""
    if pd.isna(low):
        return QUALIFIER_WORDS.get(qualifier, "") + _stated(value, unit)
    if unit == "percent":
        return f"{percent(low)}–{percent(value)}"
    return f"{_number(low)}–{_stated(value, unit)}"


def target_label(kind: str, figure: str, stated_on: str) -> str:
    """'Plan: 3.6 Mt/yr, stated 2023-10-24': what a line stands for, its kind first so that a
    plan is never read as a target."""
    return f"{TARGET_KIND_LABELS.get(kind, kind).capitalize()}: {figure}, stated {stated_on}"


def target_pace(targets: pd.DataFrame, cumulative: pd.DataFrame, unit: str, start, end) -> pd.DataFrame:
    """Where deliveries would stand had each annual-volume target, plan or deal under
    consideration been met, pro rata by day.

    Each line starts on the day the figure was stated (or on `start`, if later) at the running
    total delivered by then (`cumulative`, from cumulative_in) and climbs by the yearly volume
    spread over the days of the year after the statement, reaching the full volume one year on
    (the window targets_vs_actuals uses); it stops at `end` if that comes first. quantity climbs
    by the figure (the upper end of a range), quantity_low by the low end of the range (the
    figure itself where there is no range). Quantities in `unit` (barrels at the default 7.33
    bbl/t). Long format: target_id, kind, label, date, quantity, quantity_low.
    """
    rows = targets[targets["metric"].eq("annual_volume")]
    per_tonnes = rows["unit"].map({"t/yr": 1.0, "Mt/yr": 1e6})
    stated = parse_partial_dates(rows["stated_on"])["start"]
    pieces = []
    for i in rows.index[per_tonnes.notna() & stated.notna()]:  # one line per target: a handful
        year_on = stated[i] + pd.DateOffset(years=1)
        first, last = max(stated[i], pd.Timestamp(start)), min(year_on, pd.Timestamp(end))
        if first >= last:
            continue
        share_of_year = (last - first).days / (year_on - stated[i]).days
        row = rows.loc[i]
        low = row["value_low"] if pd.notna(row["value_low"]) else row["value"]
        arrived = int(cumulative["arrival_start"].searchsorted(first, side="right"))  # runs by arrival
        base = float(cumulative["cumulative"].iloc[arrived - 1]) if arrived else 0.0
        label = target_label(row["kind"], target_figure(row["value_low"], row["value"], row["unit"],
                                                        row["qualifier"]), row["stated_on"]) + ", pro rata"
        pieces.append(pd.DataFrame({
            "target_id": row["target_id"], "kind": row["kind"], "label": label, "date": [first, last],
            "quantity": [base, base + from_tonnes(row["value"] * per_tonnes[i], unit) * share_of_year],
            "quantity_low": [base, base + from_tonnes(low * per_tonnes[i], unit) * share_of_year]}))
    if not pieces:
        return pd.DataFrame(columns=["target_id", "kind", "label", "date", "quantity", "quantity_low"])
    return pd.concat(pieces, ignore_index=True)


def key_events(events: pd.DataFrame, start, end, kinds=KEY_EVENT_KINDS) -> pd.DataFrame:
    """Events of the given kinds dated between start and end, oldest first."""
    dated = in_range(dated_events(events), "occurred_start", start, end)
    return dated[dated["kind"].isin(kinds)].sort_values(["occurred_start", "event_id"], ignore_index=True)


@dataclass(frozen=True)
class Running:
    """What the chart of cumulative deliveries draws, quantities in `unit`; origin and last are
    the first and last dates of everything drawn (None when nothing arrived or was ordered)."""

    steps: pd.DataFrame  # held_steps of the thinned running totals of deliveries
    orders: pd.DataFrame  # ordered_in, thinned
    pace: pd.DataFrame  # target_pace, empty when the targets are not shown
    events: pd.DataFrame  # key_events
    origin: pd.Timestamp | None
    last: pd.Timestamp | None
    thinned: bool  # whether a line keeps fewer points than it has orders or arrivals


def running_totals(cargoes: pd.DataFrame, ledger: pd.DataFrame, targets: pd.DataFrame, events: pd.DataFrame,
                   unit: str, start, end, with_targets: bool = True, points: int = CHART_POINTS) -> Running:
    """Deliveries and orders between start and end as running totals in `unit`, each `thinned`
    to `points` rows, with the pace of the stated targets (if `with_targets`) and key events."""
    cumulative = cumulative_in(cargoes, unit, start, end)
    orders = ordered_in(ledger, unit, start, end)
    pace = target_pace(targets, cumulative, unit, start, end)
    pace = pace if with_targets else pace.iloc[0:0]
    marked = key_events(events, start, end)
    dates = [d for d in (cumulative["arrival_start"], orders["placed_start"], pace["date"], marked["occurred_start"])
             if len(d)]
    if cumulative.empty and orders.empty:
        return Running(held_steps(cumulative, None, None), orders, pace, marked, None, None, False)
    origin, last = min(d.min() for d in dates), max(d.max() for d in dates)
    return Running(held_steps(thinned(cumulative, "arrival_start", points), origin, last),
                   thinned(orders, "placed_start", points), pace, marked, origin, last,
                   max(len(cumulative), len(orders)) > points)


def series_in(cargoes: pd.DataFrame, unit: str, frequency: str, basis: str, start, end) -> pd.DataFrame:
    """Deliveries per month, quarter or year (calendar or fiscal) in `unit`, with the range
    across sources as error-bar lengths (above, below). Columns: period_start, period,
    quantity, low, high, above, below, cargoes, approximate."""
    series = delivery_series(expressed_as(cargoes[_SUMMED], unit), frequency, basis, start, end)
    out = series.rename(columns={"tonnes": "quantity", "tonnes_min": "low", "tonnes_max": "high"})
    out = out.drop(columns=["barrels"])
    out["above"] = out["high"] - out["quantity"]
    out["below"] = out["quantity"] - out["low"]
    return out[["period_start", "period", "quantity", "low", "high", "above", "below", "cargoes",
                "approximate"]]


def imprecise_arrivals(cargoes: pd.DataFrame, frequency: str, start, end) -> pd.DataFrame:
    """Delivered cargoes whose arrival date is known less precisely than a `frequency` period
    (e.g. only to the quarter, in a monthly series). Columns: cargo_id, arrival_date, precision."""
    done = delivered_cargoes(cargoes[["cargo_id", "arrival_date", "arrival_start", "arrival_precision", "tonnes",
                                      "delivered"]], start, end)
    coarser = done["arrival_precision"].isin(PRECISIONS[PRECISIONS.index(frequency) + 1:])
    return done.loc[coarser, ["cargo_id", "arrival_date", "arrival_precision"]].rename(
        columns={"arrival_precision": "precision"}).reset_index(drop=True)


def _number(value: float) -> str:
    """'100,000', '3.6', '0.01': whole from 100 up, else at most two decimals."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}".rstrip("0").rstrip(".")


def _stated(value: float, unit: str) -> str:
    """'35.0%', '100,000 bbl/d', '3.6 Mt/yr', '0.01 Mt/yr'; '—' where there is no value."""
    if pd.isna(value):
        return "—"
    if unit == "percent":
        return percent(value)
    return f"{_number(value)} {unit}"


def targets_table(targets: pd.DataFrame, cargoes: pd.DataFrame, context: pd.DataFrame,
                  sources: pd.DataFrame, start, end, actuals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Targets, plans and deals under consideration whose one-year window overlaps start–end
    beside what happened, each in the unit it was stated in (see
    analysis.volumes.targets_vs_actuals for the windows). kind is in words ('under
    consideration'); target is the figure as stated, a range or an 'up to' included; speaker,
    speaker_role and publisher (the outlet) are apart. `actuals` is
    targets_vs_actuals(targets, cargoes, context), when already worked out."""
    rows = targets_vs_actuals(targets, cargoes[_SUMMED], context) if actuals is None else actuals
    rows = rows[(rows["window_end"] >= pd.Timestamp(start)) & (rows["window_start"] <= pd.Timestamp(end))]
    rows = rows.merge(sources[["source_id", "publisher"]], on="source_id", how="left")
    return pd.DataFrame({
        "target_id": rows["target_id"],
        "kind": rows["kind"].map(TARGET_KIND_LABELS).fillna(rows["kind"]),
        "stated_on": rows["stated_on"],
        "speaker": rows["speaker"],
        "speaker_role": rows["speaker_role"],
        "publisher": rows["publisher"],
        "source_id": rows["source_id"],
        "metric": rows["metric"].map(METRIC_LABELS).fillna(rows["metric"]),
        "target": [target_figure(*row) for row in zip(rows["value_low"], rows["value"], rows["unit"],
                                                      rows["qualifier"])],
        "actual": [_stated(v, u) for v, u in zip(rows["actual"], rows["unit"])],
        "pct_of_target": rows["pct_of_target"],
        "measured_as": rows["actual_basis"].replace("", "no comparable figure"),
        "window": (rows["window_start"].dt.strftime("%d %b %Y") + " – "
                   + rows["window_end"].dt.strftime("%d %b %Y")),
        "note": rows["note"],
    }).reset_index(drop=True)
