"""Widgets every page uses: sourced metrics, charts and empty states (downloads: ui.cache).

Source text is shown through st.dataframe and plain st.write/markdown-free calls only; nothing
the store holds is ever rendered as HTML.
"""
from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.text_columns import is_in
from ui import chart_text
from ui.cache import download_later, first_rows
from ui.chart_markup import escaped
from ui.colours import CATEGORICAL, CHART_TEXT, TEXT

POPOVER_ROWS = 100  # sources a "Says who?" popover lists; its CSV download has them all
TITLE_LINE = 44  # characters per line of a chart title: what a phone's width (390 px) shows
WRAP_ROWS = 66  # px: Streamlit wraps long text, rather than cut it, in table rows taller than 64 px
# Title and link first, at widths that fit a phone (390 px) side by side; a long title wraps.
SOURCE_COLUMNS = {
    "title": st.column_config.TextColumn("Title", width=280),
    "url": st.column_config.LinkColumn("Link", display_text="open", width=50),
    "publisher": st.column_config.TextColumn("Publisher", width=140),
    "published_on": st.column_config.TextColumn("Published", width=95),
    "kind": st.column_config.TextColumn("Kind", width=60),
    "source_id": st.column_config.TextColumn("Id", width=55),
}


def source_rows(sources: pd.DataFrame, ids) -> pd.DataFrame:
    """The sources table restricted to `ids` (an iterable or ';'-joined strings)."""
    wanted: set[str] = set()
    for item in ids:
        if isinstance(item, str):
            wanted.update(i for i in item.split(";") if i)
    rows = sources[is_in(sources["source_id"], wanted)]
    return rows[list(SOURCE_COLUMNS)].sort_values("published_on", kind="stable")


def says_who(sources: pd.DataFrame, ids, key: str, label: str = "Says who?") -> None:
    """A popover listing the sources behind a figure, oldest first: at most POPOVER_ROWS of them,
    with every one in a CSV download when there are more. Its list is made and sent only once the
    reader opens it (a page holds a dozen of them, and most stay closed)."""
    with st.popover(label, width="content", key=f"{key}-open", on_change="rerun") as box:
        if not box.open:
            return
        rows = source_rows(sources, ids)
        if rows.empty:
            st.caption("No source is recorded for this figure.")
            return
        st.dataframe(first_rows(rows, "sources, oldest first", limit=POPOVER_ROWS), column_config=SOURCE_COLUMNS,
                     hide_index=True, key=key, width="content", row_height=WRAP_ROWS)
        if len(rows) > POPOVER_ROWS:
            download_later(rows, "sources", key=f"dl-{key}", label="Download every source (CSV)")


def metric(label: str, value: str, sources: pd.DataFrame, ids, key: str,
           help: str | None = None, note: str | None = None, detail: str | None = None) -> None:
    """A headline figure in a card, with an optional note (written by the page), optional
    detail (may hold stored text, so shown as plain text) and its sources one click away."""
    with st.container(border=True):
        st.metric(label, value, help=help)
        if note:
            st.caption(note)
        if detail:
            st.text(detail)
        says_who(sources, ids, key=f"src-{key}")


def styled(fig: go.Figure) -> go.Figure:
    """`fig` (changed in place, and returned) with every text escaped (ui.chart_markup), so stored
    text never becomes markup, and the shared look. A long title wraps onto lines of TITLE_LINE
    characters rather than being cut at a narrow width. Done once: a figure shared through the
    view cache is styled as it is built, and `chart` leaves it alone."""
    if getattr(fig, "_corridor_styled", False):
        return fig
    escaped(fig)  # stored text in labels, hover text and titles is drawn as text, never as markup
    title = fig.layout.title.text or ""
    lines = title.split("<br>") if "<br>" in title else textwrap.wrap(title, TITLE_LINE) or [""]
    # Set property by property: update_layout checks every path it is given against plotly's
    # whole tree, which took twice as long and a fifth of a reader's first page.
    layout = fig.layout
    layout.title.text, layout.title.font.color = "<br>".join(lines), TEXT
    layout.margin = dict(l=10, r=10, t=38 + 22 * len(lines), b=10)
    layout.legend.title.text, layout.legend.font.color = "", TEXT
    layout.hoverlabel.namelength, layout.colorway, layout.font.color = -1, CATEGORICAL, CHART_TEXT
    # Streamlit's chart theme sets its own paler grey on every axis; these win over it.
    for axis in (*fig.select_xaxes(), *fig.select_yaxes()):
        axis.tickfont.color = axis.title.font.color = CHART_TEXT
    fig._corridor_styled = True
    return fig


def chart(fig: go.Figure, key: str) -> None:
    """A plotly chart at full width, `styled`, named for screen readers and followed by its text
    version (a summary and every value drawn, ui.chart_text) in a closed expander."""
    styled(fig)
    # Maps read the world outline from this app (static/), not from plotly's CDN.
    st.plotly_chart(fig, width="stretch", key=key, alt=chart_text.alt(fig),
                    config={"displaylogo": False, "topojsonURL": "app/static/topojson/"})
    with st.expander("Text version of this chart", key=f"{key}-text-open", on_change="rerun") as text:
        if not text.open:  # made and sent once opened
            return
        st.text(chart_text.summary(fig))
        st.dataframe(first_rows(chart_text.rows(fig), "values"), hide_index=True, width="stretch",
                     key=f"{key}-text", alt="The values the chart draws")


def empty(message: str) -> None:
    """Explain why there is nothing to show instead of drawing an empty chart."""
    st.info(message, icon=":material/info:")
