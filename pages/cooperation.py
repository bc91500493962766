"""Cooperation: which sectors are moving, how far, who says so, bilateral trade (all goods and
crude petroleum apart), and trade by sector from UN Comtrade downloads beside each sector's
initiatives."""
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis import params
from analysis.cooperation import STAGES
from analysis.cooperation_views import (DIRECTION_LABELS, STATUS_LABELS, cooperation_view, mention_matrix,
                                        sector_ids, trade_rows, trade_view)
from analysis.formatting import chart_label, chart_labels, who_said
from analysis.hs_sectors import OTHER, hs_map
from analysis.sector_trade import (comtrade_flows, composition, crude_against_ledger, importers_account, mirror,
                                   sector_overview, sector_trade)
from analysis.trade import TOTAL, by_commodity
from ui.colours import (CATEGORICAL, DIRECTION_COLOURS, DIRECTION_PATTERNS, STATUS_COLOURS, STATUS_PATTERNS,
                        STATUS_SYMBOLS, pattern)
from ui.cache import cached, download_later, first_rows
from ui.filters import current
from ui.state import corridor
from ui.widgets import WRAP_ROWS, chart, empty, says_who

TRADE_BASES = params.options("coop_trade_basis")
COUNT_BY = params.options("coop_count_by")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")  # with the marker: colour is not alone
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star")
COMPOSITION_BARS = 15


def wrapping_height(rows: int, shown: int = 10) -> int:
    """Pixels for a table of WRAP_ROWS-tall rows (long text wraps) that shows up to `shown` of
    them at once."""
    return 40 + WRAP_ROWS * max(1, min(rows, shown))


def crude_check() -> None:
    """Comtrade's net weight of crude against the cargo ledger's tonnes, year by year."""
    check = cached(data, crude_against_ledger, data["trade_flows"], data.cargoes)
    if check.empty:
        return
    st.markdown("**Checked against the cargo ledger (tonnes)**")
    st.caption("The cargoes that arrived each year by the ledger (Crude volumes), against the net weight of HS 2709 "
               "in each country's Comtrade account. Comtrade counts a cargo in the year customs cleared it and "
               "may leave out what a private buyer declared under another code, so the two can differ widely.")
    st.dataframe(check, hide_index=True, width="stretch", key="coop-crude-check", column_config={
        "year": st.column_config.NumberColumn("Year", format="%d"), "cargoes": "Cargoes arrived",
        "ledger_t": st.column_config.NumberColumn("Ledger, t", format="%,.0f"),
        "pakistan_t": st.column_config.NumberColumn("Comtrade, Pakistan's account, t", format="%,.0f"),
        "russia_t": st.column_config.NumberColumn("Comtrade, Russia's account, t", format="%,.0f"),
        "ledger_less_pakistan_t": st.column_config.NumberColumn("Ledger less Pakistan's, t", format="%+,.0f")})
    download_later(check, "crude_ledger_against_comtrade", key="dl-coop-crude-check")


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
           "An initiative's latest status is the latest one reported in that range; its furthest stage is the "
           f"furthest any report up to {view.end:%d %b %Y} gives (stated, in talks, agreed, under way, delivered; "
           "stalled is not a stage).")

# 1. Initiatives per sector, by latest status or furthest stage --------------------------------
st.subheader("Initiatives per sector")
if coop.latest.empty:
    empty("No initiative is tracked in the chosen sectors.")
