"""Crude volumes: every cargo and its sources, deliveries against the order and the targets,
per period, against Pakistan's total crude imports, and the route the crude took."""
import numpy as np
import plotly.graph_objects as go
import streamlit as st

from analysis import formatting as fmt
from analysis import params
from analysis.import_shares import NO_TOTAL, period_shares, share_view
from analysis.route import busiest, stops
from analysis.formatting import chart_label
from analysis.volume_views import (TARGET_KIND_LABELS, afloat_lines, arrivals, cargo_ledger, cumulative_in,
                                   imprecise_arrivals, ledger_listing, listed_routes, on_the_water, running_totals,
                                   series_in, targets_table)
from analysis.volumes import russia_share, targets_vs_actuals
from ui.cache import cached, download_later, first_rows
from ui.colours import (BLUE, CONFLICT_BACKGROUND, GREEN, GREY, MAP_BORDERS, MAP_LAND, MAP_SEA, ORANGE, PURPLE,
                        TEXT, VERMILLION, pattern)
from ui.filters import current
from ui.state import corridor
from ui.widgets import chart, empty, metric, says_who

FREQUENCIES = params.options("vol_freq")
DELIVERED, ORDERED, EVENT = BLUE, GREY, VERMILLION
# Targets, plans and deals under consideration: colour, line dash and end marker, so that the
# kind shows without colour too.
TARGET_STYLES = {"target": (PURPLE, "dash", "diamond"), "plan": (ORANGE, "longdash", "square"),
                 "under_consideration": (GREEN, "dashdot", "circle-open")}
ROUTE_COLOURS = (BLUE, VERMILLION, GREEN, PURPLE)
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
afloat = cached(data, on_the_water, data.cargoes, view.start, view.end)
cols = st.columns(4)
with cols[0]:
    metric("Cargoes arrived", f"{arrived.cargoes:,}", sources, [arrived.sources], key="vol-cargoes",
           help="Cargoes an account reports arrived or discharged. Accounts that may describe a cargo already "
                "counted (link not confirmed) are not counted.")
with cols[1]:
    quantity, low, high = arrived.total(unit)
    metric("Delivered", fmt.quantity(quantity, unit), sources, [arrived.sources], key="vol-delivered",
           note="sources range " + fmt.quantity_range(low, high, unit) if arrived.cargoes else None,
           help="From the accounts of each cargo's arrival or discharge only; loading figures never count.")
with cols[2]:
    metric("Loaded or on the water", f"{len(afloat):,}", sources, afloat["sources"].tolist(),
           key="vol-afloat", detail=afloat_lines(afloat, unit) or None,
           note=None if len(afloat) else "No cargo loaded in the period is still without an arrival report.",
           help="Cargoes loaded in the period that no account reports arrived, with where and when they were "
                "last reported. Not counted as delivered.")
