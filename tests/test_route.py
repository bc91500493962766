"""The route table and the paths drawn from it: named ports only, never a guessed one."""
import numpy as np
import pandas as pd
import pytest

from analysis.route import (CANAL, LABEL_POSITIONS, NOT_NAMED, WAYPOINTS, busiest, cargo_paths, path_for,
                            route_label, stops, unmapped_cargoes)


def cargoes(rows):
    columns = ["cargo_id", "vessel", "load_port", "transship_port", "discharge_port"]
    return pd.DataFrame([dict(zip(columns, r)) for r in rows], dtype="string")


SEED_LIKE = cargoes([
    ("C01", "Pure Point", None, "Duqm", "Karachi"),
    ("C02", "Clyde Noble", None, "Duqm", "Karachi"),
    ("C03", None, None, None, None),
    ("C04", "Clyde Noble", "Ust-Luga", None, None),
])


def test_waypoints_hold_the_named_ports_at_their_coordinates():
    table = WAYPOINTS.set_index("name")
    # Ust-Luga 59°41'N 28°24'E; Suez Canal (Ismailia reach) 30°35'N 32°18'E;
    # Duqm 19°40'N 57°42'E; Karachi (Keamari) 24°50'N 66°59'E.
    expected = {"Ust-Luga": (59.68, 28.40, "load"), CANAL: (30.58, 32.30, "canal"),
                "Duqm": (19.67, 57.70, "transshipment"), "Karachi": (24.84, 66.98, "discharge")}
    for name, (lat, lon, role) in expected.items():
        assert (table.at[name, "lat"], table.at[name, "lon"], table.at[name, "role"]) == (lat, lon, role)
    assert WAYPOINTS["name"].is_unique
    assert WAYPOINTS["lat"].between(-90, 90).all() and WAYPOINTS["lon"].between(-180, 180).all()
    assert set(WAYPOINTS["role"]) == {"load", "sea lane", "canal", "transshipment", "discharge"}


def test_waypoints_run_in_sailing_order_from_the_baltic_to_karachi():
    names = WAYPOINTS["name"].tolist()
    assert names[0] == "Ust-Luga" and names[-1] == "Karachi"
    order = [names.index(n) for n in ("Strait of Gibraltar", CANAL, "Bab-el-Mandeb", "Duqm")]
    assert order == sorted(order)


def test_route_label_says_not_named_where_no_source_names_a_port():
    assert route_label(SEED_LIKE).tolist() == [
        "not named → Duqm → Karachi", "not named → Duqm → Karachi",
        f"{NOT_NAMED} → {NOT_NAMED} → {NOT_NAMED}", "Ust-Luga → not named → not named"]


def test_first_order_path_starts_at_the_canal_because_its_loading_port_is_not_named():
    path = path_for(pd.NA, "Duqm", "Karachi")
    assert path["name"].iloc[0] == CANAL
    assert path["name"].iloc[-1] == "Karachi"
    assert path["step"].tolist() == list(range(len(path)))
    stops = path[path["role"] != "sea lane"]["name"].tolist()
    assert stops == [CANAL, "Duqm", "Karachi"]
    assert "Ust-Luga" not in path["name"].tolist()  # never guessed


def test_a_path_without_transshipment_skips_duqm():
    stops = path_for("Ust-Luga", pd.NA, "Karachi").query("role != 'sea lane'")["name"].tolist()
    assert stops == ["Ust-Luga", CANAL, "Karachi"]


def test_ust_luga_cargo_without_a_named_destination_stops_at_the_canal():
    path = path_for("Ust-Luga", pd.NA, pd.NA)
    assert (path["name"].iloc[0], path["name"].iloc[-1]) == ("Ust-Luga", CANAL)
    assert "Karachi" not in path["name"].tolist()


@pytest.mark.parametrize("ports", [(pd.NA, pd.NA, pd.NA), ("Primorsk", pd.NA, pd.NA)])
def test_no_path_without_a_port_the_map_knows(ports):
    assert path_for(*ports).empty


