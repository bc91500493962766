"""The sea route of Russian crude to Pakistan: waypoints, route labels and drawable paths.

Coordinates are decimal degrees (WGS 84, north and east positive). WAYPOINTS lists, in sailing
order, the ports the sources name, the Suez Canal (reported for the first order's mother tanker
and as the destination of the Ust-Luga cargo of November 2023) and sea-lane points that only
give the line the shape of the usual passage: they are never drawn as stops, and no port is
ever added that a source does not name.
"""
from __future__ import annotations

import pandas as pd

NOT_NAMED = "not named"
CANAL = "Suez Canal"

WAYPOINTS = pd.DataFrame(
    [
        ("Ust-Luga", 59.68, 28.40, "load", "Russia"),
        ("Gulf of Finland", 59.60, 23.50, "sea lane", ""),
        ("Baltic Sea, east of Gotland", 57.60, 19.80, "sea lane", ""),
        ("Baltic Sea, west of Bornholm", 55.10, 14.30, "sea lane", ""),
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


def cargo_paths(cargoes: pd.DataFrame) -> pd.DataFrame:
    """Drawable paths for reconciled cargoes, one per set of named ports.

    Long format: route (e.g. 'C01, C02'), vessels, load_port, transship_port, discharge_port
    (as named, <NA> where not), step, name, lat, lon, role. Cargoes that name no port are left
    out (see `unmapped_cargoes`).
    """
    keys = list(_PORT_COLUMNS)
    frame = cargoes[["cargo_id", "vessel", *keys]].astype("string")
    pieces = []
    for ports, group in frame.groupby(keys, dropna=False, sort=False):
        path = path_for(*ports)
        if path.empty:
            continue
        vessels = sorted(set(group["vessel"].dropna()))
        path = path.assign(route=", ".join(group["cargo_id"]),
                           vessels=", ".join(vessels) if vessels else "vessel not named",
                           **{k: v for k, v in zip(keys, ports)})
        pieces.append(path)
    columns = ["route", "vessels", *keys, "step", "name", "lat", "lon", "role"]
    if not pieces:
        return pd.DataFrame(columns=columns)
    return pd.concat(pieces, ignore_index=True)[columns]


def unmapped_cargoes(cargoes: pd.DataFrame) -> pd.Series:
    """Ids of cargoes no path can be drawn for: no source names a port the map knows."""
    drawable = [not path_for(*row).empty for row in
                cargoes[list(_PORT_COLUMNS)].astype("string").itertuples(index=False)]
    return cargoes.loc[[not d for d in drawable], "cargo_id"].reset_index(drop=True)