with cols[3]:
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
        # Cargo, arrival and quantity first and pinned, so a phone (390 px) still shows them; the
        # vessel next, so that 1,400 px shows all four without scrolling.
        rows = first_rows(ledger, "cargoes", listing.total, LEDGER_ROWS)[[
            "cargo_id", "arrived", "quantity", "vessel", "range", "status", "position", "conflict", "loaded",
            "grade", "route", "link", *([] if unit == "t" else ["bbl_per_tonne"]), "n_sources", "sources"]]
        shade = np.where(rows["conflict"], f"background-color: {CONFLICT_BACKGROUND}", "")
        styled = rows.style.apply(lambda column: shade).format("{:,.0f}", subset=["quantity"], na_rep="—")
        st.dataframe(styled, hide_index=True, width="stretch", key="vol-ledger", placeholder="—", column_config={
            "cargo_id": st.column_config.TextColumn("Cargo", width=90, pinned=True),
            "conflict": st.column_config.CheckboxColumn("Sources disagree", width="small",
                                                        help="Shaded rows: accounts give different quantities."),
            "vessel": st.column_config.TextColumn("Vessel", width=110),
            "grade": st.column_config.TextColumn("Grade", width="small"),
            "route": st.column_config.TextColumn("Route (load → transshipment → discharge)", width="medium"),
            "loaded": st.column_config.TextColumn("Loaded", width="small"),
            "arrived": st.column_config.TextColumn("Arrived", width=110, pinned=True),
            "status": st.column_config.TextColumn("Status", width="small"),
            "position": st.column_config.TextColumn(
                "Last reported", width="medium",
                help="For a cargo no account reports arrived: where and when it was last reported."),
            "quantity": st.column_config.NumberColumn(f"Quantity ({symbol})", width=100, pinned=True,
                                                      help="The figure chosen by the reconciliation rule."),
            "range": st.column_config.TextColumn(f"Range across sources ({symbol})"),
            "link": st.column_config.TextColumn(
                "Accounts joined", width="medium",
                help="How sure it is that the accounts describe this cargo: confirmed, probable (some match it "
                     "on buyer, month and size without naming it), or 'possibly C04 (not confirmed)': an "
                     "account that may describe that cargo, kept apart and never counted as delivered."),
            "bbl_per_tonne": st.column_config.NumberColumn("bbl/t", width="small", format="%.4f",
                                                           help="Barrels per tonne used for this cargo."),
            "n_sources": st.column_config.NumberColumn("Sources", width="small"),
            "sources": st.column_config.TextColumn("Source ids", width="medium"),
        })
        st.caption("Shaded rows: the sources give different quantities for the cargo. The chosen figure "
                   "follows the reconciliation rule on the Sources page (port data before official statements, "
                   "ship tracking and the press; exact before rounded; then the most recent); the range spans "
                   "the accounts of the arrival once a cargo has arrived. A cargo marked 'possibly …' is an "
                   "account that may describe another cargo: it is listed but never counted as delivered. "
                   "Dates are as published: '(month)' means no source gives the day.")
        with st.container(horizontal=True):
            download_later(lambda: cargo_ledger(data.cargoes, unit, view.start, view.end), "cargo_ledger",
                           key="dl-vol-ledger")
            says_who(sources, [listing.sources], key="src-vol-ledger")


def cumulative_section() -> None:
    """Deliveries as a running total against the orders and, on request, the stated targets."""
    st.subheader(f"Cumulative deliveries against the order ({unit_name})")
    show_targets = st.toggle("Show annual targets, plans and deals under consideration, pro rata",
                             value=params.default("vol_targets"), key="vol_targets", bind="query-params",
                             help="They run to millions of tonnes a year, far above what arrived: shown, they "
                                  "flatten the deliveries to a line along the bottom.")
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
                                     fillcolor="rgba(0,114,178,0.15)", name="Range across sources", hoverinfo="skip"))
            fig.add_trace(go.Scatter(
                x=steps["date"], y=steps["cumulative"], mode="lines+markers", name="Delivered",
                line=dict(color=DELIVERED, shape="hv", width=3), text=fmt.chart_labels(steps["label"], 90),
                marker=dict(size=0 if running.thinned else [8 if a else 0 for a in steps["arrival"]]),
                hovertemplate="%{text}<br>%{x|%d %b %Y}: %{y:,.0f} " + symbol + " delivered<extra></extra>"))
        for target_id, line in pace.groupby("target_id", sort=False):
            kind = line["kind"].iloc[0]
            colour, dash, end = TARGET_STYLES.get(kind, TARGET_STYLES["target"])
            ranged = bool((line["quantity_low"] != line["quantity"]).any())
            if ranged:  # the low end of the range, then the figure shaded down to it
                fig.add_trace(go.Scatter(x=line["date"], y=line["quantity_low"], mode="lines", showlegend=False,
                                         line=dict(color=colour, width=1, dash=dash), legendgroup=target_id,
                                         hovertemplate="%{x|%d %b %Y}: %{y:,.0f} " + symbol
                                                       + f" at the low end of {target_id}<extra></extra>"))
            fig.add_trace(go.Scatter(
                x=line["date"], y=line["quantity"], mode="lines+markers", name=chart_label(line["label"].iloc[0], 200),
                legendgroup=target_id, line=dict(color=colour, width=2, dash=dash),
                marker=dict(symbol=end, size=[0, 11], color=colour),
                fill="tonexty" if ranged else None, fillcolor=colour + "22",
                hovertemplate="%{x|%d %b %Y}: %{y:,.0f} " + symbol + f" on the pace of {target_id} ("
                              + TARGET_KIND_LABELS.get(kind, kind) + ")<extra></extra>"))
        if not events.empty:
            top = max([*steps["cumulative_max"], *orders["cumulative"], *pace["quantity"]], default=1.0)
            fig.add_trace(go.Scatter(
                x=events["occurred_start"], y=[top * 1.06] * len(events), mode="markers", name="Key events",
                marker=dict(symbol="triangle-down", size=11, color=EVENT),
                text=fmt.chart_labels(events["occurred_on"] + " · " + events["kind"] + " · " + events["title"], 90),
                hovertemplate="%{text}<extra></extra>"))
        against = "ordered, targets and plans" if show_targets else "ordered"
        fig.update_layout(title=f"Crude delivered, cumulative, against {against} ({unit_name})",
                          height=460, yaxis_title=unit_name, hovermode="closest",
                          legend=dict(orientation="h", yanchor="top", y=-0.1))
        fig.update_yaxes(rangemode="tozero")
        chart(fig, key="vol-cumulative")
        notes = ["Arrivals known only to the month are drawn on the month's first day; the total is held "
                 "flat after the last recorded arrival."]
        if not pace.empty:
            notes.append("Each target (dashed, ◆), plan (long dashes, ■) or deal under consideration "
                         "(dash-dot, ○) starts where deliveries stood when it was stated and climbs pro rata over the "
                         "year after the statement; a shaded band runs from the low end of a range to its high end. "
                         "At their scale the deliveries flatten: switch them off to see the steps.")
        elif show_targets:
            notes.append("No annual target, plan or deal under consideration applies to this period.")
        if running.thinned:
            notes.append("So many orders and arrivals fall in this range that each point of a line stands for all "
                         "of them since the previous point (hover to see how many); the totals are exact at every "
                         "point, and the CSV lists every arrival.")
        if orders.empty:
            notes.insert(0, "No order stating a quantity was placed in this period.")
        st.caption(" ".join(notes))
        download_later(lambda: cumulative_in(data.cargoes, unit, view.start, view.end), "cumulative_deliveries",
                       key="dl-vol-cumulative", label="Download deliveries (CSV)")