else:
    count_by = st.segmented_control("Count initiatives by", COUNT_BY, default=params.default("coop_count_by"),
                                    key="coop_count_by", bind="query-params", required=True,
                                    help="Latest report: how each initiative stands now. Furthest stage: how far "
                                         "it ever got, even if it has since stalled."
                                    ) or params.default("coop_count_by")
    furthest = count_by == "furthest stage"
    counts = coop.stages if furthest else coop.counts
    counts = counts.assign(row=chart_labels(counts["sector"], 40))
    order = (counts.groupby("row", sort=False)["initiatives"].sum()
             .sort_values(kind="mergesort").index.tolist())  # most initiatives on top
    fig = go.Figure()
    for status in STAGES if furthest else STATUS_LABELS:
        label = STATUS_LABELS[status]
        part = counts[counts["status"] == status]
        fig.add_trace(go.Bar(y=part["row"], x=part["initiatives"], orientation="h", name=label,
                             marker=dict(color=STATUS_COLOURS[status], pattern=pattern(STATUS_PATTERNS[status])),
                             hovertemplate="%{y}: %{x} initiative(s) " + label + "<extra></extra>"))
    title = ("Initiatives per sector by the furthest stage reached (count)" if furthest
             else "Initiatives per sector by latest reported status (count)")
    fig.update_layout(barmode="stack", title=title,
                      height=max(240, 80 + 34 * len(order)), xaxis_title=None, yaxis_title=None,
                      legend=dict(traceorder="normal"))
    fig.update_yaxes(categoryorder="array", categoryarray=order)
    fig.update_xaxes(dtick=1)
    chart(fig, key="coop-status")
    if furthest:
        never = int(coop.latest["furthest_status"].isna().sum())
        if never:
            st.caption(f"{never} initiative(s) have no report of any stage up to {view.end:%d %b %Y} and are not "
                       "counted.")
    elif coop.unreported:
        st.caption(f"{coop.unreported} initiative(s) have no status report in this period and are not counted.")
    if coop.quiet_sectors:
        st.text("No initiative tracked (see who mentions them below): " + ", ".join(coop.quiet_sectors))
    download_later(counts[["sector", "status_label", "initiatives"]],
                   "initiatives_by_stage" if furthest else "initiatives_by_status", key="dl-coop-status")

# 2. The pipeline --------------------------------------------------------------------------------
st.subheader("Initiative pipeline")
if coop.latest.empty:
    empty("No initiative is tracked in the chosen sectors.")
else:
    pipeline = coop.latest.sort_values(["furthest_status", "status", "reported_start"],
                                       ascending=[False, True, False], na_position="last")
    pipeline = pipeline.assign(
        status_label=pipeline["status_label"].fillna("no report in this period"),
        furthest_label=pipeline["furthest_label"].fillna("no stage reported"))[
        ["title", "furthest_label", "furthest_on", "status_label", "reported_on", "speaker", "speaker_role",
         "publisher", "note", "sector", "furthest_publisher", "furthest_source_id", "source_id", "n_reports",
         "initiative_id"]]  # what a reader needs first on the left, ids last
    shown = first_rows(pipeline, "initiatives")
    st.dataframe(shown, hide_index=True, width="stretch", key="coop-pipeline", row_height=WRAP_ROWS,
                 height=wrapping_height(len(shown), 14), placeholder="—", column_config={
        "initiative_id": st.column_config.TextColumn("Id", width="small"),
        "title": st.column_config.TextColumn("Initiative", width="medium"),
        "sector": "Sector",
        "furthest_label": st.column_config.TextColumn(
            "Furthest stage", help="The furthest stage any report gives: stated, in talks, agreed, under way, "
                                   "delivered. Stalled is not a stage."),
        "furthest_on": st.column_config.TextColumn("First reached", help="Date of the first report of that stage."),
        "furthest_publisher": "Reached: published by",
        "furthest_source_id": st.column_config.TextColumn("Reached: source", width="small"),
        "status_label": "Latest report", "reported_on": "Reported",
        "speaker": st.column_config.TextColumn("Said by", help="Who the source quotes; empty when it names no one."),
        "speaker_role": st.column_config.TextColumn("Role", help="The speaker's office at the time."),
        "publisher": "Published by", "source_id": st.column_config.TextColumn("Source", width="small"),
        "note": st.column_config.TextColumn("What the latest report says", width="large"),
        "n_reports": st.column_config.NumberColumn("Reports", width="small",
                                                   help="Status reports on this initiative in the period."),
    })
    st.caption("Sorted by furthest stage. A stage once reached stays reached: an initiative that delivered and "
               "has since stalled shows delivered as its furthest stage and stalled as its latest report.")
    with st.container(horizontal=True):
        download_later(pipeline, "initiative_pipeline", key="dl-coop-pipeline")
        says_who(sources, [*coop.latest["source_id"].dropna(), *coop.latest["furthest_source_id"].dropna()],
                 key="src-coop-pipeline")

