"""Economics of each cargo: worked examples by hand, properties, the defaults table and its checks."""
import datetime as dt
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from analysis import economics as eco
from analysis.units import barrels_per_tonne
from analysis.validate import ValidationError

ROOT = Path(__file__).resolve().parent.parent

# The scenario of the worked examples, written out so that a change to data/assumptions.csv
# does not change them. Refining values (USD per barrel of crude):
#   Urals      0.59×65 + 0.22×90 + 0.07×85 + 0.05×88 + 0.07×65 = 38.35 + 19.80 + 5.95 + 4.40 + 4.55 = 73.05
#   Arab Light 0.49×65 + 0.24×90 + 0.12×85 + 0.08×88 + 0.07×65 = 31.85 + 21.60 + 10.20 + 7.04 + 4.55 = 75.24
#   (other = 1 − 0.59 − 0.22 − 0.07 − 0.05 = 0.07 and 1 − 0.49 − 0.24 − 0.12 − 0.08 = 0.07)
#   refining adjustment R = 73.05 − 75.24 = −2.19 USD/bbl
SCENARIO = eco.Assumptions(
    urals_price=51, benchmark_price=78, urals_freight=9, urals_insurance=0.5, transship_fee=4,
    onward_freight=2, benchmark_freight=1.5, benchmark_insurance=0.1,
    urals_yield_fuel_oil=0.59, urals_yield_diesel=0.22, urals_yield_petrol=0.07, urals_yield_jet=0.05,
    benchmark_yield_fuel_oil=0.49, benchmark_yield_diesel=0.24, benchmark_yield_petrol=0.12,
    benchmark_yield_jet=0.08, price_fuel_oil=65, price_diesel=90, price_petrol=85, price_jet=88,
    price_other=65, pkr_per_usd=286, cny_per_usd=7.2, price_cap=60, price_cap_from=dt.date(2022, 12, 5))


def cargo(tonnes=45_142.0, api=31.5, transship="Duqm", loaded="2023-04-21", arrived="2023-06-11",
          grade="Urals", cargo_id="X1"):
    """A one-cargo frame shaped like analysis.reconcile.reconcile_cargoes' output."""
    per_tonne = barrels_per_tonne(api)
    return pd.DataFrame({
        "cargo_id": [cargo_id], "vessel": ["Pure Point"], "buyer": ["PRL"], "grade": pd.array([grade], "string"),
        "transship_port": pd.array([transship], "string"), "arrival_date": [arrived],
        "arrival_start": pd.to_datetime([arrived]), "load_start": pd.to_datetime([loaded]),
        "tonnes": [tonnes], "bbl_per_tonne": [per_tonne], "barrels": [tonnes * per_tonne]})



# Worked example ------------------------------------------------------------------------------