def shares_section(frequency: str) -> None:
    """Russia's share of Pakistan's imports per period, the total each share rests on and how well
    it fits, and every published total with the share over its own period."""
    st.subheader(f"Russia's share of Pakistan's crude imports, per {frequency}")
    shares = cached(data, period_shares, data.cargoes, data["import_context"], sources, unit, frequency, view.basis,
                    view.start, view.end)
    if shares.empty:
        empty(f"No cargo arrived between {span}, and no source says Russian crude arrived then.")
    else:
        exact = shares["overlap_days"].eq(shares["days"]) & shares["overlap_days"].eq(shares["total_days"])
        drawn = shares["state"].eq("share")
        crude = drawn & shares["measure"].eq("crude")
        kinds = (("of crude imports, over a total for exactly this period", crude & exact, BLUE, ""),
                 ("of crude imports, over a total for another span (pro rata or in part: see the table)",
                  crude & ~exact, BLUE, "/"),
                 ("of all oil imports (crude and products): no crude total covers the period", drawn & ~crude,
                  ORANGE, "x"))
        fig = go.Figure()
        for name, rows, colour, shape in kinds:
            if rows.any():
                fig.add_trace(go.Bar(
                    y=shares.loc[rows, "period"], x=shares.loc[rows, "share_pct"], orientation="h", name=name,
                    marker=dict(color=colour, pattern=pattern(shape)), text=shares.loc[rows, "shown"],
                    textposition="outside", cliponaxis=False, customdata=shares.loc[rows, ["rests_on", "match"]].apply(fmt.chart_labels, width=90),
                    hovertemplate="%{y}: %{text}<br>over %{customdata[0]}<br>%{customdata[1]}<extra></extra>"))
        if (~drawn).any():
            fig.add_trace(go.Scatter(
                y=shares.loc[~drawn, "period"], x=[0] * int((~drawn).sum()), mode="text", name="no share",
                text=shares.loc[~drawn, "shown"], textposition="middle right", textfont=dict(color=TEXT),
                showlegend=False, hovertemplate="%{y}: %{text}<extra></extra>"))
        top = shares["share_pct"].max()
        fig.update_layout(title=f"Russian crude as a share of Pakistan's imports, per {frequency} (%)",
                          height=160 + 30 * len(shares), xaxis_title="share of imports (%)", barmode="overlay",
                          xaxis_range=[0, max(5.0, 1.3 * top) if top == top else 5.0],
                          legend=dict(orientation="h", yanchor="top", y=-0.12))
        fig.update_yaxes(categoryorder="array", categoryarray=shares["period"].tolist()[::-1], type="category")
        chart(fig, key="vol-share")
        st.caption("A share is the Russian crude that arrived in the days a published total covers, over that total "
                   "pro rata for those days (imports taken as even across the total's period). No bar where no "
                   "cargo is recorded: the share is then unknown, not zero. Totals in bbl/d are multiplied by the "
                   "period's real days and converted at the default 7.33 bbl/t (BP average for crude); a total of "
                   "all oil is used only where no crude total covers the period, and says so.")
        st.dataframe(shares[["period", "shown", "russian", "cargo_ids", "rests_on", "match", "nearest", "said"]],
                     hide_index=True, width="stretch", key="vol-share-table", column_config={
                         "period": st.column_config.TextColumn("Period", width="small"),
                         "shown": st.column_config.TextColumn("Russian share", width="small"),
                         "russian": st.column_config.NumberColumn(f"Russian crude arrived ({symbol})", format="%,d"),
                         "cargo_ids": st.column_config.TextColumn("Cargoes", width="small"),
                         "rests_on": st.column_config.TextColumn("Import total it rests on", width="medium"),
                         "match": st.column_config.TextColumn("How the total fits the period", width="medium"),
                         "nearest": st.column_config.TextColumn("No total covers it: the nearest ones", width="medium"),
                         "said": st.column_config.TextColumn("Russian crude reported without a quantity",
                                                             width="medium"),
                     })
        download_later(shares, f"russia_share_per_{frequency}", key="dl-vol-share")
        gaps = shares[shares["state"].eq(NO_TOTAL) & shares["cargoes"].gt(0)]
        for gap in gaps.head(GAPS_SHOWN).itertuples():
            st.warning(f"No published total of Pakistan's imports covers {gap.period}, when "
                       f"{fmt.quantity(gap.russian, unit)} of Russian crude arrived: the nearest totals follow.",
                       icon=":material/help:")
            st.text(f"Cargoes: {gap.cargo_ids}\n{gap.nearest}")
        if len(gaps) > GAPS_SHOWN:
            st.caption(f"{len(gaps) - GAPS_SHOWN:,} more {frequency}s with deliveries have no published total of "
                       "Pakistan's imports either; the table lists them all.")
    with st.expander("Every published total of Pakistan's imports, with the share over its own period"):
        totals = cached(data, share_view, data.cargoes, data["import_context"], sources, unit, view.start, view.end,
                        shares=cached(data, russia_share, data.cargoes, data["import_context"]))
        if totals.empty:
            st.caption(f"No published total of Pakistan's imports covers any part of {span}.")
        else:
            st.dataframe(totals[["context_id", "period", "measure", "published", "in_tonnes", "russian",
                                 "russian_cargoes", "shown", "said", "publisher", "source_id"]],
                         hide_index=True, width="stretch", key="vol-share-totals", column_config={
                             "context_id": st.column_config.TextColumn("Total", width="small"),
                             "period": st.column_config.TextColumn("Period", width="small"),
                             "measure": st.column_config.TextColumn("What it counts", width="medium"),
                             "published": st.column_config.TextColumn("As published", width="small"),
                             "in_tonnes": st.column_config.TextColumn("In tonnes", width="medium"),
                             "russian": st.column_config.NumberColumn(f"Russian crude in the period ({symbol})",
                                                                      format="%,d"),
                             "russian_cargoes": st.column_config.NumberColumn("Cargoes", width="small"),
                             "shown": st.column_config.TextColumn("Russian share", width="small"),
                             "said": st.column_config.TextColumn("Russian crude reported without a quantity",
                                                                 width="medium"),
                             "publisher": st.column_config.TextColumn("Publisher", width="small"),
                             "source_id": st.column_config.TextColumn("Source", width="small"),
                         })
            st.caption("Each row is one published total and the Russian crude that arrived inside its own period, "
                       "so no pro rata is involved; periods overlap where outlets report different spans.")
            download_later(totals, "russia_share_per_total", key="dl-vol-share-totals")


