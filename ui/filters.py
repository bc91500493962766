"""Shared filters (date range, unit, calendar or fiscal year), kept in the URL, and the notes on a
link that could not be used as given.

Every page but the data desk draws the filters in the sidebar through `current()`. Their values
live in the URL (?from=2023-06-01&to=2023-06-30&unit=barrels&basis=fiscal, defaults left out) and
are read through the registry in analysis/params.py: a date outside the allowed range is clamped
and a bad value gives the default, each with a note at the top of the page. The menu in app.py
carries them from page to page, so a pasted link opens the same view.

They are synchronised by hand rather than with `bind="query-params"`: Streamlit drops bound
parameters when the reader switches page, which would reset the view on every page.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from analysis import params
from analysis.formatting import UNIT_LABELS

UNITS = {label: code for code, label in UNIT_LABELS.items()}  # URL text → unit code
NOTES = "_link_notes"  # session key: URL key → note, for the page on show


@dataclass(frozen=True)
class Shared:
    start: dt.date
    end: dt.date
    unit: str  # t, bbl or m3
    basis: str  # calendar or fiscal


def _take_link(today: dt.date) -> None:
    """Take the URL's shared values into the session when the URL changed since this session last
    read or wrote it (a pasted link, a menu link, back or forward) or the session is new; else
    keep the values last chosen, which a widget's change has already set before the run starts."""
    notes = st.session_state.setdefault(NOTES, {})
    for key in params.SHARED:
        raw = st.query_params.get(key)
        if f"_val_{key}" in st.session_state and raw == st.session_state.get(f"_url_{key}"):
            continue
        value, note = params.read(key, raw, today)
        st.session_state[f"_val_{key}"] = value
        st.session_state[f"_url_{key}"] = raw
        if note:
            notes[key] = note
        else:
            notes.pop(key, None)


def _remember(key: str) -> None:
    st.session_state[f"_val_{key}"] = st.session_state[key]
    st.session_state.get(NOTES, {}).pop(key, None)  # the reader chose anew: the link's note is spent


def _to_url(key: str, value, today: dt.date) -> None:
    """Write the widget's value into the URL, leaving defaults out to keep links short."""
    raw = params.url_text(key, value, today)
    if raw is None:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = raw
    st.session_state[f"_url_{key}"] = raw


def read_link(page: str, today: dt.date | None = None) -> None:
    """Read the link before `page` runs: the shared filters, and a note for each of the page's own
    settings that cannot be used as given and each key the page does not read (Streamlit then
    drops those values itself). The notes last while the reader stays on the page."""
    today = today or dt.date.today()
    if st.session_state.get("_link_page") != page:
        st.session_state["_link_page"] = page
        st.session_state[NOTES] = {}
    _take_link(today)
    own = {key: st.query_params.get_all(key) for key in st.query_params if key not in params.SHARED}
    st.session_state[NOTES].update(params.parse(own, page, today).notes)


def show_link_notes() -> None:
    """What in the link could not be used as given, in plain text (never as Markdown: it echoes the URL)."""
    notes = st.session_state.get(NOTES)
    if notes:
        st.warning("Some settings in this link could not be used as given:", icon=":material/link_off:")
        st.text("\n".join(notes.values()))


def shared_filters(today: dt.date | None = None) -> Shared:
    """Draw the shared filters in the sidebar and return their values."""
    today = today or dt.date.today()
    _take_link(today)
    for key in params.SHARED:  # each page draws its own copy of the widget, so set its state afresh
        st.session_state[key] = st.session_state[f"_val_{key}"]
    (first_low, first_high), (last_low, last_high) = (params.PARAMS[k].bounds(today) for k in ("from", "to"))
    with st.sidebar:
        st.subheader("View")
        start = st.date_input("From", min_value=first_low, max_value=first_high, key="from",
                              format="YYYY-MM-DD", on_change=_remember, args=("from",))
        end = st.date_input("To", min_value=last_low, max_value=last_high, key="to",
                            format="YYYY-MM-DD", on_change=_remember, args=("to",))
        unit = st.segmented_control("Unit", params.options("unit"), key="unit", required=True,
                                    on_change=_remember, args=("unit",))
        basis = st.segmented_control("Years", params.options("basis"), key="basis", required=True,
                                     on_change=_remember, args=("basis",),
                                     help="Pakistan's fiscal year runs 1 July – 30 June (FY2023-24 ends June 2024).")
    for key, value in zip(params.SHARED, (start, end, unit, basis)):
        _to_url(key, value, today)
    if start > end:
        st.sidebar.warning("'From' is after 'To': showing the range the other way round.")
        start, end = end, start
    return Shared(start, end, UNITS[unit], basis)


def link_params(today: dt.date | None = None) -> dict[str, str]:
    """The shared filters as URL parameters for links to other pages: the view this run shows,
    including a change the reader has just made (defaults left out)."""
    today = today or dt.date.today()
    _take_link(today)
    texts = {key: params.url_text(key, st.session_state[f"_val_{key}"], today) for key in params.SHARED}
    return {key: text for key, text in texts.items() if text is not None}


def default_view(today: dt.date | None = None) -> Shared:
    """The view a link without filters opens on."""
    today = today or dt.date.today()
    start, end, unit, basis = (params.default(key, today) for key in params.SHARED)
    return Shared(start, end, UNITS[unit], basis)


def current() -> Shared:
    """Draw the shared filters (once per page run) and return their values."""
    return shared_filters()
