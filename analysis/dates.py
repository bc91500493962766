"""Partial dates ("2023", "2023-Q2", "2023-04", "2023-04-19") and Pakistan's fiscal year.

A partial date is stored as the source gave it; here it becomes a period with a first day,
a last day (inclusive) and a precision. Pakistan's fiscal year runs 1 July – 30 June and is
named by the year it ends in (FY2023-24 = FY24 ends 30 June 2024).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

PRECISIONS = ("day", "month", "quarter", "year")
_PATTERNS = {
    "day": r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})",
    "month": r"(?P<y>\d{4})-(?P<m>\d{2})",
    "quarter": r"(?P<y>\d{4})-Q(?P<q>[1-4])",
    "year": r"(?P<y>\d{4})",
}
BASES = ("calendar", "fiscal")
YEARS = (1900, 2100)  # the first and last year a date may name: earlier or later ones are typing slips
FREQUENCIES = {"month": "M", "quarter": "Q", "year": "Y"}


def precision_of(text: pd.Series) -> pd.Series:
    """The precision each string is written at, or <NA> where it is no partial date."""
    text = text.astype("string").str.strip()
    out = pd.Series(pd.NA, index=text.index, dtype="string")
    for name, pattern in _PATTERNS.items():
        out = out.mask(text.str.fullmatch(pattern).fillna(False), name)
    return out


def parse_partial_dates(text: pd.Series) -> pd.DataFrame:
    """Columns start, end (inclusive, datetime64) and precision for each partial date.

    Strings that are no partial date, or name an impossible day (2023-02-30), give NaT.
    """
    text = text.astype("string")
    codes, distinct = pd.factorize(text, use_na_sentinel=False)  # each distinct string parsed once
    out = _parse_distinct(tuple(distinct.tolist())).take(codes)
    out.index = text.index
    return out


@lru_cache(maxsize=256)
def _parse_distinct(values: tuple) -> pd.DataFrame:
    """The parse of each value (read-only: shared by later calls with the same values; the
    same columns of the same tables are parsed on every rerun)."""
    text = pd.Series(values, dtype="string").str.strip()
    precision = precision_of(text)
    day = precision.eq("day").fillna(False)
    month = precision.eq("month").fillna(False)
    quarter = precision.eq("quarter").fillna(False)
    year = precision.eq("year").fillna(False)

    start_text = pd.Series(pd.NA, index=text.index, dtype="string")
    start_text = start_text.mask(day, text).mask(month, text + "-01").mask(year, text + "-01-01")
    quarter_month = text.str.slice(6, 7).map({"1": "01", "2": "04", "3": "07", "4": "10"})
    start_text = start_text.mask(quarter, text.str.slice(0, 4) + "-" + quarter_month + "-01")
    start = pd.to_datetime(start_text, format="%Y-%m-%d", errors="coerce")

    # Every start but a day's is the first of a month: the end is n months later, less a day.
    months = np.select([m.to_numpy(dtype=bool) for m in (month, quarter, year)], [1, 3, 12], 0)
    first = start.to_numpy()
    end = first.copy()
    rows = (months > 0) & ~np.isnat(first)
    end[rows] = (first[rows].astype("datetime64[M]") + months[rows]).astype(first.dtype) - np.timedelta64(1, "D")
    return pd.DataFrame({"start": start, "end": pd.Series(end, index=text.index),
                         "precision": precision.where(start.notna())})


def is_valid_partial_date(text: pd.Series) -> pd.Series:
    """True where the string is a partial date naming a real day, month, quarter or year."""
    return parse_partial_dates(text)["start"].notna()


def is_in_years(text: pd.Series) -> pd.Series:
    """True where the partial date's year lies within YEARS, or where it names no date at all
    (`is_valid_partial_date` judges that)."""
    year = parse_partial_dates(text)["start"].dt.year
    return year.between(*YEARS) | year.isna()


def fiscal_year(dates: pd.Series) -> pd.Series:
    """Pakistan fiscal year (the year it ends in) for each date: 2023-06-30 → 2023, 2023-07-01 → 2024."""
    dates = pd.to_datetime(dates)
    return (dates.dt.year + (dates.dt.month >= 7).astype(int)).astype("Int64")


def fiscal_label(year: int) -> str:
    """'FY2023-24' for the fiscal year ending 30 June 2024."""
    return f"FY{year - 1}-{str(year)[-2:]}"


def period_start(dates: pd.Series, frequency: str, basis: str = "calendar") -> pd.Series:
    """First day of the month, quarter or year holding each date, on either basis.

    Fiscal quarters start in July, October, January and April; a fiscal year starts 1 July.
    """
    if frequency not in FREQUENCIES:
        raise ValueError(f"frequency must be one of {sorted(FREQUENCIES)}, not {frequency!r}")
    if basis not in BASES:
        raise ValueError(f"basis must be one of {BASES}, not {basis!r}")
    dates = pd.to_datetime(dates)
    if frequency == "month":
        return dates.dt.to_period("M").dt.to_timestamp()
    if basis == "calendar":
        return dates.dt.to_period(FREQUENCIES[frequency]).dt.to_timestamp()
    if frequency == "quarter":
        # Fiscal quarters coincide with calendar quarters; only their names differ.
        return dates.dt.to_period("Q").dt.to_timestamp()
    start_year = fiscal_year(dates) - 1
    return pd.to_datetime(start_year.astype("string") + "-07-01", errors="coerce")


def period_label(starts: pd.Series, frequency: str, basis: str = "calendar") -> pd.Series:
    """Human names for period starts: 'Jun 2023', '2023 Q2' or 'FY24 Q4', '2023' or 'FY2023-24'."""
    starts = pd.to_datetime(starts)
    if frequency == "month":
        return starts.dt.strftime("%b %Y")
    if frequency == "quarter":
        if basis == "calendar":
            return starts.dt.year.astype("string") + " Q" + starts.dt.quarter.astype("string")
        fy = fiscal_year(starts)
        fq = ((starts.dt.month - 7) % 12) // 3 + 1
        return "FY" + (fy % 100).astype("string").str.zfill(2) + " Q" + fq.astype("string")
    if basis == "calendar":
        return starts.dt.year.astype("string")
    return fiscal_year(starts).map(fiscal_label).astype("string")


def days_inclusive(start: pd.Series, end: pd.Series) -> pd.Series:
    """Number of days from start to end, both included (a whole 2024 is 366)."""
    return (pd.to_datetime(end) - pd.to_datetime(start)).dt.days + 1
