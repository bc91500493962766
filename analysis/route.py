"""The sea route of Russian crude to Pakistan: waypoints, route labels and drawable paths.

Coordinates are decimal degrees (WGS 84, north and east positive). WAYPOINTS lists, in sailing
order, the ports the sources name, the Suez Canal (reported for the first order's mother tanker
and as the destination of the Ust-Luga cargo of November 2023) and sea-lane points that only
give the line the shape of the usual passage: they are never drawn as stops, and no port is
ever added that a source does not name.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.formatting import id_list

NOT_NAMED = "not named"
CANAL = "Suez Canal"

WAYPOINTS = pd.DataFrame(
    [
        ("Ust-Luga", 59.68, 28.40, "load", "Russia"),
        ("Gulf of Finland", 59.60, 23.50, "sea lane", ""),
        ("Baltic Sea, east of Gotland", 57.60, 19.80, "sea lane", ""),
        ("Baltic Sea, west of Bornholm", 55.10, 14.30, "sea lane", ""),
        ("Kadet Channel", 54.45, 12.30, "sea lane", ""),
        ("Fehmarn Belt", 54.60, 11.15, "sea lane", ""),
        ("Great Belt", 55.30, 10.95, "sea lane", "Denmark"),
        ("Kattegat", 56.30, 11.90, "sea lane", ""),
        ("Skagerrak", 58.00, 10.50, "sea lane", ""),
        ("North Sea", 56.00, 4.00, "sea lane", ""),
        ("Strait of Dover", 51.05, 1.55, "sea lane", ""),
        ("Ushant", 48.60, -5.80, "sea lane", ""),
        ("Cape Finisterre", 43.00, -10.00, "sea lane", ""),
        ("Cape St Vincent", 36.90, -9.20, "sea lane", ""),
        ("Strait of Gibraltar", 35.95, -5.60, "sea lane", ""),
        ("Alboran Sea", 36.10, -3.00, "sea lane", ""),
        ("Off Algeria", 37.60, 5.00, "sea lane", ""),
        ("Strait of Sicily", 37.30, 11.60, "sea lane", ""),
        ("South of Crete", 34.60, 24.00, "sea lane", ""),
        ("Port Said", 31.35, 32.35, "sea lane", "Egypt"),
        (CANAL, 30.58, 32.30, "canal", "Egypt"),
        ("Gulf of Suez", 28.00, 33.60, "sea lane", ""),
        ("Red Sea", 22.00, 37.50, "sea lane", ""),
        ("Bab-el-Mandeb", 12.60, 43.35, "sea lane", ""),
        ("Gulf of Aden", 12.70, 47.00, "sea lane", ""),
        ("Arabian Sea", 14.30, 54.00, "sea lane", ""),
        ("Duqm", 19.67, 57.70, "transshipment", "Oman"),
        ("Karachi", 24.84, 66.98, "discharge", "Pakistan"),
    ],
    columns=["name", "lat", "lon", "role", "country"],
)
PORT_ROLES = ("load", "transshipment", "discharge")
# Where the map writes each stop's name (a plotly textposition): on the side away from the lines
# that meet there, so that no label lies on a route or on another label.
LABEL_POSITIONS = {"Ust-Luga": "middle right", CANAL: "middle right", "Duqm": "bottom right",
                   "Karachi": "middle right"}
_ROLE_WORDS = {"load": "loading port", "transshipment": "transshipment port", "discharge": "discharge port"}
_PORT_COLUMNS = {"load_port": "load", "transship_port": "transshipment", "discharge_port": "discharge"}


def route_label(cargoes: pd.DataFrame) -> pd.Series:
    """'load port → transshipment port → discharge port' per cargo, 'not named' where no source
    names the port."""
    parts = [cargoes[column].astype("string").fillna(NOT_NAMED) for column in _PORT_COLUMNS]
    return (parts[0] + " → " + parts[1] + " → " + parts[2]).rename("route")


def _mapped(name, role: str) -> str | None:
    """The waypoint name for a port the sources name, if the map knows it in that role."""
    if pd.isna(name):
        return None
    known = WAYPOINTS[(WAYPOINTS["role"] == role) & (WAYPOINTS["name"] == name)]
    return None if known.empty else str(name)


def path_for(load_port, transship_port, discharge_port) -> pd.DataFrame:
    """The waypoints of one route, in sailing order (columns as WAYPOINTS plus step).

    The path runs from the named loading port, or from the Suez Canal when the loading port is
    not named, to the named discharge port (or, failing that, the transshipment port, or the
    canal). A port the sources do not name is skipped, never guessed. No named port: no path.
    """
    ports = {role: _mapped(name, role) for name, role in
             zip((load_port, transship_port, discharge_port), PORT_ROLES)}
    if not any(ports.values()):
        return WAYPOINTS.iloc[0:0].assign(step=pd.Series(dtype=int))
    names = WAYPOINTS["name"].tolist()
    first = names.index(ports["load"] or CANAL)
    last = names.index(ports["discharge"] or ports["transshipment"] or CANAL)
    path = WAYPOINTS.iloc[first:last + 1]
    skipped = path["role"].isin(PORT_ROLES) & ~path["name"].isin([p for p in ports.values() if p])
    path = path[~skipped].reset_index(drop=True)
    return path.assign(step=range(len(path)))


def _routes(cargoes: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Each cargo's route number (cargoes naming the same three ports, or leaving the same ones
    unnamed, share a route; routes numbered in order of their first cargo), and per route the
    ports as named and, in `_load_port`..., as the map knows them (<NA> where it does not)."""
    number = np.zeros(len(cargoes), dtype=np.int64)
    for column in _PORT_COLUMNS:  # factorize numbers values in order of first appearance
        codes, distinct = pd.factorize(cargoes[column].astype("string"))  # a missing port is -1
        number = pd.factorize(number * (len(distinct) + 1) + codes + 1)[0]
    first = np.flatnonzero(np.r_[True, number[1:] > np.maximum.accumulate(number)[:-1]]) if len(number) else number
    ports = cargoes[list(_PORT_COLUMNS)].iloc[first].astype("string").reset_index(drop=True)
    for column, role in _PORT_COLUMNS.items():
        known = WAYPOINTS.loc[WAYPOINTS["role"] == role, "name"]
        ports[f"_{column}"] = ports[column].where(ports[column].isin(known))
    return number, ports


