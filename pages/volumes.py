"""Crude volumes: every cargo and its sources, deliveries against the order and the targets,
per period, against Pakistan's total crude imports, and the route the crude took."""
import numpy as np
import plotly.graph_objects as go
import streamlit as st

from analysis import formatting as fmt
from analysis.route import busiest
from analysis.volume_views import (arrivals, cargo_ledger, cumulative_in, imprecise_arrivals, ledger_listing,
                                   listed_routes, running_totals, series_in, share_view, targets_table,
                                   uncovered_arrivals)
from analysis.volumes import russia_share, targets_vs_actuals
from ui.cache import cached, download_later, first_rows
from ui.colours import CONFLICT_BACKGROUND
from ui.filters import current
from ui.state import corridor
from ui.widgets import chart, empty, metric, says_who

FREQUENCIES = ("month", "quarter", "year")
DELIVERED, ORDERED, EVENT = "#1f5f8b", "#8a9bb0", "#c2571a"
TARGET_COLOURS = ("#7b4fa0", "#b0417a", "#5a7d2a")
ROUTE_COLOURS = ("#1f5f8b", "#c2571a", "#2e8b57", "#7b4fa0")
ROUTES_DRAWN = 12
LEDGER_ROWS = 250  # shading rows (a pandas Styler) costs about 0.1 ms a row on every rerun
GAPS_SHOWN = 10

view = current()
data = corridor()
sources = data["sources"]
unit = view.unit
unit_name = fmt.UNIT_LABELS[unit]
symbol = fmt.quantity(0, unit).split(" ", 1)[1]  # 't', 'bbl' or 'm³'
span = f"{view.start:%d %b %Y} and {view.end:%d %b %Y}"

st.title("Crude volumes")
arrived = cached(data, arrivals, data.cargoes, view.start, view.end)
st.caption(f"Cargoes that arrived between {span}, in {unit_name}"
           + ("" if unit == "t" else " (barrels from each cargo's grade factor, shown in the ledger; "
                                     "7.33 bbl/t where no source names the grade)")
           + f"; periods on the {view.basis} basis.")
cols = st.columns(3)
with cols[0]:
    metric("Cargoes arrived", f"{arrived.cargoes:,}", sources, [arrived.sources], key="vol-cargoes")
with cols[1]:
    quantity, low, high = arrived.total(unit)
    metric("Delivered", fmt.quantity(quantity, unit), sources, [arrived.sources], key="vol-delivered",
           note="sources range " + fmt.quantity_range(low, high, unit) if arrived.cargoes else None)
with cols[2]:
    metric("Cargoes whose sources disagree", f"{arrived.disputed:,}", sources, [arrived.disputed_sources],
           key="vol-disputed", help="Accounts of the same cargo give different quantities.")

