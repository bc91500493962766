"""Crude-oil units: tonnes, barrels, cubic metres, and barrels per tonne from API gravity.

Specific gravity (60/60 °F) = 141.5 / (131.5 + API); density = SG × 999.016 kg/m³;
barrels per tonne = 1000 / (density × 0.158987294928). Sources in data/README.md.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

BARREL_M3 = 0.158987294928  # m³ per US oil barrel (42 US gallons), NIST Handbook 44
WATER_DENSITY_60F = 999.016  # kg/m³ at 60 °F, API MPMS reference density
# Barrels in a tonne of crude at the world's average gravity, from the Statistical Review of World
# Energy's approximate conversion factors (BP; published by the Energy Institute since 2023).
DEFAULT_BARRELS_PER_TONNE = 7.33
DEFAULT_FACTOR_SOURCE = "S098"  # that table's row in data/sources.csv, to cite wherever the factor is used
DEFAULT_FACTOR_BASIS = "crude average 7.33 bbl/t (Statistical Review approximate conversion factors)"

TONNES_PER = {"t": 1.0, "kt": 1e3, "Mt": 1e6}
BARRELS_PER = {"bbl": 1.0, "kbbl": 1e3, "m3": 1 / BARREL_M3}
DISPLAY_UNITS = {"t": "tonnes", "bbl": "barrels", "m3": "cubic metres"}


def barrels_per_tonne(api_gravity):
    """Barrels in one metric tonne of crude of the given API gravity (scalar or array)."""
    specific_gravity = 141.5 / (131.5 + np.asarray(api_gravity, dtype=float))
    density = specific_gravity * WATER_DENSITY_60F
    result = 1000.0 / (density * BARREL_M3)
    return result if np.ndim(result) else float(result)


def to_tonnes(quantity: pd.Series, unit: pd.Series, bbl_per_tonne: pd.Series | float) -> pd.Series:
    """Quantities as published (t, kt, Mt, bbl, kbbl, m3) in tonnes; volumes use bbl_per_tonne.

    Raises ValueError naming any unit it does not know.
    """
    unit = pd.Series(unit, index=quantity.index)
    codes, names = pd.factorize(unit, use_na_sentinel=False)  # each distinct unit looked up once
    names = pd.Series(names)
    unknown = sorted(set(names.dropna()) - set(TONNES_PER) - set(BARRELS_PER))
    if unknown:
        raise ValueError(f"unknown unit(s) {unknown}; known: {sorted(TONNES_PER) + sorted(BARRELS_PER)}")
    mass = names.map(TONNES_PER).to_numpy(dtype=float)[codes]
    volume = names.map(BARRELS_PER).to_numpy(dtype=float)[codes]
    q = quantity.astype(float)
    return (q * mass).fillna(q * volume / bbl_per_tonne)


def from_tonnes(tonnes, unit: str, bbl_per_tonne=DEFAULT_BARRELS_PER_TONNE):
    """Tonnes expressed in `unit` (t, kt, Mt, bbl, kbbl or m3)."""
    if unit in TONNES_PER:
        return tonnes / TONNES_PER[unit]
    if unit in BARRELS_PER:
        return tonnes * bbl_per_tonne / BARRELS_PER[unit]
    raise ValueError(f"unknown unit {unit!r}")


def barrels_per_day(barrels, days):
    """Average rate in bbl/d over a period of `days` days (its real length, not 30 or 365)."""
    return barrels / days


def express(tonnes, barrels, unit: str):
    """A quantity known both in tonnes and in barrels (from its grade's factor) in the display
    unit: tonnes as they are, barrels as they are, cubic metres from the barrels."""
    if unit == "t":
        return tonnes
    if unit == "bbl":
        return barrels
    if unit == "m3":
        return barrels * BARREL_M3
    raise ValueError(f"unknown display unit {unit!r}")
