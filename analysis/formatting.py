"""Numbers and labels written for people: '100,000 t', '15.40 Mt', '733 kbbl', '45.1%', and
stored text made safe to draw on a chart."""
from __future__ import annotations

import math
import textwrap
from itertools import islice

import pandas as pd

UNIT_LABELS = {"t": "tonnes", "bbl": "barrels", "m3": "cubic metres"}


# (threshold, divisor, suffix) per display unit, largest first: a figure at or above the threshold
# is written in that scale, so a headline stays short at any size (45,122 t, 15.40 Mt, 41.9 Gt).
_SCALES = {
    "t": ((1e10, 1e9, "{:,.1f} Gt"), (1e7, 1e6, "{:,.2f} Mt"), (0, 1, "{:,.0f} t")),
    "bbl": ((1e10, 1e9, "{:,.1f} bn bbl"), (1e7, 1e6, "{:,.1f} Mbbl"), (1e3, 1e3, "{:,.0f} kbbl"),
            (0, 1, "{:,.0f} bbl")),
    "m3": ((1e10, 1e9, "{:,.1f} bn m³"), (1e7, 1e6, "{:,.2f} million m³"), (0, 1, "{:,.0f} m³")),
}


def quantity(value: float | None, unit: str = "t", scale_by: float | None = None) -> str:
    """A quantity in its display unit, scaled so that it stays short: tonnes in full up to
    10 million, then Mt (million tonnes) and from 10 billion Gt; barrels in kbbl, Mbbl from
    10 million and bn bbl from 10 billion; m³ likewise; '—' where there is no value. The scale
    follows `scale_by` when given (to write two figures alike)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    size = abs(value if scale_by is None else scale_by)
    _, divisor, template = next(s for s in _SCALES.get(unit, ((0, 1, "{:,.0f} " + unit),)) if size >= s[0])
    return template.format(value / divisor)


def quantity_range(low: float, high: float, unit: str = "t") -> str:
    """'45,000–45,142 t' or '9.00–12.00 Mt' (both ends at the scale of the larger), or the
    single figure where both ends agree."""
    if low == high:
        return quantity(low, unit)
    larger = max(abs(low), abs(high))
    first, second = quantity(low, unit, larger), quantity(high, unit, larger)
    return f"{first.split(' ', 1)[0]}–{second}"


def day(date) -> str:
    """A date as readers write it: '2 Dec 2026'."""
    return f"{date.day} {date:%b %Y}"


def percent(value: float | None, digits: int = 1) -> str:
    """'45.1%'; '—' where there is no value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:,.{digits}f}%"


def usd_millions(value_usd: float) -> str:
    """'$789.8m' or '$1.0bn'."""
    if abs(value_usd) >= 1e9:
        return f"${value_usd / 1e9:,.2f}bn"
    return f"${value_usd / 1e6:,.1f}m"


def id_list(ids, limit: int = 20, total: int | None = None) -> str:
    """Ids joined with commas, the first `limit` of them and then how many more: 'C01, C02' or
    'C01, C02, … and 1,234 more'. `total` counts the ids when `ids` holds only the first ones."""
    total = len(ids) if total is None else total
    shown = ", ".join(str(i) for i in islice(ids, limit))
    return shown if total <= limit else f"{shown}, … and {total - limit:,} more"


def chart_label(text, width: int = 28) -> str:
    """Stored text for a plotly label or hover text, wrapped onto lines of at most `width`
    characters (joined with <br>), so that a long title wraps instead of being cut. Missing text
    gives '—'. Every text of a figure is escaped as it is drawn (ui.chart_markup)."""
    if pd.isna(text):
        return "—"
    return "<br>".join(textwrap.wrap(str(text), width) or [""])


def chart_labels(texts: pd.Series, width: int = 28) -> pd.Series:
    """chart_label of each text, each distinct text worked out once."""
    out = pd.Series("—", index=texts.index, dtype="string")
    known = texts.notna().to_numpy()
    out[known] = texts[known].map({t: chart_label(t, width) for t in texts[known].unique()}).astype("string")
    return out


def who_said(speaker: pd.Series, role: pd.Series) -> pd.Series:
    """Speaker and office in one text: 'Musadik Malik, Minister of State for Petroleum', the
    name or the office alone where the source gives only one, <NA> where it names no one."""
    speaker, role = speaker.astype("string"), role.astype("string")
    return (speaker + ", " + role).fillna(speaker).fillna(role)
