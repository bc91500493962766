"""Dates in article text (analysis/news/dates.py), each read by hand against the publication date
of a Monday, 8 July 2024: precision as the words give it, offsets back to the words."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.news.dates import dates

MONDAY = dt.date(2024, 7, 8)


@pytest.mark.parametrize(("body", "expected"), [
    ("The cargo arrived on July 3, 2024 at Karachi.", [("July 3, 2024", "2024-07-03", "day", None)]),
    ("docked on 11 June 2023", [("11 June 2023", "2023-06-11", "day", None)]),
    ("signed on the 3rd of June, 2023", [("3rd of June, 2023", "2023-06-03", "day", None)]),
    ("filed on 2023-06-11", [("2023-06-11", "2023-06-11", "day", None)]),
    ("ordered in April 2023", [("April 2023", "2023-04", "month", None)]),
    ("talks since March 2019", [("March 2019", "2019-03", "month", None)]),
    ("in 2023 the country bought", [("2023", "2023", "year", None)]),
    # Read against the publication date.
    ("in April the ministry said", [("April", "2024-04", "month", None)]),
    ("In May, exports rose", [("May", "2024-05", "month", None)]),
    ("on Sunday, the minister said", [("Sunday", "2024-07-07", "day", None)]),
    ("on Monday the ship sailed", [("Monday", "2024-07-08", "day", None)]),  # the day of publication itself
    ("last year imports fell", [("last year", "2023", "year", None)]),
    ("in December of last year", [("December of last year", "2023-12", "month", None)]),
    ("by mid-February", [("mid-February", "2024-02", "month", None)]),
    ("before March next year", [("March next year", "2025-03", "month", None)]),
    ("last month", [("last month", "2024-06", "month", None)]),
    ("yesterday", [("yesterday", "2024-07-07", "day", None)]),
    ("between 12-14 May", [("12-14 May", "2024-05-12", "day", "low"), ("12-14 May", "2024-05-14", "day", "high")]),
    # Not dates.
    ("you may go", []),
    ("worth $2023 million", []),
    ("31 February 2024", []),  # no such day
])
def test_dates(body, expected):
    got = dates(body, MONDAY)
    assert [(c.text, c.value, c.precision, c.range) for c in got] == expected
    for c in got:
        assert body[c.start:c.end] == c.text


def test_last_month_in_january_is_december_of_the_year_before():
    [c] = dates("last month", dt.date(2024, 1, 15))
    assert c.value == "2023-12"


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2039, 12, 31)))
def test_any_written_date_reads_back(day):
    body = f"It arrived on {day:%B} {day.day}, {day.year}, at Karachi."
    [c] = dates(body, MONDAY)
    assert (c.value, c.precision) == (day.isoformat(), "day")


def test_the_pages_own_stamps_are_not_dates_of_facts():
    body = "Published May 29, 2021\nThe deal was signed on Friday.\nUpdated 28 Jun, 2023 10:05am"
    assert [(c.text, c.value) for c in dates(body, dt.date(2021, 5, 29))] == [("Friday", "2021-05-28")]
