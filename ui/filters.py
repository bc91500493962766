"""Shared filters (date range, unit, calendar or fiscal year), bound to the URL.

They are drawn by app.py in the sidebar on every page, so they persist when moving between
pages, and a link with ?from=…&to=…&unit=…&basis=… opens the same view for a colleague.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from analysis.formatting import UNIT_LABELS

EARLIEST = dt.date(2015, 1, 1)
BASIS_LABELS = {"calendar": "Calendar year", "fiscal": "Pakistan fiscal year (Jul–Jun)"}


@dataclass(frozen=True)
class Shared:
    start: dt.date
    end: dt.date
    unit: str  # t, bbl or m3
    basis: str  # calendar or fiscal


def shared_filters(today: dt.date | None = None) -> Shared:
    """Draw the shared filters in the sidebar and return their values."""
    today = today or dt.date.today()
    with st.sidebar:
        st.subheader("View")
        start = st.date_input("From", value=EARLIEST, min_value=dt.date(2000, 1, 1), max_value=today,
                              key="from", bind="query-params", format="YYYY-MM-DD")
        end = st.date_input("To", value=today, min_value=dt.date(2000, 1, 1),
                            max_value=dt.date(today.year + 5, 12, 31),
                            key="to", bind="query-params", format="YYYY-MM-DD")
        unit = st.segmented_control("Unit", list(UNIT_LABELS), default="t", key="unit",
                                    format_func=UNIT_LABELS.get, bind="query-params",
                                    required=True)
        basis = st.segmented_control("Years", list(BASIS_LABELS), default="calendar", key="basis",
                                     format_func=BASIS_LABELS.get, bind="query-params",
                                     required=True)
    if start > end:
        st.sidebar.warning("'From' is after 'To': showing the range the other way round.")
        start, end = end, start
    return Shared(start, end, unit or "t", basis or "calendar")


def current() -> Shared:
    """The shared filters as app.py drew them on this run."""
    return st.session_state["_shared_filters"]
