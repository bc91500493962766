"""The Crude volumes page under Streamlit's AppTest, on a throwaway store seeded from data/.

Figures by hand from data/cargo_reports.csv (reconciliation as in tests/test_seed_figures.py):
C01 Pure Point 45,122 t (accounts 45,000–45,142 t), 11 Jun 2023; C02 Clyde Noble 56,000 t
(55,000–56,000), 27 Jun 2023; C03 100,000 t, Oct 2023; C04 10,000 t (up to 105,000), Nov 2023.
Urals converts at 7.252643 bbl/t (API 31.5), ungraded crude at 7.33 bbl/t.
"""
import json

import pytest
from conftest import chart_titled, plotly_values, table_with, open_tab


@pytest.fixture
def app(page_app):
    return page_app("pages/volumes.py")


def trace(spec, name):
    return next(t for t in spec["data"] if t.get("name") == name)


def test_ledger_lists_every_cargo_with_its_range_and_conflict(app):
    app.run()
    assert not app.exception
    ledger = table_with(app, "cargo_id").set_index("cargo_id")
    assert ledger.index.tolist() == ["C01", "C02", "C03", "C04"]
    assert ledger.at["C01", "vessel"] == "Pure Point"
    assert (ledger.at["C01", "quantity"], ledger.at["C01", "range"]) == (45_122, "45,000–45,142")
    assert ledger.at["C01", "n_sources"] == 5
    assert ledger["conflict"].tolist() == [True, True, False, True]
    assert ledger.at["C04", "route"] == "Ust-Luga → not named → not named"
    shown = {m.label: m.value for m in app.metric}
    assert shown["Cargoes arrived"] == "4"
    assert shown["Delivered"] == "211,122 t"  # 45,122 + 56,000 + 100,000 + 10,000
    assert shown["Cargoes whose sources disagree"] == "3"


def test_barrels_follow_the_grade_factor(app):
    app.query_params["unit"] = "barrels"
    app.run()
    assert not app.exception
    ledger = table_with(app, "cargo_id").set_index("cargo_id")
    assert ledger.at["C01", "quantity"] == 327_254  # 45,122 × 7.252643
    assert ledger.at["C01", "range"] == "326,369–327,399"  # 45,000 and 45,142 × 7.252643
    assert ledger.at["C03", "quantity"] == 733_000  # 100,000 × 7.33
    assert ledger.at["C01", "bbl_per_tonne"] == pytest.approx(7.252643, abs=1e-6)
    # 101,122 × 7.252643 + 110,000 × 7.33 = 733,402 + 806,300 = 1,539,702 bbl
    assert {m.label: m.value for m in app.metric}["Delivered"] == "1,540 kbbl"


def test_a_shared_link_shows_only_the_october_and_november_cargoes(app):
    app.query_params.update({"from": "2023-10-01", "to": "2023-12-31"})
    app.run()
    assert not app.exception
    assert table_with(app, "cargo_id")["cargo_id"].tolist() == ["C03", "C04"]
    assert {m.label: m.value for m in app.metric}["Delivered"] == "110,000 t"
    open_tab(app, "vol_section", "Cumulative deliveries")
    running = chart_titled(app, "Crude delivered, cumulative")
    assert plotly_values(trace(running, "Delivered")["y"]) == [0, 100_000, 110_000, 110_000]
    names = [t.get("name") for t in running["data"]]
    assert "Ordered (orders stating a quantity)" not in names  # O2 (Oct 2023) states no quantity
    # The 3.6 Mt/yr plan of 24 Oct 2023 starts at the 100,000 t then arrived, and by 31 Dec 2023
    # (68 of 366 days) is at 100,000 + 3,600,000 × 68 / 366 = 768,852 t.
    plan = trace(running, "3.6 Mt/yr target stated 2023-10-24, pro rata")
    assert plotly_values(plan["y"]) == pytest.approx([100_000, 100_000 + 3_600_000 * 68 / 366])


def test_cumulative_chart_against_the_order(app):
    app.query_params["vol_section"] = "Cumulative deliveries"  # a link to the section opens it
    app.run()
    running = chart_titled(app, "Crude delivered, cumulative")
    assert plotly_values(trace(running, "Delivered")["y"]) == [0, 45_122, 101_122, 201_122, 211_122, 211_122]
    assert plotly_values(trace(running, "Ordered (orders stating a quantity)")["y"])[1] == 100_000
    app.toggle(key="vol_targets").set_value(False).run()
    names = [t.get("name") for t in chart_titled(app, "Crude delivered, cumulative")["data"]]
    assert not any("target" in (n or "") for n in names)