def test_first_cargo_at_45142_tonnes_worked_by_hand():
    row = eco.cargo_economics(cargo(), SCENARIO).iloc[0]
    # 45,142 t of Urals at API 31.5: 7.252643 bbl/t → 45,142 × 7.252643 = 327,398.81 bbl
    assert row["barrels"] == pytest.approx(327_398.81, abs=0.005)
    # FOB: 51 USD/bbl × 327,398.81 = 16,697,339.33 USD
    assert row["fob_usd"] == pytest.approx(16_697_339.33, abs=0.005)
    # Transshipment: 4 USD/t ÷ 7.252643 bbl/t = 0.551523 USD/bbl, + 2 USD/bbl onward = 2.551523
    assert row["transship_usd_per_bbl"] == pytest.approx(2.551523, abs=1e-6)
    # Landed: 51 + 9 + 0.5 + 2.551523 = 63.051523 USD/bbl; in total (51 + 9 + 0.5 + 2) × 327,398.81
    # + 4 × 45,142 = 20,462,425.65 + 180,568 = 20,642,993.65 USD
    assert row["landed_usd_per_bbl"] == pytest.approx(63.051523, abs=1e-6)
    assert row["landed_usd"] == pytest.approx(20_642_993.65, abs=0.005)
    # Benchmark: 78 + 1.5 + 0.1 = 79.6 USD/bbl × 327,398.81 = 26,060,945.30 USD
    assert row["benchmark_landed_usd"] == pytest.approx(26_060_945.30, abs=0.005)
    # Saving: 26,060,945.30 − 20,642,993.65 = 5,417,951.66 USD (16.548477 USD/bbl)
    assert row["saving_usd"] == pytest.approx(5_417_951.66, abs=0.005)
    assert row["saving_usd_per_bbl"] == pytest.approx(16.548477, abs=1e-6)
    # Refining adjustment: −2.19 × 327,398.81 = −717,003.39 USD
    assert row["refining_adj_usd"] == pytest.approx(-717_003.39, abs=0.005)
    # Net: 16.548477 − 2.19 = 14.358477 USD/bbl; 5,417,951.66 − 717,003.39 = 4,700,948.26 USD
    assert row["net_usd_per_bbl"] == pytest.approx(14.358477, abs=1e-6)
    assert row["net_usd"] == pytest.approx(4_700_948.26, abs=0.005)
    # In rupees at 286 PKR/USD: 1,344,471,202.95 PKR; in yuan at 7.2: 33,846,827.49 CNY
    assert row["net_pkr"] == pytest.approx(1_344_471_202.95, abs=0.005)
    assert row["net_cny"] == pytest.approx(33_846_827.49, abs=0.005)
    # Per litre: 14.358477 / 158.987294928 = 0.090312 USD = 25.83 PKR (× 286) = 0.65 CNY (× 7.2)
    assert round(row["net_usd_per_litre"], 6) == 0.090312
    assert round(row["net_pkr_per_litre"], 2) == 25.83
    assert round(row["net_cny_per_litre"], 2) == 0.65
    # Break-even discount: (9 + 0.5 + 2.551523) − (1.5 + 0.1) − (−2.19) = 12.641523 USD/bbl off
    # 78, i.e. a Urals price of 65.358477; the discount given is 78 − 51 = 27 = 12.641523 + 14.358477.
    assert row["break_even_discount_usd_per_bbl"] == pytest.approx(12.641523, abs=1e-6)
    assert row["break_even_price_usd_per_bbl"] == pytest.approx(65.358477, abs=1e-6)
    assert row["discount_usd_per_bbl"] == 27
    assert (row["verdict"], row["cap_flag"], row["route"]) == ("paid", "at or below cap", "via Duqm")


def test_direct_cargo_pays_no_transshipment():
    row = eco.cargo_economics(cargo(100_000, transship=None), SCENARIO).iloc[0]
    # Landed 51 + 9 + 0.5 = 60.5; saving 79.6 − 60.5 = 19.1; net 19.1 − 2.19 = 16.91 USD/bbl
    assert row["transship_usd_per_bbl"] == 0
    assert row["net_usd_per_bbl"] == pytest.approx(16.91)
    assert row["route"] == "direct (no transshipment reported)"


def test_price_cap_flag_is_an_indicator_by_date_and_price():
    frame = pd.concat([cargo(cargo_id="A"), cargo(loaded="2022-11-20", arrived="2022-12-20", cargo_id="B"),
                       cargo(loaded=None, arrived="2023-06-27", cargo_id="C")], ignore_index=True)
    at_cap = eco.cargo_economics(frame, SCENARIO.replace(urals_price=60))
    assert at_cap["cap_flag"].tolist() == ["at or below cap", "cap not yet in force", "at or below cap"]
    assert at_cap["cap_date_basis"].tolist() == ["loaded", "loaded", "arrived"]
    above = eco.cargo_economics(frame, SCENARIO.replace(urals_price=60.01))
    assert above["cap_flag"].tolist() == ["above cap", "cap not yet in force", "above cap"]


def test_price_that_would_give_the_reported_benefit():
    econ = eco.cargo_economics(cargo(), SCENARIO)
    # Rs 0.75/litre = 0.75 × 158.987294928 / 286 = 0.416925 USD/bbl; 51 + 14.358477 − 0.416925 = 64.941552
    price = eco.price_for_benefit(econ["net_usd_per_bbl"], SCENARIO, 0.75).iloc[0]
    assert price == pytest.approx(64.941552, abs=1e-6)
    again = eco.cargo_economics(cargo(), SCENARIO.replace(urals_price=price)).iloc[0]
    assert again["net_pkr_per_litre"] == pytest.approx(0.75)