def _leading(group: np.ndarray, count: int) -> np.ndarray:
    """Positions of the first `count` rows of each group, grouped and in row order within each."""
    order = np.argsort(group, kind="stable")
    sorted_group = group[order]
    starts = np.flatnonzero(np.r_[True, sorted_group[1:] != sorted_group[:-1]])
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    return order[rank < count]


def _lists(group: np.ndarray, values: np.ndarray, groups: int) -> list[list]:
    """For each of `groups` group numbers, its values, in row order."""
    out: list[list] = [[] for _ in range(groups)]
    for g, value in zip(*(a.tolist() for a in (group, values))):
        out[g].append(value)
    return out


def cargo_paths(cargoes: pd.DataFrame, ids_shown: int = 3) -> pd.DataFrame:
    """Drawable paths for reconciled cargoes, one per set of named ports.

    Long format: route (the cargo ids, e.g. 'C01, C02'; past `ids_shown` of them, the first ones
    and how many more), vessels (likewise, in alphabetical order), cargoes (how many),
    load_port, transship_port, discharge_port (as named, <NA> where not), step, name, lat, lon,
    role. Routes in the order of their first cargo. Cargoes that name no port the map knows are
    left out (see `unmapped_cargoes`).
    """
    keys = list(_PORT_COLUMNS)
    mapped = [f"_{k}" for k in keys]
    columns = ["route", "vessels", "cargoes", *keys, "step", "name", "lat", "lon", "role"]
    number, ports = _routes(cargoes)
    drawable = ports[mapped].notna().any(axis=1).to_numpy()
    if not drawable.any():
        return pd.DataFrame(columns=columns)
    routes = ports[drawable].reset_index(drop=True)
    renumbered = np.cumsum(drawable) - 1
    rows = np.flatnonzero(drawable[number])
    route = renumbered[number[rows]]
    routes["cargoes"] = np.bincount(route, minlength=len(routes))
    first = _leading(route, ids_shown)
    ids = _lists(route[first], cargoes["cargo_id"].iloc[rows[first]].to_numpy(), len(routes))
    vessel = cargoes["vessel"].iloc[rows]
    named = vessel.notna().to_numpy()
    codes, names = pd.factorize(vessel[named], sort=True)
    pairs = np.unique(route[named] * max(len(names), 1) + codes)  # each vessel once per route, by name
    vessel_route = pairs // max(len(names), 1)
    first = _leading(vessel_route, ids_shown)
    vessels = _lists(vessel_route[first], np.asarray(names, dtype=object)[pairs[first] % max(len(names), 1)],
                     len(routes))
    per_route = np.bincount(vessel_route, minlength=len(routes))
    routes["route"] = [id_list(shown, ids_shown, n) for shown, n in zip(ids, routes["cargoes"])]
    routes["vessels"] = [id_list(shown, ids_shown, n) if n else "vessel not named"
                         for shown, n in zip(vessels, per_route)]
    on_map = list(routes[mapped].astype(object).where(routes[mapped].notna(), None)
                  .itertuples(index=False, name=None))
    distinct = {p: i for i, p in enumerate(dict.fromkeys(on_map))}  # each path is worked out once
    drawn = pd.concat([path_for(*p).assign(_path=i) for p, i in distinct.items()], ignore_index=True)
    routes["_path"] = [distinct[p] for p in on_map]
    return routes.merge(drawn, on="_path", how="inner")[columns]


def stops(paths: pd.DataFrame) -> pd.DataFrame:
    """The named ports and the canal on the paths of `cargo_paths`, once each, in sailing order:
    name, lat, lon, role, described ('Karachi, discharge port'; the canal by its name) and
    label_position (see LABEL_POSITIONS)."""
    out = WAYPOINTS[WAYPOINTS["name"].isin(paths.loc[paths["role"] != "sea lane", "name"])].reset_index(drop=True)
    out["described"] = (out["name"] + ", " + out["role"].map(_ROLE_WORDS)).fillna(out["name"])
    out["label_position"] = out["name"].map(LABEL_POSITIONS)
    return out[["name", "lat", "lon", "role", "described", "label_position"]]


def busiest(paths: pd.DataFrame, routes: int) -> pd.DataFrame:
    """The waypoints of the `routes` routes of `cargo_paths` with the most cargoes (ties to the
    earlier route), in their order there."""
    counts = paths.drop_duplicates("route").set_index("route")["cargoes"]
    kept = counts.sort_values(ascending=False, kind="stable").index[:routes]
    return paths[paths["route"].isin(kept)].reset_index(drop=True)


def unmapped_cargoes(cargoes: pd.DataFrame) -> pd.Series:
    """Ids of cargoes no path can be drawn for: no source names a port the map knows."""
    number, ports = _routes(cargoes)
    undrawable = ports[[f"_{k}" for k in _PORT_COLUMNS]].isna().all(axis=1).to_numpy()
    return cargoes["cargo_id"][undrawable[number]].reset_index(drop=True)
