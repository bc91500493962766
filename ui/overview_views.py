"""The Overview's computed views for one view of the filters, through the shared view cache.

The page draws them; the server's warm-up (ui/serve.py) computes them for the default view right
after loading the dataset, so the first reader of a large store does not wait for them.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.dataset import Corridor
from analysis.formatting import chart_labels
from analysis.overview import Headline, chart_window, headline, key_events, ordered_vs_delivered
from analysis.story import Story, story
from analysis.timeline import timeline
from analysis.volume_views import on_the_water
from ui.cache import cached
from ui.filters import Shared


@dataclass(frozen=True)
class OverviewViews:
    figures: Headline
    told: Story
    afloat: pd.DataFrame  # cargoes loaded or on the water at the end of the view
    series: pd.DataFrame  # cumulative ordered and delivered, for the chart
    series_labels: pd.Series  # the hover text of each point of `series`, same index
    window: tuple[pd.Timestamp, pd.Timestamp] | None  # the chart's date axis; None when it is empty
    marked: pd.DataFrame | None  # key events in the window; None when the chart is empty
    marked_labels: pd.Series | None  # the hover text of each key event, same index
    events: pd.DataFrame  # the timeline of the view, oldest first


def _point_labels(series: pd.DataFrame) -> pd.Series:
    return chart_labels(series["label"], 90)


def _event_labels(marked: pd.DataFrame) -> pd.Series:
    return chart_labels(marked["occurred_on"] + " · " + marked["title"], 90)


def overview_views(data: Corridor, view: Shared) -> OverviewViews:
    """Every view the Overview shows for `view`, each computed once per dataset version."""
    figures = cached(data, headline, data, view.start, view.end)
    series = cached(data, ordered_vs_delivered, data, view.start, view.end)
    window = None if series.empty else chart_window(series, view.start, view.end)
    marked = None if window is None else cached(data, key_events, data, *window)
    return OverviewViews(
        figures=figures,
        told=cached(data, story, data, figures, view.start, view.end, view.unit),
        afloat=cached(data, on_the_water, data.cargoes, view.start, view.end),
        series=series,
        series_labels=cached(data, _point_labels, series),
        window=window,
        marked=marked,
        marked_labels=None if marked is None else cached(data, _event_labels, marked),
        events=cached(data, timeline, data["events"], data["sources"], data["sectors"], view.start, view.end))
