"""The Economics page under Streamlit's AppTest, on a throwaway store seeded from data/.

Under the default assumptions (data/assumptions.csv) a Urals cargo via Duqm at API 31.5
(7.252643 bbl/t) nets, per barrel:
  Arab Light 85.91 (S099, S100) + freight 0.80 (S102) + insurance 0.10 = 86.81
  − Urals 51 (S024) − freight 8 (S102) − insurance 0.5 − Duqm 4 / 7.252643 − onward 2 = 62.051523
  − refining adjustment 2.19 = 22.568477 USD/bbl = Rs 40.57 a litre at 285.8109 PKR/USD (S101).
A cargo shipped direct nets 86.81 − 59.5 − 2.19 = 25.12 USD/bbl. June 2023 holds the two cargoes of
the first order, Pure Point and Clyde Noble, both Urals via Duqm. Refiners reported Rs 0.50–1.00 a
litre (S041); Rs 1.00 = 158.987294928 / 285.8109 = 0.556267 USD/bbl and Rs 0.50 = 0.278134 USD/bbl,
so the Urals price that gives that benefit is 51 + 22.568477 − 0.556267 = 73.01 to
51 + 22.568477 − 0.278134 = 73.29 USD/bbl. 9 of the 25 inputs have a sourced default.
"""

import pytest

from analysis import economics as eco
from analysis import formatting as fmt
from analysis.datafiles import read_data_dir, typed
from analysis.dataset import derive
from conftest import SEED_DIR

JUNE_2023 = {"from": "2023-06-01", "to": "2023-06-30"}


@pytest.fixture
def app(page_app):
    return page_app("pages/economics.py", timeout=90)


@pytest.fixture(scope="module")
def expected():
    """The analysis layer's figures for the seed data under the default assumptions."""
    frames = read_data_dir(SEED_DIR)
    data = derive({name: typed(name, frame) for name, frame in frames.items()})
    a = eco.Assumptions.from_table(eco.read_defaults())
    return eco.cargo_economics(data.cargoes[data.cargoes["delivered"]], a)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def results(at):
    """The per-cargo table as the page shows it."""
    return next(d.value for d in at.dataframe if "net_usd_per_bbl" in d.value.columns).set_index("cargo_id")


def assumptions(at):
    """The table of assumptions as the page shows it."""
    return next(d.value for d in at.dataframe if "source_range" in d.value.columns).set_index("assumption_id")


def test_page_leads_with_the_reported_benefit_and_the_price_it_implies(app):
    app.query_params.update(JUNE_2023)
    app.run()
    assert not app.exception
    assert app.subheader[0].value == "What the sources support"
    assert [m.label for m in app.metric[:3]] == [
        "Reported benefit (PKR/litre)", "Urals price it implies (USD/bbl)", "Inputs with a source"]
    shown = metrics(app)
    assert shown["Reported benefit (PKR/litre)"] == "0.50–1.00"
    assert shown["Urals price it implies (USD/bbl)"] == "73.01–73.29"
    assert shown["Inputs with a source"] == "9 of 25"
    told = app.text[0].value
    assert "Rs 0.50–1.00 a litre" in told and "USD 73.01–73.29 a barrel free on board" in told
    assert "for the 2 cargoes delivered in the chosen dates" in told and "9 of the 25 inputs" in told
    # The model's own result comes after, labelled as a scenario
    assert shown["Scenario net benefit (PKR/litre)"] == "40.57"
    assert "Model scenario: the result" in [s.value for s in app.subheader]


def test_page_shows_the_analysis_figures(app, expected):
    app.run()
    assert not app.exception
    shown = metrics(app)
    assert shown["Scenario net benefit (USD)"] == fmt.usd_millions(expected["net_usd"].sum())
    assert shown["Above price cap (scenario)"] == f"0 of {len(expected)}"
    table = results(app)
    want = expected.set_index("cargo_id")
    assert list(table.index) == list(want.index)
    for column in ("landed_usd_per_bbl", "benchmark_landed_usd_per_bbl", "saving_usd_per_bbl",
                   "refining_adj_usd_per_bbl", "net_usd_per_bbl", "net_pkr_per_litre",
                   "break_even_discount_usd_per_bbl"):
        assert table[column].tolist() == pytest.approx(want[column].tolist()), column
    assert table["net_usd"].tolist() == pytest.approx((want["net_usd"] / 1e6).tolist())  # shown in USD m
    assert table.at["C01", "net_usd_per_bbl"] == pytest.approx(22.568477, abs=1e-6)
    assert table.at["C03", "net_usd_per_bbl"] == pytest.approx(25.12)
    assert set(table["cap_flag"]) == {"at or below cap"}


def test_the_assumptions_table_says_where_no_source_is(app):
    app.run()
    table = assumptions(app)
    assert not table.isna().any().any()
    assert not table.astype(str).isin(["None", "nan", "<NA>"]).any().any()
    assert (table["source"] == "assumption, no source").sum() == 16
    assert table.at["urals_insurance", "basis"] == "assumption, no source"
    assert table.at["benchmark_price", "source"] == "Quantum Commodity Intelligence (S099); Petroleum Culture (S100)"
    assert table.at["pkr_per_usd", "source_range"] == "285.6028–286.0189"