def periods_section() -> None:
    """Deliveries per month, quarter or year; the share of Pakistan's crude imports; targets."""
    st.subheader(f"Deliveries per period ({unit_name})")
    frequency = st.segmented_control("Period", FREQUENCIES, default=params.default("vol_freq"), key="vol_freq",
                                     bind="query-params", required=True) or params.default("vol_freq")
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

    shares_section(frequency)

    st.subheader("Targets, plans and deals under consideration against what happened")
    targets = cached(data, targets_table, data["targets"], data.cargoes, data["import_context"], sources, view.start,
                     view.end, actuals=cached(data, targets_vs_actuals, data["targets"], data.cargoes,
                                              data["import_context"]))
    if targets.empty:
        empty(f"No stated target, plan or deal under consideration applies to any part of {span}.")
    else:
        st.dataframe(targets, hide_index=True, width="stretch", key="vol-targets", placeholder="—", column_config={
            "target_id": st.column_config.TextColumn("Id", width="small"),
            "kind": st.column_config.TextColumn(
                "Kind", help="target: a goal a government or company aims for; plan: a concrete plan of named "
                             "buyers; under consideration: a deal being weighed, not decided."),
            "stated_on": "Stated",
            "speaker": st.column_config.TextColumn("Said by", help="Who the source quotes; empty when it names no "
                                                                   "one or only an office."),
            "speaker_role": st.column_config.TextColumn("Role", help="The speaker's office at the time."),
            "publisher": st.column_config.TextColumn("Published by", help="The outlet that reported it."),
            "source_id": st.column_config.TextColumn("Source", width="small"),
            "metric": "Metric", "target": "Figure stated", "actual": "Actual",
            "pct_of_target": st.column_config.NumberColumn("Of the figure", format="%.1f%%",
                                                           help="Actual over the figure (a range's upper end)."),
            "measured_as": st.column_config.TextColumn("How the actual is measured", width="medium"),
            "window": "Year after the statement",
            "note": st.column_config.TextColumn("Note", width="medium"),
        })
        st.caption("Figures and actuals are in the unit each was stated in; actuals cover the year after the "
                   "statement. Only targets are goals: a plan is what named buyers meant to do, and a deal under "
                   "consideration was never decided.")
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
                                        name=chart_label(f"{route} · {path['vessels'].iloc[0]}", 200)))
            if path["load_port"].isna().iloc[0]:
                start = path.iloc[0]
                fig.add_trace(go.Scattergeo(
                    lat=[start["lat"]], lon=[start["lon"]], mode="markers", showlegend=True,
                    marker=dict(size=16, symbol="circle-open", color=colour, line=dict(width=2)),
                    name=f"{route}: loading port not named (line starts at the canal)",
                    text=[route], hovertemplate="%{text}: loading port not named in any source<extra></extra>"))
        named = stops(paths)
        fig.add_trace(go.Scattergeo(
            lat=named["lat"], lon=named["lon"], mode="markers+text", name="Named ports and the canal",
            marker=dict(size=10, color=TEXT), text=fmt.chart_labels(named["name"], 200), hovertext=fmt.chart_labels(named["described"], 90),
            textposition=named["label_position"].fillna("top center").tolist(),
            textfont=dict(size=14, color=TEXT, shadow="auto"), hovertemplate="%{hovertext}<extra></extra>"))
        # Mercator over the Baltic-to-Arabian-Sea box fills a wide chart; the room east of Karachi
        # keeps its label on the map even at a phone's width.
        fig.update_geos(projection_type="mercator", showcountries=True, countrycolor=MAP_BORDERS,
                        showland=True, landcolor=MAP_LAND, showocean=True, oceancolor=MAP_SEA,
                        lataxis_range=[8, 64], lonaxis_range=[-14, 86])
        fig.update_layout(title="Route of Russian crude to Pakistan (ports as named in the sources)", height=760,
                          legend=dict(orientation="h", y=-0.02))
        chart(fig, key="vol-route")
        st.caption("Marked: " + "; ".join(named["described"]) + ". Only ports a source names are marked; the "
                   "line between them follows the usual sea lane and is drawn, not reported.")
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
SECTIONS = dict(zip(params.options("vol_section"), (cargo_ledger_section, cumulative_section, periods_section,
                                                    route_section), strict=True))
for tab, draw in zip(st.tabs(list(SECTIONS), key="vol_section", on_change="rerun", bind="query-params"),
                     SECTIONS.values()):
    if tab.open:
        with tab:
            draw()