def test_period_filter_changes_the_series(app):
    app.run()
    open_tab(app, "vol_section", "Per period and share of imports")
    monthly = chart_titled(app, "Crude delivered per month")
    assert plotly_values(monthly["data"][0]["x"]) == ["Jun 2023", "Jul 2023", "Aug 2023", "Sep 2023", "Oct 2023",
                                               "Nov 2023"]
    assert plotly_values(monthly["data"][0]["y"]) == [101_122, 0, 0, 0, 100_000, 10_000]
    app.button_group(key="vol_freq").set_value("quarter").run()
    quarterly = chart_titled(app, "Crude delivered per quarter")
    assert plotly_values(quarterly["data"][0]["x"]) == ["2023 Q2", "2023 Q3", "2023 Q4"]
    assert plotly_values(quarterly["data"][0]["y"]) == [101_122, 0, 110_000]


def test_fiscal_years_from_the_url(app):
    app.query_params.update({"basis": "fiscal", "vol_freq": "year",
                             "vol_section": "Per period and share of imports"})
    app.run()
    assert not app.exception
    yearly = chart_titled(app, "Crude delivered per year, Pakistan fiscal year basis")
    assert plotly_values(yearly["data"][0]["x"]) == ["FY2022-23", "FY2023-24"]
    assert plotly_values(yearly["data"][0]["y"]) == [101_122, 110_000]
    # June 2023 falls in FY2022-23, for which no total of Pakistan's crude imports is recorded.
    assert any("No context for FY2022-23" in w.value and "the 101,122 t that arrived then" in w.value
               for w in app.warning)
    assert "Cargoes arrived in FY2022-23: C01, C02" in [t.value for t in app.text]


def test_share_and_targets(app):
    app.query_params.update({"from": "2023-10-01", "to": "2023-12-31", "vol_section": "Per period and share of imports"})
    app.run()
    share = chart_titled(app, "Russian crude as a share")
    bars = dict(zip(plotly_values(share["data"][0]["y"]), plotly_values(share["data"][0]["text"])))
    assert bars["Jul 2023 – Oct 2023 · Dawn (S067)"] == "4.2%"  # 100,000 / 2,395,000
    assert bars["Jul 2023 – Nov 2023 · Dawn (S071)"] == "3.3%"  # 110,000 / 3,373,000
    targets = table_with(app, "target_id").set_index("target_id")
    assert targets.at["T06", "target"] == "3.6 Mt/yr"
    assert targets.at["T06", "actual"] == "0.01 Mt/yr"  # 10,000 t (C04) in the year after 24 Oct 2023


def test_the_route_map_draws_named_ports_only(app):
    app.run()
    open_tab(app, "vol_section", "Route")
    route = chart_titled(app, "Route of Russian crude")
    stops = next(t for t in route["data"] if t.get("name") == "Named ports and the canal")
    assert plotly_values(stops["text"]) == ["Suez Canal (canal)", "Duqm (transshipment)", "Karachi (discharge)",
                                     "Ust-Luga (load)"]
    notes = "\n".join(t.value for t in app.text)
    assert "C01, C02: no source names the Russian loading port, so the line starts at the canal." in notes
    assert "Not drawn: C03 (no source names a port)." in notes


def test_an_empty_period_is_explained(app):
    app.query_params.update({"from": "2019-01-01", "to": "2019-12-31"})
    app.run()
    assert not app.exception
    assert any("No cargoes arrived between 01 Jan 2019 and 31 Dec 2019" in i.value for i in app.info)
    for name in ("Cumulative deliveries", "Per period and share of imports", "Route"):
        open_tab(app, "vol_section", name)
        assert app.info, f"the {name} section shows nothing and says nothing"


def test_only_the_open_section_runs(app):
    app.run()
    titles = lambda: [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in app.get("plotly_chart")]
    assert titles() == [] and table_with(app, "cargo_id") is not None  # the ledger: a table, no chart
    open_tab(app, "vol_section", "Route")
    assert [t.split(" (")[0] for t in titles()] == ["Route of Russian crude to Pakistan"]
    assert not any("cargo_id" in df.value.columns for df in app.dataframe)
