"""Cooperation: which sectors are moving, how far, who says so, and bilateral trade."""
import plotly.graph_objects as go
import streamlit as st

from analysis.cooperation_views import (DIRECTION_LABELS, STATUS_LABELS, cooperation_view,
                                        mention_matrix, sector_ids, trade_view)
from ui.colours import DIRECTION_COLOURS, STATUS_COLOURS
from ui.cache import cached, download_later, first_rows
from ui.filters import current
from ui.state import corridor
from ui.widgets import chart, empty, says_who

TRADE_BASES = ("all", "calendar", "fiscal")

view = current()
data = corridor()
sources, sectors = data["sources"], data["sectors"]
span = f"{view.start:%d %b %Y} and {view.end:%d %b %Y}"

st.title("Cooperation beyond crude")
names = st.multiselect("Sectors", list(sectors["name"]), default=[], key="coop_sector",
                       bind="query-params", placeholder="All sectors",
                       help="Leave empty to see every sector. Filters every view on this page.")
chosen = sector_ids(sectors, names)
coop = cached(data, cooperation_view, data.tables, chosen, view.start, view.end)
st.caption(f"{len(chosen)} of {len(sectors)} sectors: status reports and events dated between {span}. "
           "An initiative's status is the latest one reported in that range.")

# 1. Initiatives per sector, by latest status -------------------------------------------------
st.subheader("Initiatives per sector, by latest status")
if coop.latest.empty:
    empty("No initiative is tracked in the chosen sectors.")
else:
    counts = coop.counts
    order = (counts.groupby("sector", sort=False)["initiatives"].sum()
             .sort_values(kind="mergesort").index.tolist())  # most initiatives on top
    fig = go.Figure()
    for status, label in STATUS_LABELS.items():
        part = counts[counts["status"] == status]
        fig.add_trace(go.Bar(y=part["sector"], x=part["initiatives"], orientation="h", name=label,
                             marker_color=STATUS_COLOURS[status],
                             hovertemplate="%{y}: %{x} initiative(s) " + label + "<extra></extra>"))
    fig.update_layout(barmode="stack", title="Initiatives per sector by latest reported status (count)",
                      height=max(240, 80 + 34 * len(order)), xaxis_title=None, yaxis_title=None,
                      legend=dict(traceorder="normal"))
    fig.update_yaxes(categoryorder="array", categoryarray=order)
    fig.update_xaxes(dtick=1)
    chart(fig, key="coop-status")
    if coop.unreported:
        st.caption(f"{coop.unreported} initiative(s) have no status report in this period and are not counted.")
    if coop.quiet_sectors:
        st.text("No initiative tracked (see who mentions them below): " + ", ".join(coop.quiet_sectors))
    download_later(counts[["sector", "status_label", "initiatives"]], "initiatives_by_status", key="dl-coop-status")

# 2. The pipeline --------------------------------------------------------------------------------
st.subheader("Initiative pipeline")
if coop.latest.empty:
    empty("No initiative is tracked in the chosen sectors.")
else:
    pipeline = coop.latest.sort_values(["status", "reported_start"], ascending=[True, False], na_position="last")
    pipeline = pipeline.assign(status_label=pipeline["status_label"].fillna("no report in this period"))[
        ["initiative_id", "title", "sector", "status_label", "reported_on", "publisher", "source_id",
         "n_reports", "note"]]
    shown = first_rows(pipeline, "initiatives")
    st.dataframe(shown, hide_index=True, width="stretch", key="coop-pipeline", column_config={
        "initiative_id": st.column_config.TextColumn("Id", width="small"),
        "title": st.column_config.TextColumn("Initiative", width="medium"),
        "sector": "Sector", "status_label": "Latest status", "reported_on": "Reported",
        "publisher": "Reported by", "source_id": st.column_config.TextColumn("Source", width="small"),
        "n_reports": st.column_config.NumberColumn("Reports", width="small",
                                                   help="Status reports on this initiative in the period."),
        "note": st.column_config.TextColumn("What the latest report says", width="large"),
    })
    with st.container(horizontal=True):
        download_later(pipeline, "initiative_pipeline", key="dl-coop-pipeline")
        says_who(sources, coop.latest["source_id"].dropna(), key="src-coop-pipeline")

# 3. Status histories --------------------------------------------------------------------------
st.subheader("How each initiative moved")
history = coop.history
if history.empty:
    empty(f"No status report on the chosen sectors' initiatives is dated between {span}.")
