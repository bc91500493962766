"""Widgets every page uses: sourced metrics, charts and empty states (downloads: ui.cache).

Source text is shown through st.dataframe and plain st.write/markdown-free calls only; nothing
the store holds is ever rendered as HTML.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.text_columns import is_in
from ui.cache import download_later, first_rows

POPOVER_ROWS = 100  # sources a "Says who?" popover lists; its CSV download has them all

SOURCE_COLUMNS = {
    "source_id": st.column_config.TextColumn("Id", width="small"),
    "publisher": st.column_config.TextColumn("Publisher"),
    "title": st.column_config.TextColumn("Title", width="large"),
    "published_on": st.column_config.TextColumn("Published"),
    "kind": st.column_config.TextColumn("Kind", width="small"),
    "url": st.column_config.LinkColumn("Link", display_text="open"),
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
    with every one in a CSV download when there are more."""
    rows = source_rows(sources, ids)
    with st.popover(label, width="content"):
        if rows.empty:
            st.caption("No source is recorded for this figure.")
            return
        st.dataframe(first_rows(rows, "sources, oldest first", limit=POPOVER_ROWS), column_config=SOURCE_COLUMNS,
                     hide_index=True, key=key)
        if len(rows) > POPOVER_ROWS:
            download_later(rows, "sources", key=f"dl-{key}", label="Download every source (CSV)")


def metric(label: str, value: str, sources: pd.DataFrame, ids, key: str,
           help: str | None = None, note: str | None = None) -> None:
    """A headline figure in a card, with an optional note and its sources one click away."""
    with st.container(border=True):
        st.metric(label, value, help=help)
        if note:
            st.caption(note)
        says_who(sources, ids, key=f"src-{key}")


def chart(fig: go.Figure, key: str) -> None:
    """A plotly chart at full width with the shared look."""
    fig.update_layout(margin=dict(l=10, r=10, t=60, b=10), legend_title_text="",
                      hoverlabel=dict(namelength=-1))
    # Maps read the world outline from this app (static/), not from plotly's CDN.
    st.plotly_chart(fig, width="stretch", key=key,
                    config={"displaylogo": False, "topojsonURL": "app/static/topojson/"})


def empty(message: str) -> None:
    """Explain why there is nothing to show instead of drawing an empty chart."""
    st.info(message, icon=":material/info:")