def test_scenario_table_sets_each_value_beside_its_default():
    defaults = eco.read_defaults()
    table = eco.scenario_table(defaults, eco.Assumptions.from_table(defaults).replace(
        urals_price=55, price_cap_from=dt.date(2023, 1, 1)))
    rows = table.set_index("assumption_id")
    assert (rows.at["urals_price", "value"], rows.at["urals_price", "scenario_value"]) == (51, 55)
    assert rows.at["price_cap", "scenario_applies_from"] == pd.Timestamp("2023-01-01")
    assert set(rows.index[rows["changed"]]) == {"urals_price", "price_cap"}
    assert pd.isna(rows.at["reported_benefit", "scenario_value"])


def test_urals_price_implied_by_the_reported_benefit_under_the_defaults():
    a = eco.Assumptions.from_table(eco.read_defaults())
    row = eco.cargo_economics(cargo(), a).iloc[0]
    # Defaults (data/assumptions.csv): Urals 51 (S024), freight 8 (S102), insurance 0.5, Duqm 4 USD/t
    # ÷ 7.252643 bbl/t + 2 = 2.551523 → landed 62.051523 USD/bbl; Arab Light 83.41 + 2.50 = 85.91
    # (S099, S100) + freight 0.80 (S102) + insurance 0.10 = 86.81; refining adjustment −2.19 →
    # net 86.81 − 62.051523 − 2.19 = 22.568477 USD/bbl = Rs 40.57 a litre at 285.8109 PKR/USD (S101).
    assert row["net_usd_per_bbl"] == pytest.approx(22.568477, abs=1e-6)
    assert round(row["net_pkr_per_litre"], 2) == 40.57
    # Rs 0.75 a litre = 0.75 × 158.987294928 / 285.8109 = 0.417201 USD/bbl, so the Urals price
    # that gives it is 51 + 22.568477 − 0.417201 = 73.151276 USD/bbl; for Rs 1.00 and Rs 0.50,
    # 51 + 22.568477 − 0.556267 = 73.012209 and 51 + 22.568477 − 0.278134 = 73.290343.
    implied = eco.price_for_benefit(row["net_usd_per_bbl"], a, 0.75)
    assert implied == pytest.approx(73.151276, abs=1e-6)
    assert [eco.price_for_benefit(row["net_usd_per_bbl"], a, r) for r in (1.0, 0.5)] == pytest.approx(
        [73.012209, 73.290343], abs=1e-6)
    # The implied price does not move with the Urals price set in the scenario
    assert eco.price_for_benefit(eco.cargo_economics(cargo(), a.replace(urals_price=40)).iloc[0]["net_usd_per_bbl"],
                                 a.replace(urals_price=40), 0.75) == pytest.approx(implied)
    again = eco.cargo_economics(cargo(), a.replace(urals_price=implied)).iloc[0]
    assert again["net_pkr_per_litre"] == pytest.approx(0.75)


def test_count_of_inputs_that_rest_on_a_source():
    # data/assumptions.csv: urals_price (S024), urals_freight (S102), benchmark_price (S099;S100),
    # benchmark_freight (S102), urals_yield_fuel_oil (S052), pkr_per_usd and cny_per_usd (S101),
    # price_cap (S097) and its start date, price_cap_from: 9 of the scenario's 25 inputs.
    assert eco.sourced_inputs(eco.read_defaults()) == (9, 25)
    assert len(eco.FIELDS) == 25


def test_every_sourced_default_cites_a_page_not_a_homepage(seed):
    # The price cap (S097), the Arab Light price (S099, S100), freight (S102), the rupee and yuan
    # rates (S101) and the rest: each address names a page (a path beyond "/", or a page query), not
    # a bare site.
    urls = seed["sources"].set_index("source_id")["url"]
    cited = {i for ids in eco.read_defaults()["source_id"].dropna() for i in ids.split(";")}
    assert {"S097", "S099", "S100", "S101", "S102"} <= cited
    for source in sorted(cited):
        address = urlparse(urls[source])
        assert address.path.strip("/") or address.query, source  # a page such as /?p=31984 counts