def cargo_ledger_section() -> None:
    """Every cargo listed in the range, its sources and whether they disagree."""
    st.subheader(f"Cargo ledger ({unit_name})")
    listing = cached(data, ledger_listing, data.cargoes, view.start, view.end, limit=LEDGER_ROWS)
    if not listing.total:
        empty(f"No cargoes arrived between {span}. Widen the dates in the sidebar.")
    else:
        ledger = cached(data, cargo_ledger, listing.rows, unit, view.start, view.end)
        rows = first_rows(ledger, "cargoes", listing.total, LEDGER_ROWS)[[
            "cargo_id", "conflict", "vessel", "grade", "route", "loaded", "arrived", "status", "quantity",
            "range", *([] if unit == "t" else ["bbl_per_tonne"]), "n_sources", "sources"]]
        shade = np.where(rows["conflict"], f"background-color: {CONFLICT_BACKGROUND}", "")
        styled = rows.style.apply(lambda column: shade).format("{:,.0f}", subset=["quantity"], na_rep="—")
        st.dataframe(styled, hide_index=True, width="stretch", key="vol-ledger", column_config={
            "cargo_id": st.column_config.TextColumn("Cargo", width="small"),
            "conflict": st.column_config.CheckboxColumn("Sources disagree", width="small",
                                                        help="Shaded rows: accounts give different quantities."),
            "vessel": st.column_config.TextColumn("Vessel", width="small"),
            "grade": st.column_config.TextColumn("Grade", width="small"),
            "route": st.column_config.TextColumn("Route (load → transshipment → discharge)", width="medium"),
            "loaded": st.column_config.TextColumn("Loaded", width="small"),
            "arrived": st.column_config.TextColumn("Arrived", width="small"),
            "status": st.column_config.TextColumn("Status", width="small"),
            "quantity": st.column_config.NumberColumn(f"Quantity ({symbol})",
                                                      help="The figure chosen by the reconciliation rule."),
            "range": st.column_config.TextColumn(f"Range across sources ({symbol})"),
            "bbl_per_tonne": st.column_config.NumberColumn("bbl/t", width="small", format="%.4f",
                                                           help="Barrels per tonne used for this cargo."),
            "n_sources": st.column_config.NumberColumn("Sources", width="small"),
            "sources": st.column_config.TextColumn("Source ids", width="medium"),
        })
        st.caption("Shaded rows: the sources give different quantities for the cargo. The chosen figure "
                   "follows the reconciliation rule (official before news, exact before rounded, then the "
                   "most recent); the range spans every account. Dates are as published: '(month)' means no "
                   "source gives the day.")
        with st.container(horizontal=True):
            download_later(lambda: cargo_ledger(data.cargoes, unit, view.start, view.end), "cargo_ledger",
                           key="dl-vol-ledger")
            says_who(sources, [listing.sources], key="src-vol-ledger")


def cumulative_section() -> None:
    """Deliveries as a running total against the orders and the stated targets."""
    st.subheader(f"Cumulative deliveries against the order and the targets ({unit_name})")
    show_targets = st.toggle("Show stated annual targets, pro rata", value=True, key="vol_targets",
                             bind="query-params", help="The targets dwarf what arrived; hide them to see the steps.")
    running = cached(data, running_totals, data.cargoes, data.ledger, data["targets"], data["events"], unit,
                     view.start, view.end, show_targets)
    steps, orders, pace, events = running.steps, running.orders, running.pace, running.events
    if running.origin is None:
        empty(f"No cargo arrived and no order was placed between {span}. Widen the dates in the sidebar.")
    else:
        fig = go.Figure()
        if not orders.empty:
            fig.add_trace(go.Scatter(
                x=[running.origin, *orders["placed_start"], running.last],
                y=[0, *orders["cumulative"], orders["cumulative"].iloc[-1]],
                mode="lines", name="Ordered (orders stating a quantity)",
                line=dict(color=ORDERED, shape="hv", width=2, dash="dot"),
                hovertemplate="%{x|%d %b %Y}: %{y:,.0f} " + symbol + " ordered<extra></extra>"))
        if not steps.empty:
            fig.add_trace(go.Scatter(x=steps["date"], y=steps["cumulative_max"], mode="lines",
                                     line=dict(width=0, shape="hv"), showlegend=False, hoverinfo="skip"))
            fig.add_trace(go.Scatter(x=steps["date"], y=steps["cumulative_min"], mode="lines",
                                     line=dict(width=0, shape="hv"), fill="tonexty",
                                     fillcolor="rgba(31,95,139,0.18)", name="Range across sources", hoverinfo="skip"))
            fig.add_trace(go.Scatter(
                x=steps["date"], y=steps["cumulative"], mode="lines+markers", name="Delivered",
                line=dict(color=DELIVERED, shape="hv", width=3), text=steps["label"],
                marker=dict(size=0 if running.thinned else [8 if a else 0 for a in steps["arrival"]]),
                hovertemplate="%{text}<br>%{x|%d %b %Y}: %{y:,.0f} " + symbol + " delivered<extra></extra>"))
        for colour, (target_id, line) in zip(TARGET_COLOURS * 3, pace.groupby("target_id", sort=False)):
            fig.add_trace(go.Scatter(
                x=line["date"], y=line["quantity"], mode="lines", name=line["label"].iloc[0],
                line=dict(color=colour, width=2, dash="dash"),
                hovertemplate="%{x|%d %b %Y}: %{y:,.0f} " + symbol + f" on the pace of {target_id}<extra></extra>"))
        if not events.empty:
            top = max([*steps["cumulative_max"], *orders["cumulative"], *pace["quantity"]], default=1.0)
            fig.add_trace(go.Scatter(
                x=events["occurred_start"], y=[top * 1.06] * len(events), mode="markers", name="Key events",
                marker=dict(symbol="triangle-down", size=11, color=EVENT),
                text=events["occurred_on"] + " · " + events["kind"] + " · " + events["title"],
                hovertemplate="%{text}<extra></extra>"))
        fig.update_layout(title=f"Crude delivered, cumulative, against ordered and stated targets ({unit_name})",
                          height=460, yaxis_title=unit_name, hovermode="closest",
                          legend=dict(orientation="h", yanchor="top", y=-0.1))
        fig.update_yaxes(rangemode="tozero")
        chart(fig, key="vol-cumulative")
        notes = ["Arrivals known only to the month are drawn on the month's first day; the total is held "
                 "flat after the last recorded arrival."]
        if not pace.empty:
            notes.append("Targets (dashed) start where deliveries stood when they were stated and climb pro rata "
                         "over the year after the statement.")
        if running.thinned:
            notes.append("So many orders and arrivals fall in this range that each point of a line stands for all "
                         "of them since the previous point (hover to see how many); the totals are exact at every "
                         "point, and the CSV lists every arrival.")
        if orders.empty:
            notes.insert(0, "No order stating a quantity was placed in this period.")
        st.caption(" ".join(notes))
        download_later(lambda: cumulative_in(data.cargoes, unit, view.start, view.end), "cumulative_deliveries",
                       key="dl-vol-cumulative", label="Download deliveries (CSV)")


