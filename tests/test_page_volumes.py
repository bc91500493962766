"""The Crude volumes page under Streamlit's AppTest, on a throwaway store seeded from data/.

Figures by hand from data/cargo_reports.csv (reconciliation as in tests/test_seed_figures.py):
C01 Pure Point 45,142 t (accounts 45,000–45,142 t), 11 Jun 2023; C02 Clyde Noble 56,000 t
(55,000–56,000), 27 Jun 2023; C03 100,000 t, Oct 2023; C04 10,000 t, Nov 2023; C04-CR014, the
Clyde Noble leaving Ust-Luga on 9 Nov 2023 with up to 105,000 t, an unconfirmed account of C04 kept
apart, on the water and not counted as delivered.
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
    assert ledger.index.tolist() == ["C01", "C02", "C03", "C04", "C04-CR014"]
    assert ledger.at["C01", "vessel"] == "Pure Point"
    assert (ledger.at["C01", "quantity"], ledger.at["C01", "range"]) == (45_142, "45,000–45,142")
    assert ledger.at["C01", "n_sources"] == 5
    assert ledger["conflict"].tolist() == [True, True, False, False, False]
    assert ledger.at["C04-CR014", "route"] == "Ust-Luga → not named → not named"
    assert ledger.at["C04-CR014", "link"] == "possibly C04 (not confirmed)"
    assert ledger.at["C04-CR014", "position"] == "left Ust-Luga 9 Nov 2023"
    shown = {m.label: m.value for m in app.metric}
    assert shown["Cargoes arrived"] == "4"
    assert shown["Delivered"] == "211,142 t"  # 45,142 + 56,000 + 100,000 + 10,000
    assert shown["Cargoes whose sources disagree"] == "2"
    assert shown["Loaded or on the water"] == "1"


def test_delivered_range_counts_arrival_accounts_only(app):
    app.run()
    assert not app.exception
    captions = [c.value for c in app.caption]
    # 45,000 + 55,000 + 100,000 + 10,000 to 45,142 + 56,000 + 100,000 + 10,000; the up-to-105,000 t
    # loading report no longer stretches it to 306,142 t.
    assert "sources range 210,000–211,142 t" in captions
    texts = [t.value for t in app.text]
    assert "Clyde Noble (C04-CR014) left Ust-Luga 9 Nov 2023 with up to 105,000 t; may be C04" in texts


def test_barrels_follow_the_grade_factor(app):
    app.query_params["unit"] = "barrels"
    app.run()
    assert not app.exception
    ledger = table_with(app, "cargo_id").set_index("cargo_id")
    assert ledger.at["C01", "quantity"] == 327_399  # 45,142 × 7.252643
    assert ledger.at["C01", "range"] == "326,369–327,399"  # 45,000 and 45,142 × 7.252643
    assert ledger.at["C03", "quantity"] == 733_000  # 100,000 × 7.33
    assert ledger.at["C01", "bbl_per_tonne"] == pytest.approx(7.252643, abs=1e-6)
    # 101,142 × 7.252643 + 110,000 × 7.33 = 733,547 + 806,300 = 1,539,847 bbl
    assert {m.label: m.value for m in app.metric}["Delivered"] == "1,540 kbbl"


def test_a_shared_link_shows_only_the_october_and_november_cargoes(app):
    app.query_params.update({"from": "2023-10-01", "to": "2023-12-31", "vol_targets": "true"})
    app.run()
    assert not app.exception
    assert table_with(app, "cargo_id")["cargo_id"].tolist() == ["C03", "C04", "C04-CR014"]
    assert {m.label: m.value for m in app.metric}["Delivered"] == "110,000 t"
    open_tab(app, "vol_section", "Cumulative deliveries")
    running = chart_titled(app, "Crude delivered, cumulative")
    assert plotly_values(trace(running, "Delivered")["y"]) == [0, 100_000, 110_000, 110_000]
    names = [t.get("name") for t in running["data"]]
    assert "Ordered (orders stating a quantity)" not in names  # O2 (Oct 2023) states no quantity
    # The 3.6 Mt/yr plan of 24 Oct 2023 starts at the 100,000 t then arrived, and by 31 Dec 2023
    # (68 of 366 days) is at 100,000 + 3,600,000 × 68 / 366 = 768,852 t.
    plan = trace(running, "Plan: 3.6 Mt/yr, stated 2023-10-24, pro rata")
    assert plotly_values(plan["y"]) == pytest.approx([100_000, 100_000 + 3_600_000 * 68 / 366])


def test_cumulative_chart_against_the_order(app):
    app.query_params["vol_section"] = "Cumulative deliveries"  # a link to the section opens it
    app.run()
    running = chart_titled(app, "Crude delivered, cumulative")
    assert plotly_values(trace(running, "Delivered")["y"]) == [0, 45_142, 101_142, 201_142, 211_142, 211_142]
    assert plotly_values(trace(running, "Ordered (orders stating a quantity)")["y"])[1] == 100_000
    names = [t.get("name") or "" for t in running["data"]]
    assert not any(word in n for n in names for word in ("Target", "Plan", "Under consideration"))


def test_targets_are_off_by_default_and_each_line_says_its_kind(app):
    app.query_params["vol_section"] = "Cumulative deliveries"
    app.run()
    assert not app.exception
    assert app.toggle(key="vol_targets").value is False
    running = chart_titled(app, "Crude delivered, cumulative")
    title = running["layout"]["title"]["text"].replace("<br>", " ")  # long titles wrap
    assert title == "Crude delivered, cumulative, against ordered (tonnes)"
    assert [t.get("name") for t in running["data"] if t.get("showlegend") is not False] == [
        "Ordered (orders stating a quantity)", "Range across sources", "Delivered", "Key events"]
    app.toggle(key="vol_targets").set_value(True).run()
    running = chart_titled(app, "Crude delivered, cumulative")
    assert "targets and plans" in running["layout"]["title"]["text"].replace("<br>", " ")
    plan = trace(running, "Plan: 3.6 Mt/yr, stated 2023-10-24, pro rata")
    considered = trace(running, "Under consideration: 0.7–1 Mt/yr, stated 2023-10-12, pro rata")
    # Told apart by dash and end marker as well as colour; the range is shaded down to its low end.
    assert (plan["line"]["dash"], plan["marker"]["symbol"]) == ("longdash", "square")
    assert (considered["line"]["dash"], considered["marker"]["symbol"]) == ("dashdot", "circle-open")
    assert considered["fill"] == "tonexty" and plan.get("fill") is None
    low = next(t for t in running["data"] if t.get("legendgroup") == "T05" and t.get("showlegend") is False)
    high = plotly_values(considered["y"])
    assert high[-1] - high[0] == pytest.approx(1_000_000) and plotly_values(low["y"])[-1] - high[0] == pytest.approx(
        700_000)  # a year on: 1.0 Mt at the high end, 0.7 Mt at the low end
    assert any("plan (long dashes, ■)" in c.value for c in app.caption)


def test_period_filter_changes_the_series(app):
    app.run()
    open_tab(app, "vol_section", "Per period and share of imports")
    monthly = chart_titled(app, "Crude delivered per month")
    assert plotly_values(monthly["data"][0]["x"]) == ["Jun 2023", "Jul 2023", "Aug 2023", "Sep 2023", "Oct 2023",
                                               "Nov 2023"]
    assert plotly_values(monthly["data"][0]["y"]) == [101_142, 0, 0, 0, 100_000, 10_000]
    app.button_group(key="vol_freq").set_value("quarter").run()
    quarterly = chart_titled(app, "Crude delivered per quarter")
    assert plotly_values(quarterly["data"][0]["x"]) == ["2023 Q2", "2023 Q3", "2023 Q4"]
    assert plotly_values(quarterly["data"][0]["y"]) == [101_142, 0, 110_000]


def test_fiscal_years_from_the_url(app):
    app.query_params.update({"basis": "fiscal", "vol_freq": "year",
                             "vol_section": "Per period and share of imports"})
    app.run()
    assert not app.exception
    yearly = chart_titled(app, "Crude delivered per year, Pakistan fiscal year basis")
    assert plotly_values(yearly["data"][0]["x"]) == ["FY2022-23", "FY2023-24"]
    assert plotly_values(yearly["data"][0]["y"]) == [101_142, 110_000]
    # June 2023 falls in FY2022-23, whose only crude total is Jul–Dec 2022 (NNI): no cargo arrived
    # then, and the June cargoes fall in the half-year it leaves out.
    shares = table_with(app, "rests_on").set_index("period")
    assert shares.at["FY2022-23", "shown"] == "no cargo recorded in the days covered"
    assert shares.at["FY2022-23", "rests_on"].startswith("crude oil imports, Jul 2022 – Dec 2022: 4,169,000 t")
    assert shares.at["FY2022-23", "match"].startswith("the total covers 184 of the period's 365 days (50%); ")
    assert shares.at["FY2022-23", "match"].endswith(" t arrived in the days it leaves out, not in the share")
    assert shares.at["FY2022-23", "cargo_ids"] == "C01, C02"


def test_share_and_targets(app):
    app.query_params.update({"from": "2023-10-01", "to": "2023-12-31", "vol_section": "Per period and share of imports"})
    app.run()
    share = chart_titled(app, "Russian crude as a share of Pakistan's imports, per month")
    bars = {t["name"]: dict(zip(plotly_values(t["y"]), plotly_values(t["text"]))) for t in share["data"]}
    # November: 10,000 t (C04) of the month's 885,000 t (NNI) = 1.13%. October: C03's 100,000 t
    # over Jul–Oct 2023's 2,395,000 t (Dawn) pro rata for 31 of its 123 days, 603,618 t = 16.6%.
    assert bars["of crude imports, over a total for exactly this period"] == {"Nov 2023": "1.1%"}
    assert bars["of crude imports, over a total for another span (pro rata or in part: see the table)"] == {
        "Oct 2023": "16.6%"}
    targets = table_with(app, "target_id").set_index("target_id")
    assert targets.at["T06", "target"] == "3.6 Mt/yr"
    assert targets.at["T06", "actual"] == "0.01 Mt/yr"  # 10,000 t (C04) in the year after 24 Oct 2023


def test_the_share_tab_says_no_cargo_recorded_and_which_total_each_share_rests_on(app):
    app.query_params.update({"vol_section": "Per period and share of imports", "vol_freq": "quarter"})
    app.run()
    assert not app.exception
    share = chart_titled(app, "Russian crude as a share of Pakistan's imports, per quarter")
    bars = [t for t in share["data"] if t["type"] == "bar"]
    # Only 2023 Q4 has a bar: 110,000 t over Jul–Dec 2023's 4,279,000 t pro rata for 92 of its
    # 184 days (2,139,500 t) = 5.1%. Quarters without a cargo get words, never a 0% bar.
    assert [(plotly_values(t["y"]), plotly_values(t["text"])) for t in bars] == [(["2023 Q4"], ["5.1%"])]
    words = next(t for t in share["data"] if t["type"] == "scatter")
    said = dict(zip(plotly_values(words["y"]), plotly_values(words["text"])))
    assert said["2023 Q2"] == "no import total covers it"
    assert said["2023 Q3"] == "no cargo recorded"
    assert said["2024 Q1"] == said["2024 Q4"] == "no cargo recorded · a source says some arrived in a period that includes it"
    table = table_with(app, "rests_on").set_index("period")
    assert table.at["2023 Q4", "rests_on"] == ("crude oil imports, Jul 2023 – Dec 2023: 4,279,000 t "
                                               "(NNI via mshijazi.com, S057)")
    assert table.at["2023 Q4", "match"] == "the total covers the whole period; pro rata for 92 of its 184 days"
    assert table.at["2024 Q1", "said"].startswith("Argus (S079) on 2024: Some Russian crude, such as medium sour Urals")
    # 2023 Q2, the quarter of the first two cargoes, is covered by no total: the nearest are named.
    assert any("No published total of Pakistan's imports covers 2023 Q2" in w.value for w in app.warning)
    nearest = next(t.value for t in app.text if t.value.startswith("Cargoes: C01, C02"))
    assert "Nearest before: crude oil imports, Dec 2022: 901,000 t (NNI via mshijazi.com, S057)" in nearest
    assert "Nearest after: crude oil imports, Jul 2023 – Oct 2023: 2.395 Mt (Dawn, S067), from 1 Jul 2023." in nearest
    totals = table_with(app, "in_tonnes").set_index("context_id")
    assert totals.at["IC02", "measure"] == "all oil imports (crude and products, not split)"
    assert totals.at["IC02", "shown"] == "no cargo recorded"
    assert totals.at["IC11", "in_tonnes"] == "8,438,472 t (169,000 bbl/d × 366 days = 61,854,000 bbl, at 7.33 bbl/t)"


def test_targets_table_says_the_kind_and_who_stated_each_figure(app):
    app.query_params.update({"from": "2023-10-01", "to": "2023-12-31",
                             "vol_section": "Per period and share of imports"})
    app.run()
    assert not app.exception
    targets = table_with(app, "target_id").set_index("target_id")
    assert targets["kind"].to_dict() == {"T01": "target", "T02": "target", "T03": "target",
                                         "T04": "under consideration", "T05": "under consideration", "T06": "plan"}
    assert (targets.at["T05", "target"], targets.at["T04", "target"]) == ("0.7–1 Mt/yr", "up to 20,000 bbl/d")
    # T01, the 35% aim (F002): said by the minister, published by Economy.pk.
    assert tuple(targets.loc["T01", ["speaker", "speaker_role", "publisher"]]) == (
        "Musadik Malik", "Minister of State for Petroleum", "Economy.pk")
    assert "said_by" not in targets.columns


def test_the_route_map_draws_named_ports_only(app):
    app.run()
    open_tab(app, "vol_section", "Route")
    route = chart_titled(app, "Route of Russian crude")
    stops = next(t for t in route["data"] if t.get("name") == "Named ports and the canal")
    assert plotly_values(stops["text"]) == ["Ust-Luga", "Suez Canal", "Duqm", "Karachi"]
    assert plotly_values(stops["hovertext"])[-1] == "Karachi, discharge port"
    # Each name on the side away from the lines meeting there (tests/test_route.py checks the bearings).
    assert stops["textposition"] == ["middle right", "middle right", "bottom right", "middle right"]
    assert route["layout"]["height"] >= 700 and route["layout"]["geo"]["projection"]["type"] == "mercator"
    notes = "\n".join(t.value for t in app.text)
    assert "C01, C02: no source names the Russian loading port, so the line starts at the canal." in notes
    # C04 (the 10,000 t November account) names no port; the Ust-Luga loading, kept apart as
    # C04-CR014 since its link to C04 is not confirmed, names no discharge port.
    assert "C04-CR014: no source names where it was discharged, so the line ends at the canal." in notes
    assert "Not drawn: C03, C04 (no source names a port)." in notes


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