def test_the_assumptions_table_as_shown_has_no_empty_cell(seed):
    defaults = eco.read_defaults()
    view = eco.assumptions_view(eco.scenario_table(defaults, eco.Assumptions.from_table(defaults)),
                                seed["sources"]).set_index("assumption_id")
    assert not view.isna().any().any()
    assert not view.astype(str).isin(["None", "nan", "NaN", "<NA>", ""]).drop(columns="note").any().any()
    assert view.at["urals_insurance", "source"] == eco.NO_SOURCE == view.at["urals_insurance", "basis"]
    assert (view["source"] == eco.NO_SOURCE).sum() == 16
    assert view.at["benchmark_price", "source"] == \
        "Quantum Commodity Intelligence (S099); Petroleum Culture (S100)"
    assert view.at["pkr_per_usd", "source_range"] == "285.6028–286.0189"
    assert view.at["urals_freight", "source_range"] == "none given"
    assert (view.at["price_cap", "applies_from"], view.at["urals_price", "applies_from"]) == ("2022-12-05", "always")
    # A check is never an input: its scenario value is the reported value
    assert view.at["reported_benefit", "scenario_value"] == 0.75


def test_totals_weight_per_barrel_figures_by_barrels():
    frame = pd.concat([cargo(cargo_id="A"), cargo(100_000, transship=None, cargo_id="B")], ignore_index=True)
    econ = eco.cargo_economics(frame, SCENARIO)
    total = eco.totals(econ)
    # 327,398.81 bbl at 14.358477 + 725,264.30 bbl (100,000 × 7.252643) at 16.91 USD/bbl
    assert total["barrels"] == pytest.approx(327_398.81 + 725_264.30, abs=0.01)
    assert total["net_usd"] == pytest.approx(4_700_948.26 + 725_264.30 * 16.91, abs=0.1)
    assert total["net_usd_per_bbl"] == pytest.approx(total["net_usd"] / total["barrels"])
    # A uniform discount equal to the weighted break-even zeroes the total
    assert total["break_even_discount_usd_per_bbl"] == pytest.approx(27 - total["net_usd_per_bbl"])
    assert (total["cargoes"], total["paid"], total["above_cap"]) == (2, 2, 0)


def test_totals_of_no_cargo_are_zero_with_no_ratios():
    total = eco.totals(eco.cargo_economics(cargo().iloc[0:0], SCENARIO))
    assert total["net_usd"] == 0 and total["cargoes"] == 0
    assert pd.isna(total["net_usd_per_bbl"])


def test_waterfall_steps_end_apart_by_the_net_benefit():
    row = eco.cargo_economics(cargo(), SCENARIO).iloc[0]
    steps = eco.landed_cost_steps(row).set_index("step")
    # Urals: 63.051523 + 2.19 (refining-value gap) = 65.241523; Arab Light 79.6; apart by 14.358477
    assert steps.loc["Refining-adjusted cost", "urals_usd_per_bbl"] == pytest.approx(65.241523, abs=1e-6)
    gap = steps.loc["Refining-adjusted cost"]
    assert gap["benchmark_usd_per_bbl"] - gap["urals_usd_per_bbl"] == pytest.approx(row["net_usd_per_bbl"])
    relative = steps[steps["measure"] == "relative"]
    assert steps.loc["Free on board", "urals_usd_per_bbl"] + relative["urals_usd_per_bbl"].sum() == \
        pytest.approx(steps.loc["Refining-adjusted cost", "urals_usd_per_bbl"])


# Sensitivity ---------------------------------------------------------------------------------

def test_sensitivity_moves_each_driver_20_percent():
    table = eco.sensitivity(SCENARIO, cargo()).set_index("assumption")
    assert set(table.index) == set(eco.DRIVERS)
    price = table.loc["urals_price"]
    # 51 × 0.8 = 40.8 → net 14.358477 + 10.2 = 24.558477; 51 × 1.2 = 61.2 → 4.158477
    assert (price["low_value"], price["high_value"]) == pytest.approx((40.8, 61.2))
    assert price["net_low_usd_per_bbl"] == pytest.approx(24.558477, abs=1e-6)
    assert price["net_high_usd_per_bbl"] == pytest.approx(4.158477, abs=1e-6)
    assert price["swing_usd_per_bbl"] == pytest.approx(20.4)
    assert table["base_net_usd_per_bbl"].iloc[0] == pytest.approx(14.358477, abs=1e-6)
    # The largest swing comes first: the Arab Light price (78 ± 15.6 → swing 31.2)
    assert eco.sensitivity(SCENARIO, cargo())["assumption"].iloc[0] == "benchmark_price"
    # Freight moves a transshipped cargo's net benefit one for one: 9 ± 1.8 → swing 3.6
    assert table.loc["urals_freight", "swing_usd_per_bbl"] == pytest.approx(3.6)


