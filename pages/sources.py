"""Sources: who says what, how much each source supports, and where sources disagree."""
from functools import partial

import plotly.graph_objects as go
from plotly.subplots import make_subplots
import streamlit as st

from analysis import formatting as fmt
from analysis import params
from analysis.conflicts import (EVIDENCE_WORDS, date_disagreements, date_dispute_counts, date_disputes,
                                disputed_dates, quantity_accounts, quantity_dispute_counts, quantity_disputed,
                                quantity_disputes, rule_example, uncertain_links, undated_or_in_range)
from analysis.provenance import CITING_TABLES, filter_sources, source_support
from analysis.schema import SOURCE_KINDS
from ui.cache import MAX_ROWS, cached, download_later, first_rows
from ui.colours import BLUE, GREY
from ui.filters import current
from ui.state import corridor
from ui.widgets import WRAP_ROWS, chart, empty

CHARTED = 12  # cargoes drawn in the chart of disagreeing sizes

view = current()
data = corridor()
sources = data["sources"]

st.title("Sources and where they disagree")
st.caption(f"Cargoes that arrived and orders placed between {view.start:%d %b %Y} and "
           f"{view.end:%d %b %Y} (and any without a reported date). Quantities in tonnes, the unit "
           "reconciliation compares them in.")
cargoes_in_range = cached(data, undated_or_in_range, data.cargoes, "arrival_start", view.start, view.end)
with st.expander("How one figure is chosen when sources disagree", expanded=False):
    st.markdown(
        "Each source's account is kept. Accounts join one cargo only where the data says the link is "
        "**confirmed** or **probable**; an account whose link is **unconfirmed** stays a cargo of its own, shown "
        "as a possible match (the *Links to cargoes* tab) and never counted as delivered. Once any account "
        "reports a cargo arrived, only the arrival and discharge accounts give its quantity: a loading figure "
        "says what left port, not what arrived.\n\n"
        "To pick one figure, those accounts are put in this order and the first one wins:\n"
        "1. **Evidence**: port or customs data, then an official statement, then ship tracking, then a "
        "press report (the outlet's own reporting, unnamed sources or a rewrite of another outlet).\n"
        "2. **Kind of source**: official, then datasets, then news, then estimates, so that a figure "
        "published by its own authority comes before a newspaper quoting it.\n"
        "3. **How exact**: a plain figure before one given as *about*, *up to* or *at least*.\n"
        "4. **How specific**: more significant digits first (45,142 t before 45,000 t).\n"
        "5. **How recent**: the most recently published source first.\n"
        "6. **Report id**, so the choice never depends on the order rows were entered.\n\n"
        "The range runs from the lowest to the highest of the same accounts. For dates, the most precise "
        "date wins (a day before a month); among equally precise dates, the best-ranked account's "
        "(for an order, the earliest).")
    example = cached(data, rule_example, data["cargo_reports"], cargoes_in_range, sources, data["grades"])
    if example.empty:
        st.caption("No cargo in this date range has more than one account stating its quantity.")
    else:
        st.caption("The rule at work on the cargoes of this date range that have more than one account "
                   "stating a quantity: the account chosen, the next in line, and the step that decided.")
        st.dataframe(example, hide_index=True, width="stretch", key="rule-example", column_config={
            "cargo_id": st.column_config.TextColumn("Cargo", width="small"),
            "vessel": st.column_config.TextColumn("Vessel", width="small"),
            "accounts": st.column_config.NumberColumn("Accounts", width="small"),
            "chosen": st.column_config.TextColumn("Chosen", width="medium"),
            "runner_up": st.column_config.TextColumn("Next in line", width="medium"),
            "decided_by": st.column_config.TextColumn("Decided by", width="small"),
            "why": st.column_config.TextColumn("Why", width="medium"),
        })

in_range = (view.start, view.end)
cargo_counts = cached(data, quantity_dispute_counts, data.cargoes, "arrival_start", *in_range)
order_counts = cached(data, quantity_dispute_counts, data.orders, "placed_start", *in_range)
arrival_dates = cached(data, disputed_dates, data["cargo_reports"], "cargo_id", "arrival_date")
placement_dates = cached(data, disputed_dates, data["orders"], "order_id", "placed_on")
arrival_counts = cached(data, date_dispute_counts, data.cargoes, "cargo_id", "arrival_start", *in_range,
                        arrival_dates)
placement_counts = cached(data, date_dispute_counts, data.orders, "order_id", "placed_start", *in_range,
                          placement_dates)

cols = st.columns(4)
cols[0].metric("Cargo sizes in dispute", f"{cargo_counts.disputed:,}", border=True,
               help=f"Cargoes, of {cargo_counts.checked:,} in the date range, whose sources give different tonnages.")