# 3. Status histories --------------------------------------------------------------------------
st.subheader("How each initiative moved")
history = coop.history
if history.empty:
    empty(f"No status report on the chosen sectors' initiatives is dated between {span}.")
else:
    drawn = history.assign(
        row=chart_labels(history["title"]), said=chart_labels(history["note"], 60),
        speaker_label=chart_labels(who_said(history["speaker"], history["speaker_role"]), 60),
        publisher_label=chart_labels(history["publisher"], 60))
    titles = drawn.drop_duplicates("initiative_id")["row"].tolist()
    lines = max(t.count("<br>") + 1 for t in titles)
    fig = go.Figure()
    for _, path in drawn.groupby("initiative_id", sort=False):
        fig.add_trace(go.Scatter(x=path["reported_start"], y=path["row"], mode="lines", showlegend=False,
                                 line=dict(color="#c9d1d9", width=2), hoverinfo="skip"))
    for status, label in STATUS_LABELS.items():
        part = drawn[drawn["status"] == status]
        if part.empty:
            continue
        fig.add_trace(go.Scatter(
            x=part["reported_start"], y=part["row"], mode="markers", name=label,
            marker=dict(color=STATUS_COLOURS[status], symbol=STATUS_SYMBOLS[status], size=12,
                        line=dict(color="white", width=1)),
            customdata=part[["reported_on", "publisher_label", "speaker_label", "said"]],
            hovertemplate=("%{y}<br>%{customdata[0]} · " + label + "<br>%{customdata[3]}"
                           "<br>Said by: %{customdata[2]} · published by %{customdata[1]}<extra></extra>")))
    fig.update_layout(title="Status reports per initiative, by report date (one marker per report)",
                      height=max(240, 90 + (24 + 14 * lines) * len(titles)), xaxis_title=None, yaxis_title=None,
                      hovermode="closest")
    fig.update_yaxes(categoryorder="array", categoryarray=titles[::-1])
    chart(fig, key="coop-history")
    st.caption("Reports dated only to a month or a year are drawn on its first day.")
    download_later(history[["initiative_id", "title", "sector", "reported_on", "status_label", "speaker",
                            "speaker_role", "publisher", "source_id", "note"]], "initiative_status_history",
                   key="dl-coop-history")

# 4. Who said what, and who speaks of which sector -------------------------------------------------
st.subheader("Who said what")
said = coop.said
if said.empty:
    empty(f"No event or status report on the chosen sectors dated between {span} names who made it.")
else:
    table = said[["date", "what", "speaker", "speaker_role", "publisher", "url", "sectors", "note", "record_id",
                  "source_id"]]
    listed = first_rows(table, "statements, newest first")
    st.dataframe(listed, hide_index=True, width="stretch", key="coop-said", row_height=WRAP_ROWS,
                 height=wrapping_height(len(listed)), placeholder="—", column_config={
        "date": st.column_config.TextColumn("Date", width=100),
        "what": st.column_config.TextColumn("What was said or reported", width="large"),
        "speaker": st.column_config.TextColumn("Said by", help="Who the source quotes; empty when it gives only "
                                                               "an office."),
        "speaker_role": st.column_config.TextColumn("Role", help="The speaker's office at the time."),
        "publisher": st.column_config.TextColumn("Published by", help="The outlet that reported it."),
        "url": st.column_config.LinkColumn("Link", display_text="open", width="small"),
        "sectors": "Sectors", "note": st.column_config.TextColumn("Note", width="medium"),
        "record_id": st.column_config.TextColumn("Record", width="small"),
        "source_id": st.column_config.TextColumn("Source", width="small"),
    })
    st.caption(f"{len(said):,} events and status reports whose source names who spoke (a person, an office or "
               "both); the Timeline lists every event.")
    download_later(table, "who_said_what", key="dl-coop-said")

st.subheader("Mentions per sector and publisher")
matrix = mention_matrix(coop.mentions)
if matrix.empty:
    empty(f"No event or status report on the chosen sectors is dated between {span}.")
