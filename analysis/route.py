"""The sea route of Russian crude to Pakistan: waypoints, route labels and drawable paths.

Coordinates are decimal degrees (WGS 84, north and east positive). WAYPOINTS lists, in sailing
order, the ports the sources name, the Suez Canal (reported for the first order's mother tanker
and as the destination of the Ust-Luga cargo of November 2023) and sea-lane points that only
give the line the shape of the usual passage: they are never drawn as stops, and no port is
ever added that a source does not name.
"""
from __future__ import annotations

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


def _on_map(cargoes: pd.DataFrame) -> pd.DataFrame:
    """The cargoes' ports as text, and the same ports where the map knows them (else <NA>)."""
    frame = cargoes[["cargo_id", "vessel", *_PORT_COLUMNS]].astype("string")
    for column, role in _PORT_COLUMNS.items():
        known = WAYPOINTS.loc[WAYPOINTS["role"] == role, "name"]
        frame[f"_{column}"] = frame[column].where(frame[column].isin(known))
    return frame


def cargo_paths(cargoes: pd.DataFrame, ids_shown: int = 3) -> pd.DataFrame:
    """Drawable paths for reconciled cargoes, one per set of named ports.

    Long format: route (the cargo ids, e.g. 'C01, C02'; past `ids_shown` of them, the first ones
    and how many more), vessels (likewise), cargoes (how many), load_port, transship_port,
    discharge_port (as named, <NA> where not), step, name, lat, lon, role. Routes in the order
    of their first cargo. Cargoes that name no port are left out (see `unmapped_cargoes`).
    """
    keys = list(_PORT_COLUMNS)
    mapped = [f"_{k}" for k in keys]
    frame = _on_map(cargoes)
    frame = frame[frame[mapped].notna().any(axis=1)]
    columns = ["route", "vessels", "cargoes", *keys, "step", "name", "lat", "lon", "role"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    groups = frame.groupby(keys, dropna=False, sort=False)
    routes = groups.agg(cargoes=("cargo_id", "size"), **{m: (m, "first") for m in mapped}).reset_index()
    rows = frame.assign(_route=groups.ngroup().to_numpy())  # routes numbered in order, as in `routes`
    vessels = rows.dropna(subset=["vessel"]).drop_duplicates(["_route", "vessel"]).sort_values(["_route", "vessel"])
    ids = _leading(rows, "cargo_id", ids_shown, len(routes))
    names = _leading(vessels, "vessel", ids_shown, len(routes))
    named = vessels.groupby("_route").size().reindex(range(len(routes)), fill_value=0)
    routes["route"] = [id_list(first, ids_shown, n) for first, n in zip(ids, routes["cargoes"])]
    routes["vessels"] = [id_list(first, ids_shown, n) if n else "vessel not named" for first, n in zip(names, named)]
    ports = list(routes[mapped].astype(object).where(routes[mapped].notna(), None)
                 .itertuples(index=False, name=None))
    distinct = {p: i for i, p in enumerate(dict.fromkeys(ports))}  # each path is worked out once
    drawn = pd.concat([path_for(*p).assign(_path=i) for p, i in distinct.items()], ignore_index=True)
    routes["_path"] = [distinct[p] for p in ports]
    return routes.merge(drawn, on="_path", how="inner")[columns]


def _leading(rows: pd.DataFrame, column: str, count: int, routes: int) -> pd.Series:
    """For each of `routes` route numbers (rows' _route), the first `count` values of `column`."""
    first = rows[rows.groupby("_route").cumcount().to_numpy() < count]
    return first.groupby("_route")[column].agg(list).reindex(range(routes))


def busiest(paths: pd.DataFrame, routes: int) -> pd.DataFrame:
    """The waypoints of the `routes` routes of `cargo_paths` with the most cargoes (ties to the
    earlier route), in their order there."""
    counts = paths.drop_duplicates("route").set_index("route")["cargoes"]
    kept = counts.sort_values(ascending=False, kind="stable").index[:routes]
    return paths[paths["route"].isin(kept)].reset_index(drop=True)


def unmapped_cargoes(cargoes: pd.DataFrame) -> pd.Series:
    """Ids of cargoes no path can be drawn for: no source names a port the map knows."""
    frame = _on_map(cargoes)
    unmapped = frame[[f"_{k}" for k in _PORT_COLUMNS]].isna().all(axis=1)
    return frame.loc[unmapped, "cargo_id"].reset_index(drop=True)