cols[1].metric("Order sizes in dispute", f"{order_counts.disputed:,}", border=True,
               help=f"Orders, of {order_counts.checked:,} in the date range, whose sources give different tonnages.")
cols[2].metric("Arrival dates in dispute", f"{arrival_counts.disputed:,}", border=True,
               help="Cargoes whose sources give arrival dates that cannot all be right.")
cols[3].metric("Order dates in dispute", f"{placement_counts.disputed:,}", border=True,
               help="Orders whose sources give placement dates that cannot all be right.")

disputed_cargoes = partial(quantity_disputed, data.cargoes, "arrival_start", *in_range)  # for the CSVs
disputed_orders = partial(quantity_disputed, data.orders, "placed_start", *in_range)


def date_accounts(reports, reconciled, group, column, start_column):
    """Every account of every date disagreement in the date range (for a CSV)."""
    return date_disagreements(reports, undated_or_in_range(reconciled, start_column, *in_range), sources, group,
                              column)


number = st.column_config.NumberColumn
account_columns = {
    "rank": number("Rank", width="small", help="1 = the account the rule chose"),
    "chosen": st.column_config.CheckboxColumn("Chosen", width="small"),
    "as_published": st.column_config.TextColumn("As published",
                                                help="Quantity, unit and qualifier as the source gave them"),
    "tonnes": number("Tonnes", format="%,d t"),
    "pct_from_chosen": number("From chosen", format="%+.2f%%", width="small",
                              help="How far the account lies from the chosen figure, in percent of it"),
    "evidence": st.column_config.TextColumn("Evidence", help="What the account's figure rests on; the rule's "
                                                           "first step"),
    "publisher": "Source", "published_on": "Published", "source_kind": "Kind of source",
    "url": st.column_config.LinkColumn("Link", display_text="open", width="small"),
    "note": st.column_config.TextColumn("Note", width="large"),
}
summary_columns = {
    "tonnes": number("Chosen", format="%,d t"), "chosen_publisher": "Chosen source",
    "tonnes_min": number("Lowest account", format="%,d t"),
    "tonnes_max": number("Highest account", format="%,d t"),
    "n_quantities": number("Accounts", format="%d", width="small"),
}
cargo_columns = {"cargo_id": st.column_config.TextColumn("Cargo", width="small"), "vessel": "Vessel"}
order_columns = {"order_id": st.column_config.TextColumn("Order", width="small"), "buyer": "Buyer"}


def size_tables(disputes, reports, disputed_rows, group, carry, date_column, date_title, what, names) -> None:
    """The disputed cargoes (or orders, `what`) of the range, then every account of them, each
    table with its CSV (`disputed_rows()` gives them all, for the CSVs)."""
    plural = {"cargo": "cargoes", "order": "orders"}[what]
    summary = first_rows(disputes.summary, f"{plural} in dispute", disputes.disputed)
    st.dataframe(summary[[group, carry, date_column, *summary_columns]], hide_index=True, width="stretch",
                 placeholder="—", key=f"{what}-conflicts",
                 column_config={**names, date_column: date_title, **summary_columns})
    download_later(lambda: disputed_rows()[[group, carry, date_column, *summary_columns]], f"{what}_size_disputes",
                   key=f"dl-{what}-conflicts", label="Download summary (CSV)")
    st.caption(f"Every account, best first within each {what}:")
    accounts = first_rows(disputes.first, "accounts", disputes.accounts)
    accounts = accounts.assign(evidence=accounts["evidence"].map(EVIDENCE_WORDS))
    st.dataframe(accounts[[group, carry, *account_columns]], hide_index=True, width="stretch", placeholder="—",
                 key=f"{what}-accounts", column_config={**names, **account_columns})
    download_later(lambda: quantity_accounts(reports, disputed_rows(), sources, data["grades"], group,
                                             carry=(carry,)),
                   f"{what}_size_accounts", key=f"dl-{what}-accounts", label="Download every account (CSV)")


