"""Shared filters (date range, unit, calendar or fiscal year), kept in the URL.

Every page draws them in the sidebar through `current()`. Their values live in the URL
(?from=2023-06-01&to=2023-06-30&unit=barrels&basis=fiscal, defaults left out), the menu in
app.py carries those parameters from page to page, and a pasted link opens the same view.

They are synchronised by hand rather than with `bind="query-params"`: Streamlit drops bound
parameters when the reader switches page, which would reset the view on every page.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from analysis.formatting import UNIT_LABELS

EARLIEST = dt.date(2015, 1, 1)
SHARED_KEYS = ("from", "to", "unit", "basis")  # the URL parameters every page shares
# Widget options double as URL values (?unit=barrels&basis=fiscal), so they are words.
UNITS = {label: code for code, label in UNIT_LABELS.items()}
BASES = ("calendar", "fiscal")


@dataclass(frozen=True)
class Shared:
    start: dt.date
    end: dt.date
    unit: str  # t, bbl or m3
    basis: str  # calendar or fiscal


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _from_url(key: str, default, parse: Callable[[str], object | None]) -> None:
    """Give the widget its value before it is drawn: the URL's (or the default) when the URL
    changed since this session last wrote it or the session is new, else the last value chosen.
    A bad URL value falls back to the default."""
    raw = st.query_params.get(key)
    if f"_val_{key}" not in st.session_state or raw != st.session_state.get(f"_url_{key}"):
        value = parse(raw) if raw is not None else None
        st.session_state[f"_val_{key}"] = default if value is None else value
    # Each page draws its own copy of the widget, so its state is set afresh on every run.
    st.session_state[key] = st.session_state[f"_val_{key}"]


def _remember(key: str) -> None:
    st.session_state[f"_val_{key}"] = st.session_state[key]


def _to_url(key: str, value, default) -> None:
    """Write the widget's value into the URL, leaving defaults out to keep links short."""
    raw = None if value == default else str(value)
    if raw is None:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = raw
    st.session_state[f"_url_{key}"] = raw


def shared_filters(today: dt.date | None = None) -> Shared:
    """Draw the shared filters in the sidebar and return their values."""
    today = today or dt.date.today()
    defaults = {"from": EARLIEST, "to": today, "unit": "tonnes", "basis": "calendar"}
    parsers = {"from": _date, "to": _date, "unit": lambda t: t if t in UNITS else None,
               "basis": lambda t: t if t in BASES else None}
    for key in SHARED_KEYS:
        _from_url(key, defaults[key], parsers[key])
    with st.sidebar:
        st.subheader("View")
        start = st.date_input("From", min_value=dt.date(2000, 1, 1), max_value=today, key="from",
                              format="YYYY-MM-DD", on_change=_remember, args=("from",))
        end = st.date_input("To", min_value=dt.date(2000, 1, 1), max_value=dt.date(today.year + 5, 12, 31),
                            key="to", format="YYYY-MM-DD", on_change=_remember, args=("to",))
        unit = st.segmented_control("Unit", list(UNITS), key="unit", required=True,
                                    on_change=_remember, args=("unit",))
        basis = st.segmented_control("Years", BASES, key="basis", required=True,
                                     on_change=_remember, args=("basis",),
                                     help="Pakistan's fiscal year runs 1 July – 30 June (FY2023-24 ends June 2024).")
    for key, value in zip(SHARED_KEYS, (start, end, unit, basis)):
        _to_url(key, value, defaults[key])
    if start > end:
        st.sidebar.warning("'From' is after 'To': showing the range the other way round.")
        start, end = end, start
    return Shared(start, end, UNITS[unit], basis)


def link_params() -> dict[str, str]:
    """The shared filters as URL parameters for links to other pages: what this session last
    wrote to the URL, or what the URL holds on a session's first run."""
    params = {}
    for key in SHARED_KEYS:
        raw = st.session_state[f"_url_{key}"] if f"_url_{key}" in st.session_state else st.query_params.get(key)
        if raw is not None:
            params[key] = raw
    return params


def current() -> Shared:
    """Draw the shared filters (once per page run) and return their values."""
    return shared_filters()
