"""Overview: where the trade stands, why, and who says so."""
import streamlit as st

from analysis import formatting as fmt
from analysis.overview import fulfilment_summary
from analysis.units import DEFAULT_FACTOR_SOURCE, express, from_tonnes
from analysis.volume_views import afloat_lines
from ui.cache import download_later
from ui.filters import current
from ui.overview_views import overview_views
from ui.state import corridor
from ui.widgets import WRAP_ROWS, chart, empty, metric, says_who

view = current()
data = corridor()
sources = data["sources"]
views = overview_views(data, view)
figures = views.figures
unit_name = fmt.UNIT_LABELS[view.unit]

RECENT_EVENTS = 8

st.title("Russia → Pakistan crude: where it stands")
told = views.told
with st.container(border=True, key="story"):
    st.text(told.text)
    says_who(sources, [told.sources], key="src-story")
st.caption(f"Orders placed and cargoes arrived between {view.start:%d %b %Y} and {view.end:%d %b %Y}. "
           f"Quantities in {unit_name}; barrels use each cargo's grade factor.")

cols = st.columns(4)
with cols[0]:
    metric("Ordered", fmt.quantity(from_tonnes(figures.ordered_t, view.unit), view.unit), sources,
           [figures.ordered_sources], key="ordered", help="Orders placed in the period, reconciled across reports.")
afloat = views.afloat
with cols[1]:
    metric("Delivered", fmt.quantity(express(figures.delivered_t, figures.delivered_barrels, view.unit),
                                     view.unit), sources, [figures.delivered_sources], key="delivered",
           note=("Sources range " + fmt.quantity_range(
               express(figures.delivered_min_t, figures.delivered_min_barrels, view.unit),
               express(figures.delivered_max_t, figures.delivered_max_barrels, view.unit), view.unit)
                 + (f". Not counted, loaded or on the water: {len(afloat):,}" if len(afloat) else "")),
           detail=afloat_lines(afloat, view.unit) or None,
           help="Cargoes that arrived in the period, from the accounts of their arrival or discharge only. "
                "The chosen figure follows the reconciliation rule on the Sources page; the range spans "
                "those accounts. Cargoes loaded or on the water are listed apart, with where and when they "
                "were last reported.")
with cols[2]:
    value, note = fulfilment_summary(figures, fmt.quantity(from_tonnes(figures.ordered_t, view.unit), view.unit))
    metric("Order fulfilment", value, sources, [figures.ordered_sources, figures.delivered_sources,
                                                figures.complete_sources], key="pct", note=note,
           help="Cargoes linked to an order against what the orders stating a quantity asked for, from the "
                "lowest to the highest figure the accounts allow, and when an account reports the order "
                "complete.")
with cols[3]:
    metric("Barrels equivalent", fmt.quantity(figures.delivered_barrels, "bbl"), sources,
           [figures.delivered_sources, *data["grades"]["source_id"], DEFAULT_FACTOR_SOURCE], key="barrels",
           help="Delivered tonnes × barrels per tonne from each cargo's API gravity (7.33 bbl/t where the grade is unknown).")

cols = st.columns(4)
with cols[0]:
    notes = [f"{figures.conflicts} with disagreeing sources" if figures.conflicts else "",
             f"{len(afloat):,} loaded or on the water, not counted" if len(afloat) else ""]
    metric("Cargoes arrived", f"{figures.cargoes:,}", sources, [figures.delivered_sources], key="cargoes",
           note="; ".join(n for n in notes if n) or None)
with cols[1]:
    active = {k: v for k, v in figures.initiatives_by_status.items() if v}
    metric("Initiatives reported on", f"{sum(active.values()):,}", sources, [figures.initiative_sources],
           key="initiatives", note=f"of {len(data['initiatives']):,} tracked. Last status in the period: "
                                   + (", ".join(f"{v} {k.replace('_', ' ')}" for k, v in active.items()) or "none"),
           help="Initiatives with a status report dated in the period, counted by the last status reported in "
                "it. The Cooperation page lists each one.")
with cols[2]:
    event = figures.latest_event
    with st.container(border=True):
        st.caption("Latest event")
        if event is None:
            st.write("No event in this period.")
        else:
            st.text(f"{event['occurred_on']} · {event['title']}")
            says_who(sources, [event["source_id"]], key="src-latest-event")

st.subheader("Ordered against delivered")
st.caption("Cumulative, step by step as orders were placed and cargoes arrived; whiskers span the lowest "
           "and highest figure any source gives. Both lines run on to the end of the chosen range, "
           f"{view.end:%d %b %Y}. Triangles mark key energy events (hover for details).")
series = views.series
if series.empty:
    empty("No order was placed and no cargo arrived in this period. Widen the dates in the sidebar.")
else:
    chart(views.figure, key="ordered-delivered")
    if (series["rows"] > 1).any():
        st.caption("So many orders and arrivals fall in this range that each point stands for all of them since "
                   "the previous point (hover to see how many); the totals are exact at every point.")
    download_later(series, "ordered_vs_delivered", key="dl-ordered-delivered", label="Download chart data (CSV)")

st.subheader("Most recent events")
events = views.events
if events.empty:
    empty("No event in this period.")
else:
    table = events.iloc[::-1].head(RECENT_EVENTS)[["date_label", "title", "kind", "sector_names", "publisher", "url"]]
    st.dataframe(table, hide_index=True, width="stretch", height="content", row_height=WRAP_ROWS, column_config={
        "date_label": st.column_config.TextColumn("Date", width=90),  # these two fit a phone (390 px)
        "title": st.column_config.TextColumn("What happened", width=260),
        "kind": st.column_config.TextColumn("Kind", width=85), "sector_names": "Sectors",
        "publisher": "Source", "url": st.column_config.LinkColumn("Link", display_text="open", width="small")})
    download_later(table, "recent_events", key="dl-recent-events")