else:
    fig = go.Figure(go.Heatmap(
        z=matrix.to_numpy(), x=[chart_label(p, 40) for p in matrix.columns],
        y=[chart_label(s, 40) for s in matrix.index], colorscale="Blues",
        xgap=1, ygap=1, colorbar=dict(title="mentions"),
        text=matrix.astype(str).where(matrix > 0, "").to_numpy(), texttemplate="%{text}",  # counts, not only shades
        hovertemplate="%{y} · %{x}: %{z} mention(s)<extra></extra>"))
    fig.update_layout(title="Mentions per sector and publisher (events and status reports, count)",
                      height=max(320, 230 + 30 * len(matrix)), xaxis_title=None, yaxis_title=None)
    fig.update_xaxes(tickangle=-50)
    fig.update_yaxes(autorange="reversed")
    chart(fig, key="coop-mentions")
    st.caption("A mention is an event tagged with the sector or a status report on one of its initiatives. "
               "Publishers are ordered by how often they speak of the chosen sectors.")
    download_later(matrix.reset_index(), "sector_mentions", key="dl-coop-mentions")

# 5. Bilateral trade, one section per commodity -----------------------------------------------------
st.subheader("Bilateral trade (USD millions)")
if "trade" not in chosen:
    empty("Trade figures belong to the Trade sector: add Trade to the sector filter to see them.")
else:
    basis = st.segmented_control("Trade periods", TRADE_BASES, default=params.default("coop_trade_basis"),
                                 key="coop_trade_basis", bind="query-params", required=True,
                                 help="Calendar years, Pakistan's fiscal years (July–June), or both."
                                 ) or params.default("coop_trade_basis")
    trade = cached(data, trade_view, data["trade_flows"], sources, basis, view.start, view.end)
    if trade.empty:
        empty(f"No trade figure ({basis} periods) covers any time between {span}.")
    else:
        st.caption("Values as published: 'at least' marks a lower bound, 'about' a rounded figure. Each "
                   "source's figure is its own bar, so two outlets quoting the same year stand side by side. "
                   "Figures for all goods and for one kind of goods (such as HS 2709, crude petroleum, from UN "
                   "Comtrade) are shown apart: a part of the trade is never drawn or added up as the whole.")
        for code, part in by_commodity(trade):
            if code not in (TOTAL, "2709") and part["flow_id"].str.startswith("CT-").all():
                continue  # a Comtrade download by HS code: drawn by sector below, not as a chart per code
            name = part["commodity_label"].iloc[0]
            st.markdown(f"#### {name[0].upper()}{name[1:]}")
            rows = trade_rows(part, sources).map(lambda row: chart_label(row, 40))  # a flow id stays whole
            order = list(dict.fromkeys(rows))  # chronological, as trade_view sorts
            fig = go.Figure()
            for direction, label in DIRECTION_LABELS.items():
                drawn = part["direction"] == direction
                if not drawn.any():
                    continue
                fig.add_trace(go.Bar(
                    y=rows[drawn], x=part.loc[drawn, "value_musd"], orientation="h", name=label,
                    marker=dict(color=DIRECTION_COLOURS[direction], pattern=pattern(DIRECTION_PATTERNS[direction])),
                    text=part.loc[drawn, "stated"],
                    textposition="outside", constraintext="none", cliponaxis=False,
                    customdata=part.loc[drawn, ["stated", "basis"]],
                    hovertemplate=label + ", %{y} (%{customdata[1]} basis): %{customdata[0]}<extra></extra>"))
            fig.update_layout(title=f"Russia–Pakistan trade in {name} by period, direction and source (USD millions)",
                              barmode="group", height=140 + 70 * len(order), xaxis_title="USD millions",
                              legend=dict(orientation="h", y=-0.12), bargap=0.25,
                              showlegend=True)  # the direction in words, even for one direction alone
            fig.update_yaxes(categoryorder="array", categoryarray=order[::-1])
            fig.update_xaxes(range=[0, part["value_musd"].max() * 1.3])
            chart(fig, key=f"coop-trade-{code}")
            table = part[["flow_id", "period", "basis", "direction_label", "stated", "value_musd",
                          "qualifier_label", "commodity_label", "commodity", "publisher", "source_id", "note"]]
            shown = first_rows(table, f"trade figures ({name})")
            st.dataframe(shown, hide_index=True, width="stretch", key=f"coop-trade-table-{code}", column_config={
                "flow_id": st.column_config.TextColumn("Id", width="small"), "period": "Period", "basis": "Basis",
                "direction_label": "Direction", "stated": "As published",
                "value_musd": st.column_config.NumberColumn("USD millions", format="%.1f"),
                "qualifier_label": "Qualifier", "commodity_label": "Goods",
                "commodity": st.column_config.TextColumn(
                    "Code", width="small", help="TOTAL for all goods, else the Harmonized System code."),
                "publisher": "Publisher", "source_id": st.column_config.TextColumn("Source", width="small"),
                "note": st.column_config.TextColumn("Note", width="medium")})
            download_later(table, "trade_all_goods" if code == TOTAL else f"trade_hs_{code}",
                           key=f"dl-coop-trade-{code}")
            if code == "2709":
                crude_check()

