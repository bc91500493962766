"""Shared filters (date range, unit, calendar or fiscal year), bound to the URL.

Every page draws them in the sidebar through `current()`; bound to the URL, they persist when
moving between pages, and a link with ?from=2023-06-01&to=2023-06-30&unit=barrels&basis=fiscal opens the same view for a colleague.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from analysis.formatting import UNIT_LABELS

EARLIEST = dt.date(2015, 1, 1)
# Widget options double as URL values (?unit=barrels&basis=fiscal), so they are words.
UNITS = {label: code for code, label in UNIT_LABELS.items()}
BASES = ("calendar", "fiscal")


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
        unit = st.segmented_control("Unit", list(UNITS), default="tonnes", key="unit",
                                    bind="query-params", required=True)
        basis = st.segmented_control("Years", BASES, default="calendar", key="basis",
                                     bind="query-params", required=True,
                                     help="Pakistan's fiscal year runs 1 July – 30 June (FY2023-24 ends June 2024).")
    if start > end:
        st.sidebar.warning("'From' is after 'To': showing the range the other way round.")
        start, end = end, start
    return Shared(start, end, UNITS.get(unit, "t"), basis or "calendar")


def current() -> Shared:
    """Draw the shared filters (once per page run) and return their values."""
    return shared_filters()
