"""Numbers written for people: '100,000 t', '733 kbbl', '45.1%'."""
from __future__ import annotations

import math
from itertools import islice

UNIT_LABELS = {"t": "tonnes", "bbl": "barrels", "m3": "cubic metres"}


def quantity(value: float | None, unit: str = "t") -> str:
    """A quantity in its display unit: tonnes and m³ in full with separators, barrels in
    thousands (kbbl) or millions (Mbbl); '—' where there is no value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if unit == "bbl":
        if abs(value) >= 10e6:
            return f"{value / 1e6:,.1f} Mbbl"
        if abs(value) >= 1e3:
            return f"{value / 1e3:,.0f} kbbl"
        return f"{value:,.0f} bbl"
    suffix = {"t": "t", "m3": "m³"}.get(unit, unit)
    return f"{value:,.0f} {suffix}"


def quantity_range(low: float, high: float, unit: str = "t") -> str:
    """'45,000–45,142 t', or the single figure where both ends agree."""
    if low == high:
        return quantity(low, unit)
    first, second = quantity(low, unit), quantity(high, unit)
    same_suffix = first.rsplit(" ", 1)[-1] == second.rsplit(" ", 1)[-1]
    return f"{first.rsplit(' ', 1)[0]}–{second}" if same_suffix else f"{first} – {second}"


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
