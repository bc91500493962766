"""Trade turnover and cooperation status, on small hand-made tables; all goods and crude
petroleum kept apart on the seed data with the UN Comtrade sample (HS 2709) imported beside it.

Counted by hand: the seed's trade_flows.csv holds 9 figures of all goods (TF01–TF09, 6 on a
calendar basis); the Comtrade sample gives 2 of HS 2709 for calendar 2023, both Russia →
Pakistan: Pakistan's report of its imports (58,431,000 USD) and Russia's of its exports
(55,300,000 USD).
"""
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from analysis.comtrade import read_comtrade
from analysis.cooperation import furthest_stage, latest_status, sector_mentions, status_counts, status_history
from analysis.cooperation_views import trade_rows, trade_view
from analysis.datafiles import typed
from analysis.trade import by_commodity, commodity_names, commodity_order, period_names, turnover
from analysis.validate import validate_table

SOURCES = pd.DataFrame({"source_id": ["S1", "S2"], "publisher": ["Dawn", "TASS"],
                        "title": ["a", "b"], "published_on": ["2024-12-05", "2025-07"]}, dtype="string")


def test_period_names_recognise_calendar_and_fiscal_years():
    start = pd.Series(pd.to_datetime(["2023-01-01", "2022-07-01", "2023-01-01"]))
    end = pd.Series(pd.to_datetime(["2023-12-31", "2023-06-30", "2023-05-31"]))
    assert period_names(start, end).tolist() == ["2023", "FY2022-23", "Jan 2023 – May 2023"]


def test_turnover_filters_by_basis_and_direction_and_converts_to_millions():
    flows = pd.DataFrame({
        "flow_id": ["F1", "F2", "F3"], "source_id": ["S1", "S1", "S2"],
        "period_start": ["2022-07-01", "2022-07-01", "2023-01-01"],
        "period_end": ["2023-06-30", "2023-06-30", "2023-12-31"],
        "basis": ["fiscal", "fiscal", "calendar"], "direction": ["total", "RU_to_PK", "total"],
        "commodity": ["TOTAL"] * 3, "value_usd": [920e6, 846e6, 1e9], "qualifier": ["exact", "exact", "at_least"]})
    fiscal = turnover(flows, SOURCES, basis="fiscal")
    assert fiscal["value_musd"].tolist() == [846.0, 920.0]  # sorted by period, then direction
    assert set(fiscal["period"]) == {"FY2022-23"} and set(fiscal["days"]) == {365}
    imports = turnover(flows, SOURCES, direction="RU_to_PK")
    assert imports["flow_id"].tolist() == ["F2"] and imports["publisher"].tolist() == ["Dawn"]


INITIATIVES = pd.DataFrame({"initiative_id": ["I1", "I2", "I3"], "sector_id": ["energy", "industry", "health"],
                            "title": ["Pipeline", "Steel mill", "Insulin"]}, dtype="string")
REPORTS = pd.DataFrame({
    "report_id": ["R1", "R2", "R3", "R4"], "initiative_id": ["I1", "I1", "I2", "I2"],
    "source_id": ["S1", "S2", "S1", "S2"], "reported_on": ["2015-10-16", "2022-12", "2025-05-13", "2025-07-11"],
    "status": ["agreed", "stalled", "in_talks", "agreed"], "speaker": ["Shulginov", None, None, None],
    "speaker_role": ["Energy Minister", None, None, "Secretary"], "note": [None] * 4}, dtype="string")


def test_latest_status_is_the_most_recent_report_and_history_is_ordered():
    latest = latest_status(INITIATIVES, REPORTS, SOURCES).set_index("initiative_id")
    assert latest.loc["I1", "status"] == "stalled" and latest.loc["I1", "reported_on"] == "2022-12"
    assert latest.loc["I2", "status"] == "agreed" and latest.loc["I2", "publisher"] == "TASS"
    assert pd.isna(latest.loc["I2", "speaker"]) and latest.loc["I2", "speaker_role"] == "Secretary"
    assert pd.isna(latest.loc["I3", "status"]) and latest.loc["I3", "n_reports"] == 0
    history = status_history(INITIATIVES, REPORTS, SOURCES)
    assert history["report_id"].tolist() == ["R1", "R2", "R3", "R4"]


