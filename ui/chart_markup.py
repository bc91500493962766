"""Stored text in a plotly figure drawn as text, never as markup.

Plotly reads HTML-like tags in every text it draws (labels, tick labels, legend names, hover
text, titles, annotations): a stored name such as '<a href="...">' becomes a live link. Before a
figure is sent, `escaped` writes '&', '<' and '>' in every text in it as entities (which plotly
draws as those characters), keeping only the line breaks ('<br>') the app puts in to wrap
labels. Templates (`hovertemplate`, `texttemplate`) are the app's own code and keep their tags;
stored text reaches them only through the data they refer to (`%{text}`, `%{customdata[0]}`),
which is escaped here.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

KEPT = {"hovertemplate", "texttemplate", "template", "hovertemplatefallback", "texttemplatefallback"}


def as_chart_text(text: str) -> str:
    """`text` for plotly to draw as text, line breaks ('<br>') kept."""
    return "<br>".join(part.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                       for part in text.split("<br>"))


def _escaped_value(value):
    """`value` with each text escaped, or None when nothing in it needed escaping."""
    if isinstance(value, str):
        text = as_chart_text(value)
        return None if text == value else text
    if isinstance(value, np.ndarray):
        if value.dtype != object:
            return None
        flat = [_escaped_value(v) for v in value.ravel()]
        if all(v is None for v in flat):
            return None
        out = value.copy().ravel()
        for i, v in enumerate(flat):
            if v is not None:
                out[i] = v
        return out.reshape(value.shape)
    if isinstance(value, (list, tuple)):
        items = [_escaped_value(v) for v in value]
        if all(v is None for v in items):
            return None
        return type(value)(v if e is None else e for v, e in zip(value, items))
    return None


def _changes(props: dict, path: str = "") -> list[tuple[str, object]]:
    """(property path, escaped value) for every property of a plotly JSON dict whose text needed it."""
    found = []
    for name, value in props.items():
        if name in KEPT:
            continue
        here = f"{path}{name}"
        if isinstance(value, dict):
            found += _changes(value, here + ".")
        elif isinstance(value, (list, tuple)) and value and all(isinstance(v, dict) for v in value):
            for i, item in enumerate(value):  # annotations, shapes, dimensions...
                found += _changes(item, f"{here}[{i}].")
        else:
            escaped = _escaped_value(value)
            if escaped is not None:
                found.append((here, escaped))
    return found


def escaped(fig: go.Figure) -> go.Figure:
    """`fig` with every text in its traces and layout escaped (changed in place, and returned)."""
    for trace in fig.data:
        for path, value in _changes(trace.to_plotly_json()):
            trace[path] = value
    for path, value in _changes(fig.layout.to_plotly_json()):
        fig.layout[path] = value
    return fig