def test_sensitivity_accepts_a_row_of_the_cargoes_frame():
    from_row = eco.sensitivity(SCENARIO, cargo().iloc[0])
    assert from_row.equals(eco.sensitivity(SCENARIO, cargo()))


def test_changing_a_yield_rebalances_the_others_to_one():
    # Furnace oil 0.59 → 0.708: the other 0.41 become 0.292, each scaled by 0.292 / 0.41
    changed = eco.with_value(SCENARIO, "urals_yield_fuel_oil", 0.708)
    assert changed.urals_yield_diesel == pytest.approx(0.22 * 0.292 / 0.41)
    assert changed.yield_other("urals") == pytest.approx(0.07 * 0.292 / 0.41)
    assert changed.urals_yield_fuel_oil + changed.urals_yield_diesel + changed.urals_yield_petrol \
        + changed.urals_yield_jet + changed.yield_other("urals") == pytest.approx(1)


def test_yields_over_one_and_values_out_of_range_are_refused_with_their_names():
    with pytest.raises(ValueError, match="Urals yields .* add up to 1.080"):
        SCENARIO.replace(urals_yield_fuel_oil=0.74)
    with pytest.raises(ValueError, match=r"Pakistani rupees per US dollar \(PKR/USD\)"):
        SCENARIO.replace(pkr_per_usd=0)


# Properties ----------------------------------------------------------------------------------

money = st.floats(min_value=0, max_value=150, allow_nan=False)
scenarios = st.builds(
    lambda p, b, f, i, t, o, bf: SCENARIO.replace(urals_price=p, benchmark_price=b, urals_freight=f,
                                                  urals_insurance=i, transship_fee=t, onward_freight=o,
                                                  benchmark_freight=bf),
    money, money, st.floats(0, 50), st.floats(0, 5), st.floats(0, 50), st.floats(0, 20), st.floats(0, 20))
cargoes = st.builds(lambda t, api, via: cargo(t, api, "Duqm" if via else None),
                    st.floats(1_000, 300_000), st.floats(20, 45), st.booleans())


@settings(max_examples=200, deadline=None)
@given(scenarios, cargoes, st.sampled_from(["urals_freight", "urals_insurance", "transship_fee", "onward_freight"]),
       st.floats(0, 50))
def test_more_freight_never_raises_the_saving(a, frame, name, extra):
    before = eco.cargo_economics(frame, a).iloc[0]
    after = eco.cargo_economics(frame, a.replace(**{name: getattr(a, name) + extra})).iloc[0]
    assert after["saving_usd"] <= before["saving_usd"] + 1e-6
    assert after["net_usd_per_bbl"] <= before["net_usd_per_bbl"] + 1e-9


@settings(max_examples=200, deadline=None)
@given(scenarios, cargoes, st.floats(0, 100), st.floats(0, 50))
def test_a_larger_discount_never_lowers_the_saving(a, frame, discount, more):
    price = max(a.benchmark_price - discount, 0)
    deeper = max(a.benchmark_price - discount - more, 0)
    before = eco.cargo_economics(frame, a.replace(urals_price=price)).iloc[0]
    after = eco.cargo_economics(frame, a.replace(urals_price=deeper)).iloc[0]
    assert after["saving_usd"] >= before["saving_usd"] - 1e-6


@settings(max_examples=200, deadline=None)
@given(scenarios, cargoes)
def test_the_break_even_discount_gives_zero_net_benefit(a, frame):
    d_star = eco.cargo_economics(frame, a).iloc[0]["break_even_discount_usd_per_bbl"]
    price = a.benchmark_price - d_star
    if not 0 <= price <= eco.FIELDS["urals_price"]["max"]:
        return  # the break-even price lies outside what a price can be; nothing to check
    at_break_even = eco.cargo_economics(frame, a.replace(urals_price=price)).iloc[0]
    assert at_break_even["net_usd_per_bbl"] == pytest.approx(0, abs=1e-9)
    assert at_break_even["net_usd"] == pytest.approx(0, abs=1e-4)


# The seed data -------------------------------------------------------------------------------