def cargo_sizes_section() -> None:
    """Cargoes whose sources give different sizes: the widest apart drawn, every account listed."""
    cargo_sizes = cached(data, quantity_disputes, data["cargo_reports"], data.cargoes, sources, data["grades"],
                         "cargo_id", "arrival_start", *in_range, carry=("vessel",), limit=MAX_ROWS,
                         widest=CHARTED)
    if not cargo_sizes.disputed:
        empty("No cargo in this date range has sources that disagree on its size.")
    else:
        cargo_accounts = cargo_sizes.widest
        labels = cargo_accounts["cargo_id"] + " " + cargo_accounts["vessel"].fillna("(vessel not named)")
        rows = list(dict.fromkeys(labels))
        fig = make_subplots(rows=len(rows), cols=1, subplot_titles=[fmt.chart_label(r, 60) for r in rows],
                            vertical_spacing=0.5 / len(rows), shared_xaxes=True)
        for row, label in enumerate(rows, start=1):
            for chosen, name, symbol, colour in ((False, "Other accounts", "circle-open", GREY),
                                                 (True, "Chosen by the rule", "star", BLUE)):
                part = cargo_accounts[(labels == label) & (cargo_accounts["chosen"] == chosen)]
                fig.add_trace(go.Scatter(
                    x=part["pct_from_chosen"], y=[0] * len(part), mode="markers+text", name=name, legendgroup=name,
                    meta=label,
                    showlegend=row == 1, text=fmt.chart_labels(part["publisher"]),
                    textposition=["top center" if r % 2 else "bottom center" for r in part["rank"]],
                    marker=dict(symbol=symbol, size=16 if chosen else 12, color=colour,
                                line=dict(width=2, color=colour)),
                    customdata=part.assign(publisher=fmt.chart_labels(part["publisher"], 60))[
                        ["as_published", "publisher", "tonnes"]].to_numpy(), cliponaxis=False,
                    hovertemplate="%{customdata[0]} · %{customdata[1]}<br>%{customdata[2]:,.0f} t, %{x:+.2f}% "
                                  "from the chosen figure<extra></extra>"),
                    row=row, col=1)
        reach = max(1.0, float(cargo_accounts["pct_from_chosen"].abs().max()) * 1.15)
        fig.update_yaxes(visible=False, range=[-1, 1])
        fig.update_xaxes(range=[-reach, reach], ticksuffix="%", zeroline=True, showticklabels=True)
        fig.update_layout(
            title="Each source's figure where they disagree, in % from the chosen figure (one scale for all)",
            height=120 + 150 * len(rows), hovermode="closest",
            legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1))
        chart(fig, key="conflict-chart")
        if cargo_sizes.disputed > len(rows):
            st.caption(f"Drawn: the {len(rows)} cargoes whose accounts lie furthest apart for their size, of "
                       f"{cargo_sizes.disputed:,} in dispute; the tables below list them all.")
        st.caption("Every cargo is drawn on the same scale, in percent of the figure the rule chose (0%), so "
                   "that a 0.3% disagreement looks small beside a 2% one; hover for the tonnes.")
        size_tables(cargo_sizes, data["cargo_reports"], disputed_cargoes, "cargo_id", "vessel", "arrival_date",
                    "Arrival", "cargo", cargo_columns)


def order_sizes_section() -> None:
    """Orders whose sources give different sizes, every account listed."""
    order_sizes = cached(data, quantity_disputes, data["orders"], data.orders, sources, data["grades"],
                         "order_id", "placed_start", *in_range, carry=("buyer",), limit=MAX_ROWS, widest=0)
    if not order_sizes.disputed:
        empty("No order in this date range has sources that disagree on its size.")
    else:
        size_tables(order_sizes, data["orders"], disputed_orders, "order_id", "buyer", "placed_on", "Placed",
                    "order", order_columns)


date_columns = {
    "date_label": st.column_config.TextColumn("Date given"),
    "chosen": st.column_config.CheckboxColumn("Kept", width="small", help="The date reconciliation kept"),
    "publisher": "Source", "published_on": "Published", "source_kind": "Kind of source",
    "url": st.column_config.LinkColumn("Link", display_text="open", width="small"),
    "note": st.column_config.TextColumn("Note", width="large"),
}


def date_section(reports, reconciled, disputed_ids, group, column, start_column, what) -> None:
    """The `what`s (cargo or order) whose sources give dates that cannot all be right."""
    disputes = cached(data, date_disputes, reports, reconciled, sources, group, column, start_column, *in_range,
                      disputed_ids, limit=MAX_ROWS)
    if not disputes.disputed:
        empty(f"No {what} in this date range has sources giving dates that cannot all be right.")
        return
    st.caption("Dates that cannot all be right: their periods do not overlap (June 2023 does not "
               "contradict 11 June 2023, but 26 June does contradict 27 June).")
    frame = first_rows(disputes.first, "accounts", disputes.accounts)
    st.dataframe(frame[[group, *date_columns]], hide_index=True, width="stretch", placeholder="—",
                 key=f"dates-{group}", column_config={
                     group: st.column_config.TextColumn(what.capitalize(), width="small"), **date_columns})
    download_later(partial(date_accounts, reports, reconciled, group, column, start_column), f"{what}_date_disputes",
                   key=f"dl-dates-{group}")


