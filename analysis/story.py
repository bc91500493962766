"""The overview's opening sentence: what was ordered, what arrived and when, and what since,
for a date range, with the sources behind it. Built from the same figures as the headline cards
(`analysis.overview.headline`), so the two never disagree."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from analysis import formatting as fmt
from analysis.dataset import Corridor
from analysis.dates import parse_partial_dates
from analysis.overview import Headline, in_range, source_list
from analysis.timeline import date_label
from analysis.units import express, from_tonnes
from analysis.volume_views import on_the_water
from analysis.volumes import delivered_cargoes


@dataclass(frozen=True)
class Story:
    text: str  # one plain sentence, quantities in the display unit
    sources: str  # ';'-joined ids of the sources behind every figure in it


def _written(text: str) -> tuple[str, pd.Timestamp, str]:
    """A partial date as people write it ('11 Jun 2023', 'Nov 2023', '2023 Q4'), its last day
    and its precision."""
    parsed = parse_partial_dates(pd.Series([text], dtype="string"))
    return (date_label(parsed["start"], parsed["precision"]).iloc[0], parsed["end"].iloc[0],
            parsed["precision"].iloc[0])


def _on(text: str) -> str:
    """'on 11 Jun 2023' for a day, 'in Nov 2023' for a month, quarter or year."""
    written, _, precision = _written(text)
    return ("on " if precision == "day" else "in ") + written


def _span(first: str, last: str) -> str:
    """'on 11 Jun 2023', or 'between 11 Jun 2023 and Nov 2023' for two different dates."""
    return _on(first) if first == last else f"between {_written(first)[0]} and {_written(last)[0]}"


def _dated(frame: pd.DataFrame, start_column: str, text_column: str) -> tuple[str, str]:
    """The partial-date text of the earliest and of the latest row by `start_column`."""
    order = frame[start_column].to_numpy().argsort(kind="stable")
    return frame[text_column].iloc[order[0]], frame[text_column].iloc[order[-1]]


def _completion(figures: Headline) -> str:
    """', reported complete on 27 Jun 2023', ' (1 of them reported complete)' or ''."""
    if figures.complete_reported is not None:
        when = fmt.day(figures.complete_reported)
        return (f", reported complete on {when}" if figures.orders_stating_quantity == 1
                else f", all reported complete by {when}")
    return f" ({figures.orders_complete:,} of them reported complete)" if figures.orders_complete else ""


def _orders_clause(orders: pd.DataFrame, figures: Headline, unit: str) -> str:
    stated = orders["tonnes"].notna().to_numpy()
    clause = ""
    if stated.any():
        placed = _span(*_dated(orders[stated], "placed_start", "placed_on"))
        how_many = "" if stated.sum() == 1 else f"in {int(stated.sum()):,} orders placed "
        clause = (f"Pakistan ordered {fmt.quantity(from_tonnes(figures.ordered_t, unit), unit)} of Russian crude "
                  f"{how_many}{placed}{_completion(figures)}")
    unstated = int((~stated).sum())
    if unstated:
        placed = _span(*_dated(orders[~stated], "placed_start", "placed_on"))
        if clause:
            more = "another order" if unstated == 1 else f"{unstated:,} more orders"
            clause += f", and placed {more} with no quantity stated {placed}"
        else:
            some = "an order" if unstated == 1 else f"{unstated:,} orders"
            clause = f"Pakistan placed {some} for Russian crude with no quantity stated {placed}"
    return clause


def _arrivals_clause(arrived: pd.DataFrame, figures: Headline, unit: str, end: dt.date) -> str:
    quantity = fmt.quantity(express(figures.delivered_t, figures.delivered_barrels, unit), unit)
    first, last = _dated(arrived, "arrival_start", "arrival_date")
    if len(arrived) == 1:
        clause = f"1 cargo of {quantity} arrived {_on(first)}"
    else:
        clause = f"{len(arrived):,} cargoes, {quantity} in all, arrived {_span(first, last)}"
    if _written(last)[1] < pd.Timestamp(end):
        clause += f"; none is recorded after that, up to {fmt.day(end)}"
    return clause


def _nothing_arrived(before: pd.DataFrame) -> str:
    """' (the last cargo before that arrived in Nov 2023)', or '' when none did."""
    return "" if before.empty else f" (the last cargo before that arrived {_on(before['arrival_date'].iloc[0])})"


def _water_clause(afloat: pd.DataFrame) -> str | None:
    """'1 cargo left Ust-Luga 9 Nov 2023 with no report of its arrival (possibly C04, not
    confirmed)' (`on_the_water`): such a cargo may be one already counted, so it is not 'more'."""
    if afloat.empty:
        return None
    if len(afloat) == 1:
        match = afloat["possible_match"].iloc[0]
        maybe = "" if pd.isna(match) else f" (possibly {match}, not confirmed)"
        return f"1 cargo {afloat['position'].iloc[0]} with no report of its arrival{maybe}"
    return (f"{len(afloat):,} cargoes were reported loaded, the last {afloat['position'].iloc[-1]}, with no "
            "report of their arrival")


def story(data: Corridor, figures: Headline, start: dt.date, end: dt.date, unit: str = "t") -> Story:
    """The sentence for orders placed, cargoes arrived and cargoes loaded between start and end
    (`figures` is `headline(data, start, end)`), quantities in `unit` (t, bbl or m3). With no
    arrival in the range it names the last one before it; cargoes loaded but not reported
    arrived (`on_the_water`) count when their loading date is in the range."""
    orders = in_range(data.orders, "placed_start", start, end)
    columns = ["arrival_start", "arrival_date", "delivered", "tonnes", "sources"]
    arrived = delivered_cargoes(data.cargoes[columns], start, end)
    before = arrived.iloc[0:0]  # the last cargo that arrived before the range, when none arrived in it
    if arrived.empty:
        earlier = delivered_cargoes(data.cargoes[columns], None, pd.Timestamp(start) - pd.Timedelta(days=1))
        before = earlier.iloc[earlier["arrival_start"].to_numpy().argsort(kind="stable")[-1:]]
    afloat = on_the_water(data.cargoes, start, end)
    span = f"between {fmt.day(start)} and {fmt.day(end)}"
    if orders.empty and arrived.empty:
        clauses = [f"No order for Russian crude was placed and no cargo arrived {span}{_nothing_arrived(before)}"]
    elif orders.empty:
        clauses = [f"No order for Russian crude was placed {span}", _arrivals_clause(arrived, figures, unit, end)]
    elif arrived.empty:
        clauses = [_orders_clause(orders, figures, unit), f"no cargo arrived {span}{_nothing_arrived(before)}"]
    else:
        clauses = [_orders_clause(orders, figures, unit), _arrivals_clause(arrived, figures, unit, end)]
    text = "; ".join([*clauses, *filter(None, [_water_clause(afloat)])]) + "."
    ids = [figures.ordered_sources, figures.complete_sources, figures.delivered_sources,
           source_list(before["sources"]), source_list(afloat["sources"])]
    return Story(text, ";".join(sorted({i for part in ids for i in part.split(";") if i})))
