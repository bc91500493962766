"""The figures the sources give for the dataset in data/ as it stands (the `curated` fixture),
computed by hand from the cited sources; the other tests run on the frozen copy in
tests/fixtures/seed.

First order (April 2023, government to government): 100,000 t in every account that states a
quantity (S026 Zawya/Reuters, the petroleum minister's figure; S092 DNA News). Its two cargoes:
- Pure Point, 11 June 2023: 45,142 t (S032 Business Recorder, 12 Jun, from port sources: port
  data), 45,122 t (S038 The News, 28 Jun, press), about 45,000 t (S092 DNA News, 2026, press).
  Rule: port data first → 45,142 t.
- Clyde Noble, 27 June 2023: 55,000 t (PortNews, 27 Jun, repeating Geo News: press), 56,000 t
  (S038 The News, 28 Jun, the Karachi Port Trust's figure: port data) → 56,000 t.
Delivered against the order = 45,142 + 56,000 = 101,142 t = 101.142% of 100,000 t;
range 45,000 + 55,000 = 100,000 t (100.0%) to 45,142 + 56,000 = 101,142 t (101.1%). PortNews
(S036, 27 Jun 2023) says the second cargo completes the 100,000 t order.
All cargoes: C01 45,142 + C02 56,000 + C03 100,000 (S055) + C04 10,000 (S055) = 211,142 t from
arrival accounts, range 45,000 + 55,000 + 100,000 + 10,000 = 210,000 t to 211,142 t. The Clyde
Noble leaving Ust-Luga on 9 Nov 2023 with up to 105,000 t (S053, tracking) is not known to be C04
and is not an arrival: it is a cargo of its own, on the water, and counts in none of these.
"""
import pandas as pd
import pytest

from analysis.dates import parse_partial_dates
from analysis.volumes import delivery_series, russia_share



def test_first_order_is_100000_tonnes_placed_19_april_2023(curated):
    order = curated.ledger.set_index("order_id").loc["O1"]
    assert order["ordered_t"] == 100_000
    assert (order["ordered_min_t"], order["ordered_max_t"]) == (100_000, 100_000)
    assert str(order["placed_start"].date()) == "2023-04-19"


def test_first_order_delivered_total_and_percentage(curated):
    order = curated.ledger.set_index("order_id").loc["O1"]
    assert order["delivered_t"] == 101_142
    assert order["pct_delivered"] == pytest.approx(101.142)
    assert (order["delivered_min_t"], order["delivered_max_t"]) == (100_000, 101_142)
    assert (order["pct_min"], order["pct_max"]) == pytest.approx((100.0, 101.142))
    assert order["complete_reported"] == pd.Timestamp("2023-06-27") and order["complete_source_id"] == "S036"
    assert order["outstanding_t"] == 0
    assert order["n_cargoes"] == 2
    # 19 Apr → 11 Jun is 53 days; 19 Apr → 27 Jun is 69 days.
    assert (order["days_to_first_arrival"], order["days_to_last_arrival"]) == (53, 69)


def test_first_cargo_keeps_every_account(curated):
    cargo = curated.cargoes.set_index("cargo_id").loc["C01"]
    assert cargo["vessel"] == "Pure Point"
    assert cargo["tonnes"] == 45_142 and cargo["chosen_source_id"] == "S032"  # the port report
    assert cargo["chosen_evidence"] == "port_data"
    assert (cargo["tonnes_min"], cargo["tonnes_max"]) == (45_000, 45_142)
    assert bool(cargo["conflict"])
    second = curated.cargoes.set_index("cargo_id").loc["C02"]
    assert (second["tonnes"], second["tonnes_min"], second["tonnes_max"]) == (56_000, 55_000, 56_000)
    assert (second["chosen_source_id"], second["chosen_evidence"]) == ("S038", "port_data")


def test_delivered_comes_from_arrival_accounts_only(curated):
    cargoes = curated.cargoes
    done = cargoes[cargoes["delivered"]]
    assert done["cargo_id"].tolist() == ["C01", "C02", "C03", "C04"]
    assert (done["tonnes"].sum(), done["tonnes_min"].sum(), done["tonnes_max"].sum()) == (211_142, 210_000, 211_142)
    afloat = cargoes.set_index("cargo_id").loc["C04-CR014"]
    assert (afloat["possible_match"], afloat["status"], afloat["vessel"], afloat["load_port"]) == (
        "C04", "in_transit", "Clyde Noble", "Ust-Luga")
    assert str(afloat["load_start"].date()) == "2023-11-09" and not afloat["delivered"]


def test_monthly_fiscal_series_places_june_in_fy23_and_october_in_fy24(curated):
    months = delivery_series(curated.cargoes, "month", "fiscal").set_index("period")
    assert months.loc["Jun 2023", "tonnes"] == 101_142
    assert months.loc["Oct 2023", "tonnes"] == 100_000
    years = delivery_series(curated.cargoes, "year", "fiscal").set_index("period")
    assert years.loc["FY2022-23", "tonnes"] == 101_142
    # Oct 2023 (100,000 t, The News) + Nov 2023 (10,000 t, The News) fall in FY2023-24.
    assert years.loc["FY2023-24", "tonnes"] == 110_000


def test_russian_share_of_crude_imports_july_to_december_2023(curated):
    shares = russia_share(curated.cargoes, curated["import_context"])
    h1 = shares[(shares["period_start"] == "2023-07-01") & (shares["period_end"] == "2023-12-31")].iloc[0]
    # 110,000 t of Russian crude against 4,279,000 t of imports (OCAC via NNI) = 2.5707%.
    assert h1["total_t"] == 4_279_000 and h1["russian_t"] == 110_000
    assert h1["share_pct"] == pytest.approx(110_000 / 4_279_000 * 100)


def test_every_dated_row_has_a_real_date(curated):
    for name, column in [("events", "occurred_on"), ("initiative_reports", "reported_on"),
                         ("sources", "published_on"), ("cargo_reports", "arrival_date")]:
        values = curated[name][column].dropna()
        assert parse_partial_dates(values)["start"].notna().all(), name