# 6. Trade by sector, from UN Comtrade downloads by HS code ------------------------------------------
st.subheader("Trade by sector (UN Comtrade, USD millions)")
by_sector = cached(data, sector_trade, data["trade_flows"])
if by_sector.empty:
    empty("No UN Comtrade download by HS code is stored. Import one on the Data desk (Import, then 'UN Comtrade "
          "goods download') to see what the trade is made of, sector by sector, beside each sector's initiatives.")
else:
    sector_names = {**dict(zip(sectors["sector_id"], sectors["name"])), OTHER: "Other goods"}
    st.caption("Each HS code counts towards the sector data/hs_sectors.csv gives it (codes no sector claims are "
               "'other goods'); a chapter counts only what its headings in the same download do not. Yearly "
               "figures, in the importer's own account unless only the exporter reported them.")
    says_who(sources, cached(data, comtrade_flows, data["trade_flows"])["source_id"].unique(), key="coop-sector-who",
             label="Says who? (the UN Comtrade downloads)")
    overview = cached(data, sector_overview, coop.latest, by_sector, sectors, tuple(chosen))
    table = overview.assign(furthest_stage=overview["furthest_stage"].map(STATUS_LABELS), **{
        f"{d}_{end}_musd": overview[f"{d}_{end}_usd"].astype(float) / 1e6
        for d in ("RU_to_PK", "PK_to_RU") for end in ("first", "last")})
    st.markdown("**Each sector: how far its initiatives got, and where its trade went**")
    columns = {"sector": "Sector", "furthest_stage": "Furthest stage", "stage_on": "Reached"}
    for d, arrow in (("RU_to_PK", "Russia → Pakistan"), ("PK_to_RU", "Pakistan → Russia")):
        columns |= {f"{d}_from": st.column_config.NumberColumn(f"{arrow}: from", format="%d"),
                    f"{d}_first_musd": st.column_config.NumberColumn("USD m", format="%.1f"),
                    f"{d}_to": st.column_config.NumberColumn("to", format="%d"),
                    f"{d}_last_musd": st.column_config.NumberColumn("USD m", format="%.1f"),
                    f"{d}_change_percent": st.column_config.NumberColumn("change %", format="%+.0f%%")}
    st.dataframe(table[list(columns)], hide_index=True, width="stretch", key="coop-sector-overview",
                 column_config=columns)
    download_later(overview, "sector_stage_and_trade", key="dl-coop-sector-overview")

    trend = cached(data, importers_account, by_sector)
    trend = trend[trend["sector_id"].isin([*chosen, OTHER])]
    for direction, label in DIRECTION_LABELS.items():
        part = trend[trend["direction"] == direction]
        if part.empty:
            continue
        fig = go.Figure()
        for i, (sector, line) in enumerate(part.groupby("sector_id", sort=True)):
            fig.add_trace(go.Scatter(
                x=line["year"], y=line["value_usd"] / 1e6, name=sector_names.get(sector, sector),
                mode="lines+markers", line=dict(color=CATEGORICAL[i % len(CATEGORICAL)], dash=DASHES[i % len(DASHES)]),
                marker=dict(symbol=SYMBOLS[i % len(SYMBOLS)], size=8), customdata=line["reporter"],
                hovertemplate="%{x}: %{y:,.1f} USD m (as %{customdata} reported it)<extra>%{fullData.name}</extra>"))
        fig.update_layout(title=f"{label}: trade by sector per year (USD millions)", xaxis_title="year",
                          yaxis_title="USD millions", xaxis=dict(dtick=1), yaxis=dict(rangemode="tozero"),
                          legend=dict(orientation="h", y=-0.2))
        chart(fig, key=f"coop-sector-trend-{direction}")

    st.markdown("**Both countries' accounts of the same trade**")
    st.caption("Pakistan's imports from Russia against Russia's exports to Pakistan, and the reverse. The two never "
               "agree (importers count freight and insurance, and goods in transit fall in different years); the "
               "gap is the importer's figure less the exporter's, in percent of the exporter's. Where one country "
               "reported nothing, that is said instead of a zero.")
    gaps = cached(data, mirror, by_sector)
    gaps = gaps[gaps["sector_id"].isin([*chosen, OTHER])]
    shown = gaps.assign(sector=gaps["sector_id"].map(sector_names),
                        direction_label=gaps["direction"].map(DIRECTION_LABELS),
                        importer_musd=gaps["importer"] / 1e6, exporter_musd=gaps["exporter"] / 1e6,
                        gap_musd=gaps["gap_usd"] / 1e6,
                        note=("no figure from " + gaps["missing"]).where(gaps["missing"].notna(), ""))
    shown = shown.sort_values(["year", "direction", "sector"], ascending=[False, True, True])
    st.dataframe(first_rows(shown, "sector-years"), hide_index=True, width="stretch", key="coop-sector-mirror",
                 column_order=["year", "direction_label", "sector", "importer_musd", "exporter_musd", "gap_musd",
                               "gap_percent", "note"],
                 column_config={"year": st.column_config.NumberColumn("Year", format="%d"),
                                "direction_label": "Direction", "sector": "Sector",
                                "importer_musd": st.column_config.NumberColumn("Importer's account, USD m",
                                                                               format="%.1f"),
                                "exporter_musd": st.column_config.NumberColumn("Exporter's account, USD m",
                                                                               format="%.1f"),
                                "gap_musd": st.column_config.NumberColumn("Gap, USD m", format="%+.1f"),
                                "gap_percent": st.column_config.NumberColumn("Gap, %", format="%+.1f%%"),
                                "note": "Note"})
    download_later(shown.drop(columns=["direction_label"]), "sector_mirror_trade", key="dl-coop-sector-mirror")

    described = dict(zip(hs_map()["code"], hs_map()["description"]))
    for direction, (seller, buyer) in {"RU_to_PK": ("Russia", "Pakistan"), "PK_to_RU": ("Pakistan", "Russia")}.items():
        year, reporter, chapters = cached(data, composition, data["trade_flows"], direction)
        if year is None:
            continue
        top = chapters.head(COMPOSITION_BARS)[::-1]  # largest at the top
        labels = [chart_label(f"{code} {described[code]}" if code in described else f"HS {code}", 38)
                  + f" ({sector_names.get(s, s)})" for code, s in zip(top["commodity"], top["sector_id"])]
        weight = top["net_weight_t"].map(lambda t: "" if pd.isna(t) else f", net weight {t:,.0f} t")
        fig = go.Figure(go.Bar(y=labels, x=top["value_usd"] / 1e6, orientation="h", customdata=weight,
                               marker=dict(color=DIRECTION_COLOURS[direction],
                                           pattern=pattern(DIRECTION_PATTERNS[direction])),
                               text=[f"{v:,.1f} ({p:.0f}%)" for v, p in zip(top["value_usd"] / 1e6,
                                                                             top["share_percent"])],
                               textposition="outside", cliponaxis=False,
                               hovertemplate="%{y}: %{x:,.1f} USD m%{customdata}<extra></extra>"))
        fig.update_layout(title=f"What {seller} sold {buyer} in {year}, by HS chapter, as {reporter} reported it "
                                "(USD millions)", xaxis_title="USD millions", height=140 + 32 * len(top),
                          xaxis=dict(range=[0, top["value_usd"].max() / 1e6 * 1.35]))
        chart(fig, key=f"coop-sector-composition-{direction}")
        if len(chapters) > len(top):
            st.caption(f"The {len(top)} largest of {len(chapters)} chapters; the CSV holds them all.")
        download_later(chapters, f"composition_{direction.lower()}_{year}",
                       key=f"dl-coop-sector-composition-{direction}")