def test_status_counts_per_sector():
    counts = status_counts(latest_status(INITIATIVES, REPORTS, SOURCES))
    counts = counts[counts["initiatives"] > 0].set_index(["sector_id", "status"])["initiatives"]
    assert counts.to_dict() == {("energy", "stalled"): 1, ("industry", "agreed"): 1}


def test_sector_mentions_count_events_and_status_reports():
    events = pd.DataFrame({"event_id": ["E1"], "source_id": ["S1"], "sectors": ["energy;trade"]}, dtype="string")
    mentions = sector_mentions(events, INITIATIVES, REPORTS, SOURCES).set_index(["sector_id", "source_id"])
    # S1: event tagged energy and trade, plus its reports on I1 (energy) and I2 (industry).
    assert mentions.loc[("energy", "S1"), "mentions"] == 2
    assert mentions.loc[("trade", "S1"), "mentions"] == 1
    assert mentions.loc[("industry", "S2"), "mentions"] == 1


def test_furthest_stage_is_the_first_report_of_the_highest_stage_and_ignores_stalled():
    reports = pd.concat([REPORTS, pd.DataFrame({
        "report_id": ["R5", "R6", "R7"], "initiative_id": ["I1", "I1", "I3"], "source_id": ["S2", "S1", "S1"],
        "reported_on": ["2023-01", "2024", "2024-03-01"], "status": ["agreed", "stated", "stalled"],
        "speaker": [None] * 3, "speaker_role": [None] * 3, "note": [None] * 3}, dtype="string")],
        ignore_index=True)
    furthest = furthest_stage(INITIATIVES, reports, SOURCES).set_index("initiative_id")
    # I1: agreed in 2015 (R1) and again in 2023 (R5), stalled and stated since: agreed, first in 2015.
    i1 = furthest.loc["I1"]
    assert (i1["furthest_status"], i1["furthest_on"], i1["furthest_source_id"], i1["furthest_publisher"],
            i1["furthest_speaker"]) == ("agreed", "2015-10-16", "S1", "Dawn", "Shulginov")
    # I2: in talks, then agreed (R4): the later report holds the furthest stage.
    assert (furthest.loc["I2", "furthest_status"], furthest.loc["I2", "furthest_on"]) == ("agreed", "2025-07-11")
    # I3: only "stalled", which is not a stage.
    assert pd.isna(furthest.loc["I3", "furthest_status"])
    assert latest_status(INITIATIVES, reports, SOURCES).set_index("initiative_id").loc["I1", "status"] == "stated"



COMTRADE_SAMPLE = Path(__file__).parent / "fixtures" / "comtrade" / "pakistan_russia_2709_2023.csv"
ALL_YEARS = (dt.date(2015, 1, 1), dt.date(2026, 12, 31))


@pytest.fixture(scope="module")
def with_crude(seed):
    """The seed's trade flows and sources with the Comtrade sample's rows added, typed."""
    found = read_comtrade("sample.csv", COMTRADE_SAMPLE.read_bytes(), dt.date(2025, 11, 28), set())
    return {name: pd.concat([seed[name], typed(name, found.tables[name])], ignore_index=True)
            for name in ("trade_flows", "sources")}


def test_commodities_are_named_in_words_all_goods_first():
    codes = pd.Series(["TOTAL", "2709", "27", "270900", "8703"], dtype="string")
    assert commodity_names(codes).tolist() == [
        "all goods", "HS 2709 crude petroleum", "HS 27 mineral fuels and oils", "HS 270900", "HS 8703"]
    assert commodity_order(["2709", "TOTAL", "270900", "2710", "27", "2709"]) == [
        "TOTAL", "27", "2709", "270900", "2710"]


