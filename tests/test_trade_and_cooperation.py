"""Trade turnover and cooperation status, on small hand-made tables."""
import pandas as pd

from analysis.cooperation import furthest_stage, latest_status, sector_mentions, status_counts, status_history
from analysis.trade import period_names, turnover

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
        "value_usd": [920e6, 846e6, 1e9], "qualifier": ["exact", "exact", "at_least"]})
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