def test_seed_cargoes_under_the_default_assumptions(seed):
    # Per barrel the defaults give 22.568477 USD/bbl for a Urals cargo via Duqm (see above) and, for a
    # cargo shipped direct, 86.81 − (51 + 8 + 0.5) − 2.19 = 25.12 USD/bbl, whatever its tonnes.
    a = eco.Assumptions.from_table(eco.read_defaults())
    econ = eco.cargo_economics(seed.cargoes[seed.cargoes["delivered"]], a).set_index("cargo_id")
    assert list(econ.index) == ["C01", "C02", "C03", "C04"]
    assert econ.loc[["C01", "C02"], "bbl_per_tonne"].tolist() == pytest.approx([7.252643] * 2, abs=1e-6)
    assert econ.loc[["C01", "C02"], "net_usd_per_bbl"].tolist() == pytest.approx([22.568477] * 2, abs=1e-6)
    assert econ.at["C01", "net_usd"] == pytest.approx(econ.at["C01", "barrels"] * 22.568477, abs=1)
    # Cnergyico, October 2023: 100,000 t, grade not reported → 7.33 bbl/t = 733,000 bbl, priced as
    # Urals, direct: 25.12 USD/bbl × 733,000 = 18,412,960 USD
    assert bool(econ.at["C03", "grade_assumed"]) and econ.at["C03", "route"].startswith("direct")
    assert econ.at["C03", "net_usd"] == pytest.approx(18_412_960)
    assert set(econ["cap_flag"]) == {"at or below cap"}


def test_outcome_totals_every_delivered_cargo_and_lists_the_first(seed):
    a = eco.Assumptions.from_table(eco.read_defaults())
    delivered = seed.cargoes[seed.cargoes["delivered"]]
    got = eco.outcome(seed.cargoes, a, dt.date(2015, 1, 1), dt.date(2026, 12, 31), limit=2)
    # The Duqm cargoes (C01, C02) at 22.568477 USD/bbl and the direct ones (C03, C04) at 25.12
    via_duqm = delivered["transship_port"].notna()
    want = (delivered.loc[via_duqm, "barrels"].sum() * 22.568477 + delivered.loc[~via_duqm, "barrels"].sum() * 25.12)
    assert got.cargoes == 4 and got.totals["net_usd"] == pytest.approx(want, abs=0.5)
    assert got.totals["barrels"] == pytest.approx(delivered["barrels"].sum())
    assert got.first["cargo_id"].tolist() == ["C01", "C02"]
    assert set(got.sources.split(";")) == set(";".join(delivered["sources"]).split(";"))
    assert got.grade_assumed  # C03 and C04 name no grade
    june = eco.outcome(seed.cargoes, a, dt.date(2023, 6, 1), dt.date(2023, 6, 30))
    assert june.cargoes == 2 and not june.grade_assumed
    assert june.totals["net_usd_per_bbl"] == pytest.approx(22.568477, abs=1e-6)


def test_one_cargo_step_by_step(seed):
    a = eco.Assumptions.from_table(eco.read_defaults())
    got = eco.one_cargo(seed.cargoes, a, "C03", dt.date(2023, 10, 1), dt.date(2023, 10, 31))
    assert got.row["net_usd_per_bbl"] == pytest.approx(25.12) and got.row["barrels"] == pytest.approx(733_000)
    assert got.steps["urals_usd_per_bbl"].iloc[0] == a.urals_price  # free on board
    assert got.sensitivity["base_net_usd_per_bbl"].iloc[0] == pytest.approx(25.12)
    assert eco.one_cargo(seed.cargoes, a, "C03", dt.date(2023, 11, 1), dt.date(2023, 11, 30)) is None
    assert eco.one_cargo(seed.cargoes, a, "C99", dt.date(2015, 1, 1), dt.date(2026, 12, 31)) is None


