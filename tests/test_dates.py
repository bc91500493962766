"""Partial dates, precisions and Pakistan's fiscal year."""
import pandas as pd
import pytest

from analysis.dates import (days_inclusive, fiscal_label, fiscal_year, parse_partial_dates,
                            period_label, period_start)


def test_partial_dates_become_periods_with_a_precision():
    parsed = parse_partial_dates(pd.Series(["2023-04-19", "2023-04", "2023-Q4", "2024"]))
    assert parsed["precision"].tolist() == ["day", "month", "quarter", "year"]
    assert parsed["start"].dt.strftime("%Y-%m-%d").tolist() == [
        "2023-04-19", "2023-04-01", "2023-10-01", "2024-01-01"]
    assert parsed["end"].dt.strftime("%Y-%m-%d").tolist() == [
        "2023-04-19", "2023-04-30", "2023-12-31", "2024-12-31"]


@pytest.mark.parametrize("text", ["sometime in 2023", "2023-02-30", "2023-13", "2023-Q5", "23-04-19",
                                  "April 2023", ""])
def test_vague_or_impossible_dates_are_not_dates(text):
    assert parse_partial_dates(pd.Series([text]))["start"].isna().all()


def test_fiscal_year_turns_on_1_july():
    dates = pd.Series(pd.to_datetime(["2023-06-30", "2023-07-01", "2024-06-30", "2024-07-01"]))
    assert fiscal_year(dates).tolist() == [2023, 2024, 2024, 2025]
    assert fiscal_label(2024) == "FY2023-24"


def test_fiscal_periods_and_their_names():
    dates = pd.Series(pd.to_datetime(["2023-06-30", "2023-07-01"]))
    assert period_start(dates, "year", "fiscal").dt.strftime("%Y-%m-%d").tolist() == [
        "2022-07-01", "2023-07-01"]
    starts = period_start(dates, "quarter", "fiscal")
    assert period_label(starts, "quarter", "fiscal").tolist() == ["FY23 Q4", "FY24 Q1"]
    assert period_label(starts, "quarter", "calendar").tolist() == ["2023 Q2", "2023 Q3"]
    years = period_start(dates, "year", "fiscal")
    assert period_label(years, "year", "fiscal").tolist() == ["FY2022-23", "FY2023-24"]


def test_days_count_both_ends():
    assert days_inclusive(pd.Series(pd.to_datetime(["2024-01-01", "2023-07-01"])),
                          pd.Series(pd.to_datetime(["2024-12-31", "2023-12-31"]))).tolist() == [366, 184]
