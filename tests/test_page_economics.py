"""The Economics page under Streamlit's AppTest, on a throwaway store seeded from data/.

Delivered cargoes in the seed data and the default assumptions (data/assumptions.csv):
- Pure Point (45,122 t) and Clyde Noble (56,000 t), Urals at 7.252643 bbl/t, via Duqm:
  101,122 × 7.252643 = 733,401.77 bbl at a net benefit of 14.358477 USD/bbl
  (79.6 Arab Light landed − 63.051523 Urals landed − 2.19 refining adjustment) = 10,530,532.32 USD.
- The two Cnergyico cargoes (100,000 t and 10,000 t), grade not reported (7.33 bbl/t), no
  transshipment: 806,300 bbl at 16.91 USD/bbl = 13,634,533.00 USD.
Total 24,165,065.32 USD over 1,539,701.77 bbl = 15.694640 USD/bbl = Rs 28.23 a litre at 286 PKR/USD;
break-even discount 27 − 15.694640 = 11.31 USD/bbl.
"""
from pathlib import Path

import pytest

from analysis import economics as eco
from analysis.datafiles import read_data_dir, typed
from analysis.dataset import derive


@pytest.fixture
def app(page_app):
    return page_app("pages/economics.py", timeout=90)


@pytest.fixture(scope="module")
def expected():
    """The analysis layer's figures for the seed data under the default assumptions."""
    frames = read_data_dir(Path(__file__).resolve().parent.parent / "data")
    data = derive({name: typed(name, frame) for name, frame in frames.items()})
    a = eco.Assumptions.from_table(eco.read_defaults())
    return eco.cargo_economics(data.cargoes[data.cargoes["delivered"]], a)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def results(at):
    """The per-cargo table as the page shows it."""
    return next(d.value for d in at.dataframe if "net_usd_per_bbl" in d.value.columns).set_index("cargo_id")


def test_page_shows_the_analysis_figures(app, expected):
    app.run()
    assert not app.exception
    shown = metrics(app)
    assert shown["Net benefit (USD)"] == "$24.2m"  # 24,165,065.32 USD
    assert shown["Net benefit (PKR/litre)"] == "28.23"
    assert shown["Break-even (USD/bbl)"] == "11.31"
    assert shown["Above price cap"] == "0 of 4"
    table = results(app)
    want = expected.set_index("cargo_id")
    assert list(table.index) == ["C01", "C02", "C03", "C04"]
    for column in ("landed_usd_per_bbl", "benchmark_landed_usd_per_bbl", "saving_usd_per_bbl",
                   "refining_adj_usd_per_bbl", "net_usd_per_bbl", "net_pkr_per_litre",
                   "break_even_discount_usd_per_bbl"):
        assert table[column].tolist() == pytest.approx(want[column].tolist()), column
    assert table["net_usd"].tolist() == pytest.approx((want["net_usd"] / 1e6).tolist())  # shown in USD m
    assert table.at["C01", "net_usd_per_bbl"] == pytest.approx(14.358477, abs=1e-6)
    assert table.at["C03", "net_usd_per_bbl"] == pytest.approx(16.91)
    assert table["net_usd"].sum() == pytest.approx(24.16506532)
    assert set(table["cap_flag"]) == {"at or below cap"}


def test_changing_an_input_changes_the_result(app):
    app.run()
    app.number_input(key="eco_urals_price").set_value(60.0).run()
    assert not app.exception
    # 9 USD/bbl more on 1,539,701.77 bbl: 24,165,065.32 − 13,857,315.89 = 10,307,749.43 USD
    assert metrics(app)["Net benefit (USD)"] == "$10.3m"
    assert metrics(app)["Above price cap"] == "0 of 4"  # 60 is at the cap, not above it
    app.number_input(key="eco_urals_price").set_value(61.0).run()
    assert metrics(app)["Above price cap"] == "4 of 4"
    assert set(results(app)["cap_flag"]) == {"above cap"}


def test_a_link_with_parameters_opens_that_scenario(app):
    app.query_params["eco_urals_price"] = "55"
    app.query_params["eco_urals_freight"] = "12"
    app.query_params["eco_price_cap_from"] = "2023-07-01"
    app.query_params["eco_cargo"] = "C03"
    app.run()
    assert not app.exception
    assert app.number_input(key="eco_urals_price").value == 55
    # 4 + 3 USD/bbl more on 1,539,701.77 bbl: 24,165,065.32 − 10,777,912.36 = 13,387,152.97 USD
    assert metrics(app)["Net benefit (USD)"] == "$13.4m"
    table = results(app)
    assert table.at["C01", "net_usd_per_bbl"] == pytest.approx(14.358477 - 7, abs=1e-6)
    # Pure Point loaded 21 Apr 2023 and Clyde Noble arrived 27 Jun 2023: before a cap from 1 Jul 2023
    assert table["cap_flag"].tolist() == ["cap not yet in force"] * 2 + ["at or below cap"] * 2
    # The cargo chosen in the link: Cnergyico's October cargo, 16.91 − 7 = 9.91 USD/bbl
    assert any("net benefit USD 9.91/bbl" in c.value for c in app.caption)


def test_reset_puts_every_default_back(app):
    app.query_params["eco_urals_price"] = "55"
    app.run()
    app.button(key="eco_reset").click().run()
    assert app.number_input(key="eco_urals_price").value == 51
    assert metrics(app)["Net benefit (USD)"] == "$24.2m"


def test_yields_adding_up_to_more_than_one_are_explained(app):
    app.run()
    app.number_input(key="eco_urals_yield_fuel_oil").set_value(0.9).run()
    assert not app.exception
    assert any("Urals yields of furnace oil, diesel, petrol and jet add up to 1.240" in e.value for e in app.error)
    assert not app.metric or "Net benefit (USD)" not in metrics(app)


def test_no_cargo_in_the_date_range_shows_an_empty_state(app):
    app.query_params.update({"from": "2024-01-01", "to": "2024-12-31"})
    app.run()
    assert not app.exception
    assert any("No Russian cargo arrived" in i.value for i in app.info)
    assert "Net benefit (USD)" not in metrics(app)


def test_a_link_may_name_a_cargo_beyond_the_rows_shown(app, monkeypatch):
    monkeypatch.setattr("ui.cache.MAX_ROWS", 2)  # as if there were thousands of cargoes
    app.query_params["eco_cargo"] = "C04"
    app.run()
    assert not app.exception
    assert list(results(app).index) == ["C01", "C02"]
    assert any("Showing the first 2 of 4 cargoes" in c.value for c in app.caption)
    assert metrics(app)["Net benefit (USD)"] == "$24.2m"  # the totals still count all four
    assert app.selectbox(key="eco_cargo").value == "C04"
    # C04: 10,000 t at 7.33 bbl/t, direct, 16.91 USD/bbl
    assert any("net benefit USD 16.91/bbl" in c.value and "73 kbbl" in c.value for c in app.caption)