def test_defaults_table_gives_the_sourced_values():
    table = eco.read_defaults().set_index("assumption_id")
    assert (table.at["urals_price", "value"], table.at["urals_price", "low"], table.at["urals_price", "high"]) \
        == (51, 50, 52)
    assert table.at["urals_price", "source_id"] == "S024"  # F008
    assert table.at["price_cap", "value"] == 60
    assert table.at["price_cap", "applies_from"] == pd.Timestamp("2022-12-05")
    assert table.at["urals_yield_fuel_oil", "value"] == 0.59 and table.at["urals_yield_fuel_oil", "source_id"] == "S052"
    # Arab Light for April 2023 loading: Dubai 83.41 (S099) + Aramco's differential 2.50 (S100)
    assert (table.at["benchmark_price", "value"], table.at["benchmark_price", "source_id"]) == (85.91, "S099;S100")
    # Freight, refiners' replies (S102): 8 USD/bbl from Russia, 8-12 times the Gulf's → 0.67-1.00
    assert (table.at["urals_freight", "value"], table.at["urals_freight", "source_id"]) == (8, "S102")
    assert tuple(table.loc["benchmark_freight", ["value", "low", "high"]]) == (0.8, 0.67, 1.0)
    # SBP customer rates of 30 May 2023 (S101): 285.6028 buying, 286.0189 selling
    assert tuple(table.loc["pkr_per_usd", ["value", "low", "high"]]) == (285.8109, 285.6028, 286.0189)
    assert table.at["cny_per_usd", "value"] == 7.0909
    check = table.loc["reported_benefit"]
    assert (check["role"], check["low"], check["high"], check["source_id"]) == ("check", 0.5, 1.0, "S041")
    assumed = table[table["basis"] == "assumption"]
    assert assumed["source_id"].isna().all()
    assert eco.Assumptions.from_table(eco.read_defaults()).price_cap_from == dt.date(2022, 12, 5)


def broken_copy(tmp_path, edit) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(ROOT / "data" / "sources.csv", folder / "sources.csv")
    text = (ROOT / "data" / "assumptions.csv").read_text(encoding="utf-8")
    (folder / "assumptions.csv").write_text(edit(text), encoding="utf-8")
    return folder


def test_a_bad_value_is_reported_by_file_row_column_and_value(tmp_path):
    folder = broken_copy(tmp_path, lambda t: t.replace("urals_freight,Urals freight from the Russian port,8,",
                                                       "urals_freight,Urals freight from the Russian port,eight,"))
    with pytest.raises(ValidationError) as err:
        eco.read_defaults(folder)
    assert "data/assumptions.csv, row 3, column 'value': value 'eight': must be a number" in str(err.value)


def test_wrong_unit_missing_source_and_missing_row_are_all_reported(tmp_path):
    def edit(text):
        lines = text.splitlines()
        lines[2] = lines[2].replace(",USD/bbl,", ",USD/t,")  # urals_freight
        lines[1] = lines[1].replace(",S024,", ",S999,")  # urals_price
        lines[6] = lines[6].replace(",S099;S100,", ",S099;S998,")  # benchmark_price
        return "\n".join(line for line in lines if not line.startswith("cny_per_usd,")) + "\n"
    with pytest.raises(ValidationError) as err:
        eco.read_defaults(broken_copy(tmp_path, edit))
    message = str(err.value)
    assert "row 3, column 'unit': value 'USD/t': must be USD/bbl for urals_freight" in message
    assert "row 2, column 'source_id': value 'S999': must exist in sources.source_id" in message
    assert "row 7, column 'source_id': value 'S099;S998': must exist in sources.source_id (not found: S998)" \
        in message
    assert "column 'assumption_id': value 'cny_per_usd': no row gives this assumption" in message


def test_yields_over_one_in_the_table_are_refused(tmp_path):
    folder = broken_copy(tmp_path, lambda t: t.replace("urals_yield_diesel,Diesel yield from Urals,0.22,",
                                                       "urals_yield_diesel,Diesel yield from Urals,0.32,"))
    with pytest.raises(ValidationError, match="Urals yields of furnace oil, diesel, petrol and jet add up"):
        eco.read_defaults(folder)


def test_an_assumption_citing_a_source_must_say_it_is_sourced(tmp_path):
    folder = broken_copy(tmp_path, lambda t: t.replace("USD/bbl,,input,,assumption,Ordinary cargo insurance",
                                                       "USD/bbl,,input,S041,assumption,Ordinary cargo insurance"))
    with pytest.raises(ValidationError, match="row 9, column 'source_id': value 'S041': must be empty"):
        eco.read_defaults(folder)


def test_the_data_dictionary_documents_the_assumptions_table():
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## assumptions.csv\n", 1)
    assert len(section) == 2, "data/README.md has no section for assumptions.csv"
    body = section[1].split("\n## ", 1)[0]
    for word in (*eco.COLUMNS, *eco.UNITS, *eco.ROLES, *eco.BASES, *eco.INPUTS, *eco.CHECKS):
        assert f"`{word}`" in body, word
    header = (ROOT / "data" / "assumptions.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == list(eco.COLUMNS)