def test_changing_an_input_changes_the_scenario_not_the_implied_price(app, expected):
    app.run()
    implied = metrics(app)["Urals price it implies (USD/bbl)"]
    app.number_input(key="eco_urals_price").set_value(60.0).run()
    assert not app.exception
    # 9 USD/bbl more on every barrel
    changed = expected["net_usd"].sum() - 9 * expected["barrels"].sum()
    assert metrics(app)["Scenario net benefit (USD)"] == fmt.usd_millions(changed)
    assert metrics(app)["Urals price it implies (USD/bbl)"] == implied  # the price it solves for
    assert metrics(app)["Above price cap (scenario)"] == f"0 of {len(expected)}"  # 60 is at the cap
    app.number_input(key="eco_urals_price").set_value(61.0).run()
    assert metrics(app)["Above price cap (scenario)"] == f"{len(expected)} of {len(expected)}"
    assert set(results(app)["cap_flag"]) == {"above cap"}


def test_a_link_with_parameters_opens_that_scenario(app):
    app.query_params["eco_urals_price"] = "55"
    app.query_params["eco_urals_freight"] = "12"
    app.query_params["eco_price_cap_from"] = "2023-07-01"
    app.query_params["eco_cargo"] = "C03"
    app.run()
    assert not app.exception
    assert app.number_input(key="eco_urals_price").value == 55
    table = results(app)
    # 4 + 4 USD/bbl more than the defaults (51 and 8): 22.568477 − 8 = 14.568477
    assert table.at["C01", "net_usd_per_bbl"] == pytest.approx(14.568477, abs=1e-6)
    # Pure Point loaded 21 Apr 2023 and Clyde Noble arrived 27 Jun 2023: before a cap from 1 Jul 2023
    assert table.loc[["C01", "C02"], "cap_flag"].tolist() == ["cap not yet in force"] * 2
    assert table.at["C03", "cap_flag"] == "at or below cap"
    # The cargo chosen in the link: Cnergyico's October cargo, 25.12 − 8 = 17.12 USD/bbl
    assert any("net benefit USD 17.12/bbl" in c.value for c in app.caption)


def test_reset_puts_every_default_back(app, expected):
    app.query_params["eco_urals_price"] = "55"
    app.run()
    app.button(key="eco_reset").click().run()
    assert app.number_input(key="eco_urals_price").value == 51
    assert metrics(app)["Scenario net benefit (USD)"] == fmt.usd_millions(expected["net_usd"].sum())


def test_yields_adding_up_to_more_than_one_are_explained(app):
    app.run()
    app.number_input(key="eco_urals_yield_fuel_oil").set_value(0.9).run()
    assert not app.exception
    assert any("Urals yields of furnace oil, diesel, petrol and jet add up to 1.240" in e.value for e in app.error)
    assert not app.metric or "Scenario net benefit (USD)" not in metrics(app)


def test_no_cargo_in_the_date_range_shows_an_empty_state(app):
    app.query_params.update({"from": "2024-01-01", "to": "2024-12-31"})
    app.run()
    assert not app.exception
    assert any("No Russian cargo arrived" in i.value for i in app.info)
    shown = metrics(app)
    assert shown["Reported benefit (PKR/litre)"] == "0.50–1.00"  # what the sources say stays
    assert shown["Urals price it implies (USD/bbl)"] == "—"
    assert "Scenario net benefit (USD)" not in shown


def test_a_link_may_name_a_cargo_beyond_the_rows_shown(app, expected, monkeypatch):
    monkeypatch.setattr("ui.cache.MAX_ROWS", 2)  # as if there were thousands of cargoes
    app.query_params["eco_cargo"] = "C04"
    app.run()
    assert not app.exception
    assert list(results(app).index) == ["C01", "C02"]
    assert any(f"Showing the first 2 of {len(expected)} cargoes" in c.value for c in app.caption)
    # the totals still count them all
    assert metrics(app)["Scenario net benefit (USD)"] == fmt.usd_millions(expected["net_usd"].sum())
    assert app.selectbox(key="eco_cargo").value == "C04"
    # C04: 10,000 t at 7.33 bbl/t = 73,300 bbl, direct, 25.12 USD/bbl
    assert any("net benefit USD 25.12/bbl" in c.value and "73 kbbl" in c.value for c in app.caption)


def test_the_default_factor_is_cited_where_it_is_used(app):
    app.session_state["src-eco-factors-open"] = True  # the reader opens its "Says who?"
    app.run()
    assert any("7.33 bbl/t (Statistical Review approximate conversion factors)" in c.value for c in app.caption)
    cited = next(d.value for d in app.dataframe if "publisher" in d.value.columns and "BP" in set(d.value["publisher"]))
    assert "approximate-conversion-factors.pdf" in " ".join(cited["url"])