def links_section() -> None:
    """The accounts joined to a cargo on a probable link, and those kept apart as possible matches."""
    linked = cached(data, uncertain_links, data["cargo_reports"], cargoes_in_range, sources)
    if linked.empty:
        empty("Every account of the cargoes in this date range names its cargo beyond doubt.")
        return
    apart = linked["link"].eq("unconfirmed")
    st.caption(f"{int((~apart).sum()):,} account(s) joined to their cargo on a probable link (they match it on "
               f"buyer, month and size without naming it), and {int(apart.sum()):,} kept apart: an unconfirmed "
               "account is a cargo of its own (its id adds the report id to the cargo it may be), listed in the "
               "ledger as a possible match and never counted as delivered.")
    shown = first_rows(linked, "accounts")
    st.dataframe(shown[["cargo_id", "named_cargo", "link", "link_note", "as_published", "status", "publisher",
                        "published_on", "url", "report_id"]], hide_index=True, width="stretch", placeholder="—",
                 key="links-table", column_config={
                     "cargo_id": st.column_config.TextColumn("Reconciled as", width="small",
                                                             help="The cargo the account is reconciled into"),
                     "named_cargo": st.column_config.TextColumn("Filed under", width="small",
                                                                help="The cargo the account names"),
                     "link": st.column_config.TextColumn("Link", width="small"),
                     "link_note": st.column_config.TextColumn("Why not confirmed", width="large"),
                     "as_published": "Quantity as published", "status": "Status", "publisher": "Source",
                     "published_on": "Published",
                     "url": st.column_config.LinkColumn("Link to source", display_text="open", width="small"),
                     "report_id": st.column_config.TextColumn("Report", width="small"),
                 })
    download_later(linked, "uncertain_links", key="dl-links")


def bibliography_section() -> None:
    """Every source the dataset cites, whatever the date range."""
    st.caption("Every publication the dataset cites, with the number of rows it supports in each table. "
               "This list ignores the date range: it is the whole bibliography.")
    cols = st.columns([1, 1])
    kinds = cols[0].multiselect("Kind of source", SOURCE_KINDS, key="src_kind", bind="query-params",
                                placeholder="All kinds")
    query = cols[1].text_input("Publisher or title contains", key="src_q", bind="query-params",
                               placeholder="e.g. Reuters")
    support = cached(data, source_support, data.tables)
    shown = cached(data, filter_sources, support, kinds, query)
    if shown.empty:
        empty("No source matches the kind and search above. Clear them to see every source.")
    else:
        st.caption(f"{len(shown):,} of {len(support):,} sources shown; "
                   f"{int((shown['rows'] > 0).sum()):,} of them are cited by at least one row.")
        table = shown[["publisher", "title", "url", "published_on", "kind", "rows", *CITING_TABLES, "language",
                       "source_id"]]  # who, what and the link first: they fit 1,400 px without scrolling
        config = {
            "publisher": st.column_config.TextColumn("Publisher", width="medium"),
            "published_on": "Published", "kind": "Kind",
            "rows": st.column_config.NumberColumn("All rows", format="%d",
                                                  help="Rows citing the source, all tables together"),
            **{name: st.column_config.NumberColumn(label, format="%d") for name, label in CITING_TABLES.items()},
            "title": st.column_config.TextColumn("Title", width="large"), "language": "Language",
            "url": st.column_config.LinkColumn("Link", display_text="open", width="small"),
            "source_id": st.column_config.TextColumn("Id", width="small"),
        }
        st.dataframe(first_rows(table, "sources"), hide_index=True, width="stretch", placeholder="—",
                     key="sources-table", column_config=config, row_height=WRAP_ROWS)
        download_later(table, "sources", key="dl-sources")


# Only the open tab runs: each lists the accounts behind its disagreements, which on a large
# dataset means a pass over every report.
SECTIONS = dict(zip(params.options("src_section"), (  # the tabs' labels, in order, as links name them
    cargo_sizes_section,
    order_sizes_section,
    partial(date_section, data["cargo_reports"], data.cargoes, arrival_dates, "cargo_id", "arrival_date",
            "arrival_start", "cargo"),
    partial(date_section, data["orders"], data.orders, placement_dates, "order_id", "placed_on", "placed_start",
            "order"),
    links_section,
    bibliography_section,
), strict=True))
for tab, draw in zip(st.tabs(list(SECTIONS), key="src_section", on_change="rerun", bind="query-params"),
                     SECTIONS.values()):
    if tab.open:
        with tab:
            draw()