else:
    titles = history.drop_duplicates("initiative_id")["title"].tolist()
    fig = go.Figure()
    for _, path in history.groupby("initiative_id", sort=False):
        fig.add_trace(go.Scatter(x=path["reported_start"], y=path["title"], mode="lines", showlegend=False,
                                 line=dict(color="#c9d1d9", width=2), hoverinfo="skip"))
    for status, label in STATUS_LABELS.items():
        part = history[history["status"] == status]
        if part.empty:
            continue
        fig.add_trace(go.Scatter(
            x=part["reported_start"], y=part["title"], mode="markers", name=label,
            marker=dict(color=STATUS_COLOURS[status], size=12, line=dict(color="white", width=1)),
            customdata=part[["reported_on", "publisher", "source_id", "note"]],
            hovertemplate=("%{y}<br>%{customdata[0]} · " + label + "<br>%{customdata[3]}"
                           "<br>%{customdata[1]} (%{customdata[2]})<extra></extra>")))
    fig.update_layout(title="Status reports per initiative, by report date (one marker per report)",
                      height=max(240, 90 + 38 * len(titles)), xaxis_title=None, yaxis_title=None,
                      hovermode="closest")
    fig.update_yaxes(categoryorder="array", categoryarray=titles[::-1])
    chart(fig, key="coop-history")
    st.caption("Reports dated only to a month or a year are drawn on its first day.")
    download_later(history[["initiative_id", "title", "sector", "reported_on", "status_label", "publisher",
                            "source_id", "note"]], "initiative_status_history", key="dl-coop-history")

# 4. Who speaks of which sector ------------------------------------------------------------------
st.subheader("Who said what: mentions per sector and publisher")
matrix = mention_matrix(coop.mentions)
if matrix.empty:
    empty(f"No event or status report on the chosen sectors is dated between {span}.")
else:
    fig = go.Figure(go.Heatmap(
        z=matrix.to_numpy(), x=matrix.columns.tolist(), y=matrix.index.tolist(), colorscale="Blues",
        xgap=1, ygap=1, colorbar=dict(title="mentions"),
        hovertemplate="%{y} · %{x}: %{z} mention(s)<extra></extra>"))
    fig.update_layout(title="Mentions per sector and publisher (events and status reports, count)",
                      height=max(320, 230 + 30 * len(matrix)), xaxis_title=None, yaxis_title=None)
    fig.update_xaxes(tickangle=-50)
    fig.update_yaxes(autorange="reversed")
    chart(fig, key="coop-mentions")
    st.caption("A mention is an event tagged with the sector or a status report on one of its initiatives. "
               "Publishers are ordered by how often they speak of the chosen sectors.")
    download_later(matrix.reset_index(), "sector_mentions", key="dl-coop-mentions")

# 5. Bilateral trade ------------------------------------------------------------------------------
st.subheader("Bilateral trade turnover (USD millions)")
if "trade" not in chosen:
    empty("Trade turnover belongs to the Trade sector: add Trade to the sector filter to see it.")
else:
    basis = st.segmented_control("Trade periods", TRADE_BASES, default="all", key="coop_trade_basis",
                                 bind="query-params", required=True,
                                 help="Calendar years, Pakistan's fiscal years (July–June), or both.") or "all"
    trade = cached(data, trade_view, data["trade_flows"], sources, basis, view.start, view.end)
    if trade.empty:
        empty(f"No trade figure ({basis} periods) covers any time between {span}.")
    else:
        rows = trade["period"] + " · " + trade["publisher"] + " (" + trade["source_id"] + ")"
        order = list(dict.fromkeys(rows))  # chronological, as trade_view sorts
        fig = go.Figure()
        for direction, label in DIRECTION_LABELS.items():
            part = trade["direction"] == direction
            if not part.any():
                continue
            fig.add_trace(go.Bar(
                y=rows[part], x=trade.loc[part, "value_musd"], orientation="h", name=label,
                marker_color=DIRECTION_COLOURS[direction], text=trade.loc[part, "stated"],
                textposition="outside", constraintext="none", cliponaxis=False,
                customdata=trade.loc[part, ["stated", "basis"]],
                hovertemplate=label + ", %{y} (%{customdata[1]} basis): %{customdata[0]}<extra></extra>"))
        fig.update_layout(title="Russia–Pakistan trade by period, direction and source (USD millions)",
                          barmode="group", height=140 + 70 * len(order), xaxis_title="USD millions",
                          legend=dict(orientation="h", y=-0.12), bargap=0.25)
        fig.update_yaxes(categoryorder="array", categoryarray=order[::-1])
        fig.update_xaxes(range=[0, trade["value_musd"].max() * 1.3])
        chart(fig, key="coop-trade")
        st.caption("Values as published: 'at least' marks a lower bound, 'about' a rounded figure. Each "
                   "source's figure is its own bar, so two outlets quoting the same year stand side by side.")
        table = trade[["flow_id", "period", "basis", "direction_label", "stated", "value_musd", "qualifier_label",
                       "publisher", "source_id", "note"]]
        shown = first_rows(table, "trade figures")
        st.dataframe(shown, hide_index=True, width="stretch", key="coop-trade-table", column_config={
            "flow_id": st.column_config.TextColumn("Id", width="small"), "period": "Period", "basis": "Basis",
            "direction_label": "Direction", "stated": "As published",
            "value_musd": st.column_config.NumberColumn("USD millions", format="%.1f"),
            "qualifier_label": "Qualifier", "publisher": "Publisher",
            "source_id": st.column_config.TextColumn("Source", width="small"),
            "note": st.column_config.TextColumn("Note", width="medium")})
        download_later(table, "trade_turnover", key="dl-coop-trade")
