"""Timeline: every event in date order, by kind and sector, each with its source."""

import plotly.graph_objects as go
import streamlit as st

from analysis import params
from analysis.formatting import chart_labels, who_said
from analysis.schema import EVENT_KINDS
from analysis.timeline import LANES, time_span, timeline, timeline_points
from ui.cache import cached, download_later, first_rows
from ui.colours import BLUE, VERMILLION
from ui.filters import current
from ui.state import corridor
from ui.widgets import WRAP_ROWS, chart, empty

view = current()
data = corridor()
sectors = data["sectors"]

st.title("Timeline of events")
st.caption(f"What happened or was said between {view.start:%d %b %Y} and {view.end:%d %b %Y}, oldest "
           "first. An event dated only to a month, quarter or year is placed by its first day in the "
           "date range and drawn as a bar over the whole period.")

cols = st.columns([2, 2, 1])
kinds = cols[0].multiselect("Kind of event", EVENT_KINDS, key="tl_kind", bind="query-params",
                            placeholder="All kinds")
sector_names = dict(zip(sectors["sector_id"], sectors["name"]))
chosen_sectors = cols[1].multiselect("Sector", sectors["sector_id"].tolist(), key="tl_sector",
                                     format_func=lambda sector: sector_names.get(sector, sector),
                                     bind="query-params", placeholder="All sectors",
                                     help="An event tagged with several sectors shows if any of them is "
                                          "chosen.")
lanes = cols[2].segmented_control("Rows of the chart", LANES, default=params.default("tl_rows"), key="tl_rows",
                                  bind="query-params", required=True,
                                  help="One row per kind of event, or one per sector (an event tagged "
                                       "with several sectors appears in each of their rows).")

events = cached(data, timeline, data["events"], data["sources"], sectors, view.start, view.end, kinds,
                chosen_sectors)
if events.empty:
    empty("No event matches: none falls in the date range with the chosen kinds and sectors. "
          "Clear a filter above or widen the dates in the sidebar.")
    st.stop()

st.caption(f"{len(events):,} events shown.")
points = cached(data, timeline_points, events, sectors, lanes)
rows = list(dict.fromkeys(points["lane"]))
fig = go.Figure()
coarse = points[~points["exact"]]
if not coarse.empty:
    fig.add_trace(go.Bar(  # plotly measures a bar on a date axis in milliseconds from its base
        base=coarse["occurred_start"],
        x=(coarse["span_end"] - coarse["occurred_start"]).dt.total_seconds() * 1000,
        y=coarse["lane"], orientation="h", width=0.45, marker=dict(color="rgba(213,94,0,0.3)"),
        hoverinfo="skip", showlegend=False))
for exact, name, symbol, colour in ((True, "Dated to the day", "circle", BLUE),
                                    (False, "Dated to a month, quarter or year (bar = period)",
                                     "diamond-open", VERMILLION)):
    part = points[points["exact"] == exact]
    if part.empty:
        continue
    fig.add_trace(go.Scatter(
        x=part["x"], y=part["lane"], mode="markers", name=name,
        marker=dict(symbol=symbol, size=10, color=colour, opacity=0.9, line=dict(width=2, color=colour)),
        customdata=list(zip(part["date_label"].fillna("—"), part["kind"], chart_labels(part["publisher"], 60),
                            chart_labels(who_said(part["speaker"], part["speaker_role"]), 60))),
        text=chart_labels(part["title"], 60),
        hovertemplate="<b>%{customdata[0]}</b> · %{customdata[1]}<br>%{text}<br>Said by: %{customdata[3]}"
                      "<br>Published by: %{customdata[2]}<extra></extra>"))
by, per = ("kind of event", "event") if lanes == "kind" else ("sector", "event and sector")
fig.update_layout(title=f"Events by {by} and date (one marker per {per})",
                  height=max(320, 70 + 38 * len(rows)), hovermode="closest", showlegend=True,
                  xaxis=dict(type="date", range=list(time_span(events))),
                  legend=dict(orientation="h", yanchor="top", y=-0.3),
                  yaxis=dict(title=by, categoryorder="array", categoryarray=rows[::-1], type="category"))
chart(fig, key="timeline-chart")

st.subheader("Events")
table = events[["date_label", "kind", "title", "speaker", "speaker_role", "publisher", "url", "sector_names", "note",
                "occurred_on", "event_id", "source_id"]]
st.dataframe(first_rows(table, "events"), hide_index=True, width="stretch", placeholder="—", row_height=WRAP_ROWS,
             column_config={
    "date_label": st.column_config.TextColumn("Date", width=100),
    "kind": st.column_config.TextColumn("Kind", width=85),
    "sector_names": "Sectors",
    "title": st.column_config.TextColumn("What happened", width=300),
    "speaker": st.column_config.TextColumn("Said by", help="Who the source quotes; empty when it names no one or "
                                                           "only an office."),
    "speaker_role": st.column_config.TextColumn("Role", help="The speaker's office at the time."),
    "publisher": st.column_config.TextColumn("Published by", help="The outlet that reported it."),
    "note": st.column_config.TextColumn("Note", width="medium"),
    "url": st.column_config.LinkColumn("Link", display_text="open", width="small"),
    "occurred_on": None, "event_id": None, "source_id": None})
download_later(table, "timeline_events", key="dl-timeline")