def test_cargo_paths_group_cargoes_sharing_their_ports():
    paths = cargo_paths(SEED_LIKE)
    assert list(dict.fromkeys(paths["route"])) == ["C01, C02", "C04"]
    first = paths[paths["route"] == "C01, C02"]
    assert first["vessels"].iloc[0] == "Clyde Noble, Pure Point"
    assert first["load_port"].isna().all()
    assert unmapped_cargoes(SEED_LIKE).tolist() == ["C03"]


def test_cargo_paths_of_nothing_is_empty():
    assert cargo_paths(SEED_LIKE.iloc[2:3]).empty


def test_a_route_counts_its_cargoes_and_names_only_the_first_ones():
    paths = cargo_paths(SEED_LIKE, ids_shown=1)
    routes = paths.drop_duplicates("route").set_index("route")
    assert routes["cargoes"].to_dict() == {"C01, … and 1 more": 2, "C04": 1}
    assert routes.at["C01, … and 1 more", "vessels"] == "Clyde Noble, … and 1 more"  # Pure Point too
    assert cargo_paths(cargoes([("C05", None, "Ust-Luga", None, "Karachi")]))["vessels"].iloc[0] == "vessel not named"


def test_busiest_routes_are_those_with_most_cargoes():
    paths = cargo_paths(SEED_LIKE)
    assert set(busiest(paths, 1)["route"]) == {"C01, C02"}
    assert list(dict.fromkeys(busiest(paths, 5)["route"])) == ["C01, C02", "C04"]


def test_a_port_the_map_does_not_know_draws_nothing():
    # Primorsk is named but not on the map: like an unnamed port, it is never guessed.
    frame = cargoes([("C06", "Sea Star", "Primorsk", None, None), ("C07", None, "Primorsk", "Duqm", None)])
    assert unmapped_cargoes(frame).tolist() == ["C06"]
    path = cargo_paths(frame)
    assert path["route"].unique().tolist() == ["C07"] and path["name"].iloc[0] == CANAL


# Where a label goes, as a compass bearing from its point (degrees anticlockwise from east).
LABEL_BEARINGS = {"middle right": 0, "top right": 45, "top center": 90, "top left": 135, "middle left": 180,
                  "bottom left": 225, "bottom center": 270, "bottom right": 315}


def bearing(frm, to) -> float:
    """Bearing from one waypoint to another on the map, longitude shrunk by the latitude."""
    dx = (to["lon"] - frm["lon"]) * np.cos(np.radians(frm["lat"]))
    return float(np.degrees(np.arctan2(to["lat"] - frm["lat"], dx)) % 360)


@pytest.mark.parametrize("ports", [("Ust-Luga", "Duqm", "Karachi"), (None, "Duqm", "Karachi"),
                                   ("Ust-Luga", None, None), ("Ust-Luga", None, "Karachi"), (None, None, "Karachi")])
def test_every_stop_is_labelled_away_from_the_lines_that_meet_there(ports):
    path = path_for(*ports).assign(route="C01")
    marked = stops(path)
    assert marked["label_position"].notna().all()
    for stop in marked.itertuples():
        step = path.index[path["name"] == stop.name][0]
        label = LABEL_BEARINGS[stop.label_position]
        for neighbour in (step - 1, step + 1):
            if 0 <= neighbour < len(path):
                gap = abs(label - bearing(path.iloc[step], path.iloc[neighbour])) % 360
                assert min(gap, 360 - gap) >= 45, (stop.name, path.iloc[neighbour]["name"])


def test_stops_are_the_named_ports_and_the_canal_once_each_in_sailing_order():
    paths = cargo_paths(SEED_LIKE)
    marked = stops(paths)
    assert marked["name"].tolist() == ["Ust-Luga", CANAL, "Duqm", "Karachi"]
    assert marked["described"].tolist() == ["Ust-Luga, loading port", CANAL, "Duqm, transshipment port",
                                            "Karachi, discharge port"]


def test_every_port_the_map_knows_has_a_label_position():
    named = WAYPOINTS[WAYPOINTS["role"] != "sea lane"]
    assert set(named["name"]) == set(LABEL_POSITIONS)