def periods_section() -> None:
    """Deliveries per month, quarter or year; the share of Pakistan's crude imports; targets."""
    st.subheader(f"Deliveries per period ({unit_name})")
    frequency = st.segmented_control("Period", FREQUENCIES, default="month", key="vol_freq",
                                     bind="query-params", required=True) or "month"
    series = cached(data, series_in, data.cargoes, unit, frequency, view.basis, view.start, view.end)
    if series.empty:
        empty(f"No cargoes arrived between {span}.")
    else:
        basis_name = "Pakistan fiscal year" if view.basis == "fiscal" else "calendar"
        fig = go.Figure(go.Bar(
            x=series["period"], y=series["quantity"], marker_color=DELIVERED, name="Delivered",
            error_y=dict(type="data", symmetric=False, array=series["above"], arrayminus=series["below"],
                         color="#444", thickness=1.5, width=6),
            customdata=series[["low", "high", "cargoes"]],
            hovertemplate=("%{x}: %{y:,.0f} " + symbol + " in %{customdata[2]} cargo(es)<br>sources range "
                           "%{customdata[0]:,.0f}–%{customdata[1]:,.0f} " + symbol + "<extra></extra>")))
        fig.update_layout(title=f"Crude delivered per {frequency}, {basis_name} basis ({unit_name})", height=380,
                          yaxis_title=unit_name, xaxis_title=frequency, xaxis_type="category")
        chart(fig, key="vol-series")
        vague = cached(data, imprecise_arrivals, data.cargoes, frequency, view.start, view.end)
        if vague.empty:
            st.caption(f"Error bars span the lowest and highest accounts. Every arrival date shown is known at "
                       f"least to the {frequency}; a cargo counts in the {frequency} holding its arrival date.")
        else:
            st.caption(f"Error bars span the lowest and highest accounts. {len(vague):,} cargo(es) have an arrival "
                       f"date less precise than a {frequency}; each is counted in the {frequency} holding the "
                       "first day of its arrival date:")
            first = vague.head(20)
            st.text(fmt.id_list(first["cargo_id"] + " (" + first["arrival_date"] + ")", total=len(vague)))
        download_later(series, f"deliveries_per_{frequency}", key="dl-vol-series")

    st.subheader("Russia's share of Pakistan's crude imports")
    shares = cached(data, share_view, data.cargoes, data["import_context"], sources, unit, view.start, view.end,
                    shares=cached(data, russia_share, data.cargoes, data["import_context"]))
    gaps = cached(data, uncovered_arrivals, data.cargoes, data["import_context"], unit, frequency, view.basis,
                  view.start, view.end)
    if shares.empty:
        empty(f"No figure for Pakistan's total crude imports covers any part of {span}, so no share can be given.")
    else:
        rows = shares["period"] + " · " + shares["publisher"] + " (" + shares["source_id"] + ")"
        fig = go.Figure(go.Bar(
            y=rows, x=shares["share_pct"], orientation="h", marker_color=DELIVERED,
            text=shares["share_pct"].map(fmt.percent), textposition="outside", cliponaxis=False,
            customdata=shares[["russian", "imports", "russian_cargoes", "basis"]],
            hovertemplate=("%{y}<br>Russian: %{customdata[0]:,.0f} " + symbol + " in %{customdata[2]} cargo(es)"
                           "<br>All crude imports: %{customdata[1]:,.0f} " + symbol
                           + " (%{customdata[3]} basis)<extra></extra>")))
        fig.update_layout(title="Russian crude as a share of Pakistan's crude imports, per published period (%)",
                          height=140 + 34 * len(shares), xaxis_title="share of crude imports (%)",
                          xaxis_range=[0, max(5.0, shares["share_pct"].max() * 1.25)])
        fig.update_yaxes(categoryorder="array", categoryarray=rows.tolist()[::-1])
        chart(fig, key="vol-share")
        st.caption("Each bar is one published figure for Pakistan's total crude imports (periods overlap where "
                   "outlets report different spans); the Russian part counts the cargoes recorded here that "
                   "arrived inside the period, so 0% means no recorded cargo arrived then. Rates in bbl/d "
                   "are multiplied by the period's days.")
        download_later(shares, "russia_share", key="dl-vol-share")
    for gap in gaps.head(GAPS_SHOWN).itertuples():
        st.warning(f"No context for {gap.period}: no published total of Pakistan's crude imports covers it, so "
                   f"no share can be given for the {fmt.quantity(gap.quantity, unit)} that arrived then.",
                   icon=":material/help:")
        st.text(f"Cargoes arrived in {gap.period}: {gap.cargoes}")
    if len(gaps) > GAPS_SHOWN:
        st.caption(f"{len(gaps) - GAPS_SHOWN:,} more {frequency}s with deliveries have no published total of "
                   f"Pakistan's crude imports either: {fmt.id_list(gaps['period'].iloc[GAPS_SHOWN:])}.")

    st.subheader("Stated targets against what happened")
    targets = cached(data, targets_table, data["targets"], data.cargoes, data["import_context"], sources, view.start,
                     view.end, actuals=cached(data, targets_vs_actuals, data["targets"], data.cargoes,
                                              data["import_context"]))
    if targets.empty:
        empty(f"No stated target applies to any part of {span}.")
    else:
        st.dataframe(targets, hide_index=True, width="stretch", key="vol-targets", column_config={
            "target_id": st.column_config.TextColumn("Target", width="small"),
            "stated_on": "Stated", "said_by": "Said by", "metric": "Metric",
            "target": "Target", "actual": "Actual",
            "pct_of_target": st.column_config.NumberColumn("Of target", format="%.1f%%"),
            "measured_as": st.column_config.TextColumn("How the actual is measured", width="medium"),
            "window": "Year after the statement",
            "note": st.column_config.TextColumn("Note", width="medium"),
        })
        st.caption("Targets and actuals are in the unit each target was stated in; actuals cover the year after "
                   "the statement.")
        download_later(targets, "targets_vs_actuals", key="dl-vol-targets")


