"""The Overview's computed views for one view of the filters, through the shared view cache.

The page draws them; the server's warm-up (ui/serve.py) computes them for the default view right
after loading the dataset, so the first reader of a large store does not wait for them. The
chart of ordered against delivered crude is among them, built and styled once per view (building
a plotly figure was a third of the server's time for each new reader).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from analysis.dataset import Corridor
from analysis.formatting import UNIT_LABELS, chart_labels
from analysis.overview import Headline, chart_window, headline, key_events, ordered_vs_delivered
from analysis.story import Story, story
from analysis.timeline import timeline
from analysis.units import express
from analysis.volume_views import on_the_water
from ui.cache import cached
from ui.colours import BLUE, GREY, VERMILLION
from ui.filters import Shared
from ui.widgets import styled


@dataclass(frozen=True)
class OverviewViews:
    figures: Headline
    told: Story
    afloat: pd.DataFrame  # cargoes loaded or on the water at the end of the view
    series: pd.DataFrame  # cumulative ordered and delivered, for the chart
    events: pd.DataFrame  # the timeline of the view, oldest first
    figure: go.Figure | None  # cumulative ordered and delivered, styled for ui.widgets.chart; None if empty


def _ordered_delivered(data: Corridor, series: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp,
                       unit: str) -> go.Figure:
    """The chart of cumulative crude ordered and delivered in `unit`, whiskers spanning the
    sources' lowest and highest figures, key events of its window marked above; styled (shared,
    read-only)."""
    window = chart_window(series, start, end)
    marked = key_events(data, *window)
    labels = chart_labels(series["label"], 90)
    fig = go.Figure()
    for name, colour, dash in (("Ordered", GREY, "dot"), ("Delivered", BLUE, "solid")):
        part = series[series["series"] == name]
        if part.empty:
            continue
        y = express(part["tonnes"], part["barrels"], unit)
        low = express(part["tonnes_min"], part["barrels_min"], unit)
        high = express(part["tonnes_max"], part["barrels_max"], unit)
        step = part["rows"] > 0  # not the point that only carries the line on to the end of the range
        fig.add_trace(go.Scatter(
            x=part["date"], y=y, mode="lines+markers", name=name, text=labels[part.index],
            line=dict(color=colour, shape="hv", width=3, dash=dash),
            marker=dict(size=step.map({True: 7, False: 0})),
            error_y=dict(type="data", array=(high - y).where(step, 0), arrayminus=(y - low).where(step, 0),
                         color=colour, thickness=1.5),
            customdata=list(zip(low, high)),
            hovertemplate="%{text}<br>%{x|%d %b %Y}: %{y:,.0f} (sources %{customdata[0]:,.0f}–%{customdata[1]:,.0f})"
                          "<extra>" + name + "</extra>"))
    if not marked.empty:
        top = express(series["tonnes_max"], series["barrels_max"], unit).max()
        fig.add_trace(go.Scatter(
            x=marked["occurred_start"], y=[top * 1.08] * len(marked), mode="markers",
            marker=dict(symbol="triangle-down", size=10, color=VERMILLION), name="Key events",
            text=chart_labels(marked["occurred_on"] + " · " + marked["title"], 90),
            hovertemplate="%{text}<extra></extra>"))
    fig.update_layout(title=f"Cumulative crude ordered and delivered ({UNIT_LABELS[unit]})", height=420,
                      yaxis_title=UNIT_LABELS[unit], xaxis_title="date", hovermode="closest", xaxis_range=list(window),
                      yaxis_rangemode="tozero", legend=dict(orientation="h", y=-0.2))
    return styled(fig)


def overview_views(data: Corridor, view: Shared) -> OverviewViews:
    """Every view the Overview shows for `view`, each computed once per dataset version."""
    figures = cached(data, headline, data, view.start, view.end)
    series = cached(data, ordered_vs_delivered, data, view.start, view.end)
    return OverviewViews(
        figures=figures,
        told=cached(data, story, data, figures, view.start, view.end, view.unit),
        afloat=cached(data, on_the_water, data.cargoes, view.start, view.end),
        series=series,
        events=cached(data, timeline, data["events"], data["sources"], data["sectors"], view.start, view.end),
        figure=None if series.empty else cached(data, _ordered_delivered, data, series, view.start, view.end,
                                                view.unit))
