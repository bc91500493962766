"""Stored text in a chart is drawn as text, never as markup: ui.chart_markup escapes every text of
a figure (labels, categories, legend names, hover data, titles, annotations) and leaves the app's
own templates and line breaks alone."""
from __future__ import annotations

import html
import json

import pandas as pd
import plotly.graph_objects as go
from hypothesis import given, strategies as st

from ui.chart_markup import as_chart_text, escaped

LINK = '<a href="https://example.org/x">Gazprom</a>'


def test_every_text_of_a_figure_is_escaped_and_templates_are_kept():
    names = pd.Series([LINK, "<b>Sui</b> & Co", "Plain"], dtype="string")
    fig = go.Figure(go.Bar(x=names, y=[1, 2, 3], name=LINK, text=names, customdata=pd.DataFrame({"a": names}),
                           hovertemplate="<b>%{x}</b><br>%{customdata[0]}<extra></extra>"))
    fig.add_trace(go.Treemap(labels=names, parents=["", LINK, LINK], ids=names))
    fig.update_layout(title=f"Trade with {LINK}<br>second line", annotations=[dict(text=LINK, x=0, y=0)],
                      xaxis=dict(categoryarray=names.tolist(), categoryorder="array"))
    sent = json.loads(escaped(fig).to_json())
    bar, treemap, layout = sent["data"][0], sent["data"][1], sent["layout"]
    gone = "&lt;a href=\"https://example.org/x\"&gt;Gazprom&lt;/a&gt;"
    assert bar["x"] == bar["text"] == [gone, "&lt;b&gt;Sui&lt;/b&gt; &amp; Co", "Plain"]
    assert bar["name"] == gone and [row[0] for row in bar["customdata"]] == bar["x"]
    assert bar["hovertemplate"] == "<b>%{x}</b><br>%{customdata[0]}<extra></extra>"
    assert treemap["labels"] == treemap["ids"] == bar["x"] and treemap["parents"] == ["", gone, gone]
    assert layout["title"]["text"] == f"Trade with {gone}<br>second line"
    assert layout["annotations"][0]["text"] == gone and layout["xaxis"]["categoryarray"] == bar["x"]
    texts = json.dumps({k: v for k, v in sent.items() if k != "layout"} | {"layout": {
        k: v for k, v in layout.items() if k != "template"}})
    assert "<a" not in texts and "<b>S" not in texts


def test_a_figure_with_nothing_to_escape_is_left_as_it_was():
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4], name="Delivered", text=["a<br>b", "c"]))
    before = fig.to_json()
    assert escaped(fig).to_json() == before


@given(st.text())
def test_escaped_text_reads_back_as_stored_and_carries_no_tag(text):
    shown = as_chart_text(text)
    assert "<" not in shown.replace("<br>", "") and ">" not in shown.replace("<br>", "")
    assert "<br>".join(html.unescape(part) for part in shown.split("<br>")) == text