def route_section() -> None:
    """The sea route of the cargoes listed in the range, drawn between the ports named."""
    st.subheader("The route")
    routes = cached(data, listed_routes, data.cargoes, view.start, view.end)
    if routes.paths.empty:
        empty(f"No cargo listed between {span} has a port named in the sources, so no route can be drawn.")
    else:
        paths = busiest(routes.paths, ROUTES_DRAWN)
        fig = go.Figure()
        for colour, (route, path) in zip(ROUTE_COLOURS * 3, paths.groupby("route", sort=False)):
            fig.add_trace(go.Scattergeo(lat=path["lat"], lon=path["lon"], mode="lines",
                                        line=dict(width=3, color=colour), hoverinfo="skip",
                                        name=f"{route} · {path['vessels'].iloc[0]}"))
            if path["load_port"].isna().iloc[0]:
                start = path.iloc[0]
                fig.add_trace(go.Scattergeo(
                    lat=[start["lat"]], lon=[start["lon"]], mode="markers", showlegend=True,
                    marker=dict(size=16, symbol="circle-open", color=colour, line=dict(width=2)),
                    name=f"{route}: Russian loading port not named; line starts at the canal",
                    hovertemplate=f"{route}: loading port not named in any source<extra></extra>"))
        stops = paths[paths["role"] != "sea lane"].drop_duplicates("name")
        fig.add_trace(go.Scattergeo(
            lat=stops["lat"], lon=stops["lon"], mode="markers+text", name="Named ports and the canal",
            marker=dict(size=9, color="#1b2733"), text=stops["name"] + " (" + stops["role"] + ")",
            textposition=["middle left" if lon > 50 else "middle right" for lon in stops["lon"]],
            textfont=dict(size=12), hovertemplate="%{text}<extra></extra>"))
        fig.update_geos(projection_type="natural earth", showcountries=True, countrycolor="#b8c2cc",
                        showland=True, landcolor="#eef1f4", showocean=True, oceancolor="#dbe8f3",
                        lataxis_range=[5, 66], lonaxis_range=[-20, 85])
        fig.update_layout(title="Route of Russian crude to Pakistan (ports as named in the sources)", height=560,
                          legend=dict(orientation="h", y=-0.05))
        chart(fig, key="vol-route")
        st.caption("Only ports a source names are marked; the line between them follows the usual sea lane and "
                   "is drawn, not reported.")
        notes = []
        for route, path in paths.groupby("route", sort=False):
            if path["load_port"].isna().iloc[0]:
                notes.append(f"{route}: no source names the Russian loading port, so the line starts at the canal.")
            if path["discharge_port"].isna().iloc[0] and path["transship_port"].isna().iloc[0]:
                notes.append(f"{route}: no source names where it was discharged, so the line ends at the canal.")
        if len(routes.unmapped):
            notes.append(f"Not drawn: {fmt.id_list(routes.unmapped)} (no source names a port).")
        st.text("\n".join(notes))
        drawn = paths["route"].nunique()
        total = routes.paths["route"].nunique()
        if total > drawn:
            st.caption(f"Drawn: the {drawn} routes (sets of named ports) with the most cargoes, of {total:,}; the "
                       "CSV lists the waypoints of every route.")
        download_later(routes.paths, "route_waypoints", key="dl-vol-route")


# Only the open section runs: each is a pass over every cargo in the range, and a large dataset
# holds hundreds of thousands of them.
SECTIONS = {"Cargo ledger": cargo_ledger_section, "Cumulative deliveries": cumulative_section,
            "Per period and share of imports": periods_section, "Route": route_section}
for tab, draw in zip(st.tabs(list(SECTIONS), key="vol_section", on_change="rerun", bind="query-params"),
                     SECTIONS.values()):
    if tab.open:
        with tab:
            draw()
