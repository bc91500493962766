"""The text alternative of a plotly chart, read from the figure itself so it always says what the
chart draws (WCAG 2.1, 1.1.1): a short name for screen readers, a summary per series, and the
data as rows. Plain functions of the figure; ui.widgets.chart shows them."""
from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go

NOUNS = {"bar": "bar", "waterfall": "step", "heatmap": "cell", "scattergeo": "place"}  # else "point"
SERIES_NAMED = 6  # series a summary names before saying how many more


def _plain(text) -> str:
    """Text of a plotly title or label without its HTML line breaks and tags, its escaped angle
    brackets (ui.chart_markup) as they were stored."""
    return html.unescape(re.sub(r"<[^>]+>", " ", str(text or "")).replace("  ", " ").strip())


def _title(fig: go.Figure) -> str:
    return _plain(fig.layout.title.text) or "Chart"


def _axis_name(fig: go.Figure, axis: str, fallback: str) -> str:
    return _plain(fig.layout[axis].title.text) or fallback


def _drawn(fig: go.Figure) -> list:
    """The traces that carry data: not hidden, and not an unnamed decoration (a connecting line or
    a band edge that shows no hover text and no legend entry)."""
    return [t for t in fig.data
            if t.visible is not False and not (t.hoverinfo == "skip" and (t.showlegend is False or not t.name))]


def _name(trace, i: int) -> str:
    """The series' legend name, after its trace's `meta` when that is text (a page sets it to
    tell apart traces that share a legend entry, such as one per subplot)."""
    name = _plain(trace.name) or f"series {i + 1}"
    return f"{_plain(trace.meta)}: {name}" if isinstance(trace.meta, str) else name


def _cell(value) -> str | None:
    """One value as a reader would write it: dates without a midnight time, numbers rounded
    (whole above 100, else two decimals) with thousands separators."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        value = pd.Timestamp(value).isoformat()
    text = _plain(value)
    return re.sub(r"T00:00:00(\.0+)?$", "", text)


def _array(values, n: int) -> list:
    """A plotly attribute as a list of n items (a scalar repeated; None when unset)."""
    if values is None:
        return [None] * n
    if isinstance(values, (str, int, float)):
        return [values] * n
    return list(values)


def _numbers(values) -> np.ndarray:
    return pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce").to_numpy(dtype=float)


def _labels(trace, n: int) -> list:
    """Each point's label: its hover text where the trace has one per point (the fuller
    description), else its text; none where the trace has one text for all points."""
    for labels in (getattr(trace, "hovertext", None), trace.text):
        if labels is not None and not isinstance(labels, str):
            return list(labels)
    return [None] * n


def _trace_rows(trace, series: str, names: dict) -> list[dict]:
    """Rows for one trace, keyed by the column names in `names`."""
    kind = trace.type
    if kind == "heatmap":
        z = [list(row) for row in trace.z]
        xs, ys = _array(trace.x, len(z[0]) if z else 0), _array(trace.y, len(z))
        return [{"Series": series, names["x"]: _cell(xs[j]), names["y"]: _cell(ys[i]), "Value": _cell(z[i][j])}
                for i in range(len(z)) for j in range(len(z[i]))]
    if kind == "scattergeo":
        return [{"Series": series, "Latitude": _cell(lat), "Longitude": _cell(lon), "Label": _cell(text)}
                for lat, lon, text in zip(trace.lat, trace.lon, _labels(trace, len(trace.lat)))]
    horizontal = getattr(trace, "orientation", None) == "h"
    xs, ys = list(trace.x if trace.x is not None else []), list(trace.y if trace.y is not None else [])
    n = max(len(xs), len(ys))
    xs, ys = _array(xs or None, n), _array(ys or None, n)
    value_axis = xs if horizontal else ys
    base = getattr(trace, "base", None)
    if base is not None and not np.isnan(_numbers(_array(base, n))).any():  # a bar drawn from a base
        value_axis[:] = _numbers(_array(base, n)) + _numbers(value_axis)
    error = getattr(trace, "error_x" if horizontal else "error_y", None)  # a waterfall has none
    low = high = [None] * n
    if error is not None and error.array is not None:
        above = _numbers(_array(error.array, n))
        below = above if error.symmetric or error.arrayminus is None else _numbers(_array(error.arrayminus, n))
        values = _numbers(value_axis)
        low, high = values - below, values + above
    text = _labels(trace, n)
    return [{"Series": series, names["x"]: _cell(x), names["y"]: _cell(y), "Range low": _cell(lo),
             "Range high": _cell(hi), "Label": _cell(label)}
            for x, y, lo, hi, label in zip(xs, ys, low, high, text)]


def rows(fig: go.Figure) -> pd.DataFrame:
    """Every value the chart draws, one row per point, bar, step, cell or place, as text; a
    column is left out where no series fills it."""
    names = {"x": _axis_name(fig, "xaxis", "Horizontal axis"), "y": _axis_name(fig, "yaxis", "Vertical axis")}
    found = [row for i, trace in enumerate(_drawn(fig)) for row in _trace_rows(trace, _name(trace, i), names)]
    frame = pd.DataFrame(found, dtype="string")
    return frame.dropna(axis="columns", how="all") if len(frame) else pd.DataFrame({"Series": []}, dtype="string")


def _count(n: int, trace) -> str:
    noun = NOUNS.get(trace.type, "point")
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _series_summary(trace, series: str) -> str:
    table = pd.DataFrame(_trace_rows(trace, series, {"x": "x", "y": "y"}))
    if table.empty:
        return f"{series}: nothing drawn"
    count = _count(len(table), trace)
    if trace.type == "scattergeo":
        labels = table["Label"].dropna().tolist()
        return f"{series}: {count}" + (f": {', '.join(labels[:8])}" + (" and more" if len(labels) > 8 else "")
                                       if labels else "")
    heatmap = trace.type == "heatmap"
    horizontal = getattr(trace, "orientation", None) == "h"
    value, where = ("Value", "y") if heatmap else ("x", "y") if horizontal else ("y", "x")
    numbers = _numbers(table[value].str.replace(",", "", regex=False))
    if np.isnan(numbers).all():
        dates = table[where].dropna()
        dates = dates[dates.str.match(r"\d{4}-\d{2}")]
        return f"{series}: {count}" + (f", {dates.min()} to {dates.max()}" if len(dates) else "")
    low, high = int(np.nanargmin(numbers)), int(np.nanargmax(numbers))
    if heatmap:
        return f"{series}: {count}, highest {table[value][high]} at {table['y'][high]} · {table['x'][high]}"
    return (f"{series}: {count}, lowest {table[value][low]} ({table[where][low]}), "
            f"highest {table[value][high]} ({table[where][high]})")


def summary(fig: go.Figure) -> str:
    """A few sentences: the title, then each series with how many values and its extremes."""
    traces = _drawn(fig)
    parts = [_series_summary(t, _name(t, i)) for i, t in enumerate(traces[:SERIES_NAMED])]
    more = f" And {len(traces) - SERIES_NAMED} more series." if len(traces) > SERIES_NAMED else ""
    return f"{_title(fig)}.\n" + "\n".join(f"{p}." for p in parts) + more


def alt(fig: go.Figure) -> str:
    """A short accessible name: the title and the series drawn."""
    names = [_name(t, i) for i, t in enumerate(_drawn(fig))]
    listed = ", ".join(names[:SERIES_NAMED]) + (f" and {len(names) - SERIES_NAMED} more" if len(names) > SERIES_NAMED
                                                 else "")
    return f"Chart: {_title(fig)}. Series: {listed or 'none'}. Its data is listed in the text version below it."