def test_all_goods_and_crude_petroleum_are_handed_out_apart(with_crude):
    calendar = turnover(with_crude["trade_flows"], with_crude["sources"], basis="calendar")
    parts = dict(by_commodity(calendar))
    assert list(parts) == ["TOTAL", "2709"]
    assert parts["TOTAL"]["flow_id"].tolist() == ["TF01", "TF03", "TF02", "TF04", "TF08", "TF09"]  # by period, direction
    assert set(parts["TOTAL"]["commodity_label"]) == {"all goods"}
    crude = parts["2709"]
    assert crude["flow_id"].tolist() == ["CT-PAK-RUS-M-2023", "CT-RUS-PAK-X-2023"]
    assert crude["value_musd"].tolist() == [58.431, 55.3]
    assert set(crude["commodity_label"]) == {"HS 2709 crude petroleum"}
    assert set(crude["direction"]) == {"RU_to_PK"} and set(crude["publisher"]) == {"UN Comtrade"}
    # Russia → Pakistan in 2023: no figure of all goods, so nothing to set the crude figures against.
    in_2023 = calendar[(calendar["period"] == "2023") & (calendar["direction"] == "RU_to_PK")]
    assert set(in_2023["commodity"]) == {"2709"}
    only = turnover(with_crude["trade_flows"], with_crude["sources"], commodity="2709", direction="RU_to_PK")
    assert only["flow_id"].tolist() == ["CT-PAK-RUS-M-2023", "CT-RUS-PAK-X-2023"]
    assert len(turnover(with_crude["trade_flows"], with_crude["sources"], commodity="TOTAL")) == 9


def test_the_trade_view_keeps_each_figures_commodity_and_names_both_comtrade_reports(with_crude):
    trade = trade_view(with_crude["trade_flows"], with_crude["sources"], "all", *ALL_YEARS)
    assert trade["commodity"].tolist() == ["TOTAL"] * 9 + ["2709"] * 2  # all goods first
    crude = trade[trade["commodity"] == "2709"]
    assert crude["stated"].tolist() == ["$58.4m", "$55.3m"]
    # One publication, one period, one direction, two reporters: the flow id tells the bars apart.
    assert trade_rows(crude, with_crude["sources"]).tolist() == [
        "2023 · UN Comtrade · CT-PAK-RUS-M-2023", "2023 · UN Comtrade · CT-RUS-PAK-X-2023"]
    # The seed's rows keep their names: two directions of one source share a row.
    goods = trade[trade["commodity"] == "TOTAL"]
    rows = dict(zip(goods["flow_id"], trade_rows(goods, with_crude["sources"])))
    assert rows["TF02"] == rows["TF03"] == "2022 · Dunya News" and rows["TF08"] == "2023 · TASS"


@pytest.mark.parametrize("value", ["total", "crude", "2709.0", "27 09", "270", "27090000", "２７０９"])
def test_a_commodity_must_be_total_or_an_hs_code(seed, value):
    flows = seed["trade_flows"].astype("string").head(1).assign(commodity=value)
    problems = validate_table("trade_flows", flows, {"sources.source_id": {"S010"}})
    assert [str(p) for p in problems] == [
        f"trade_flows.csv, row 2, column 'commodity': value {value!r}: must be TOTAL (all goods) or an HS code "
        "of 2, 4 or 6 digits, such as 27, 2709 or 270900"]


@pytest.mark.parametrize("value", ["TOTAL", "27", "2709", "270900"])
def test_each_hs_level_and_all_goods_are_accepted(seed, value):
    flows = seed["trade_flows"].astype("string").head(1).assign(commodity=value)
    assert validate_table("trade_flows", flows, {"sources.source_id": {"S010"}}) == []
