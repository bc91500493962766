"""Quantities, percentages and money found in article text (analysis/news/numbers.py): values
normalised by hand from the words, offsets that point back at the words, ranges split in two."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.news.numbers import money, numbers, percents, quantities


def found(finder, body):
    return [(c.text, c.value, c.unit, c.range) for c in finder(body)]


@pytest.mark.parametrize(("body", "expected"), [
    ("Pakistan placed an order for 100,000 tonnes of Russian crude.", [("100,000 tonnes", 100_000, "t", None)]),
    ("The first 45,000-tonne cargo docked at Karachi.", [("45,000-tonne", 45_000, "t", None)]),
    ("A cargo of 45,000 t arrived; another of 45,142 MT followed.",
     [("45,000 t", 45_000, "t", None), ("45,142 MT", 45_142, "t", None)]),
    ("a refinery of 2.5 million tonnes a year", [("2.5 million tonnes a year", 2_500_000, "t/year", None)]),
    ("10 Mt a year", [("10 Mt a year", 10_000_000, "t/year", None)]),
    ("3 mmt", [("3 mmt", 3_000_000, "t", None)]),
    ("imports of 154,000 barrels per day", [("154,000 barrels per day", 154_000, "bbl/day", None)]),
    ("about 80,000 bpd", [("80,000 bpd", 80_000, "bbl/day", None)]),
    ("bought 750,000 barrels of Urals", [("750,000 barrels", 750_000, "bbl", None)]),
    ("1,00,000 tonnes", [("1,00,000 tonnes", 100_000, "t", None)]),  # grouped the Indian way
    ("a total of one hundred thousand tonnes", [("one hundred thousand tonnes", 100_000, "t", None)]),
    ("a million barrels", [("a million barrels", 1_000_000, "bbl", None)]),
    ("twenty-five thousand tonnes", [("twenty-five thousand tonnes", 25_000, "t", None)]),
    ("0.1m tons of Russian oil", [("0.1m tons", 100_000, "t", None)]),
    ("45,000 mt", [("45,000 mt", 45_000, "t", None)]),  # metric tons, not a million tonnes
    ("a 2 mtpa refinery", [("2 mtpa", 2_000_000, "t/year", None)]),
    ("12.4 billion cubic metres of gas via a 1,100-km pipeline",
     [("12.4 billion cubic metres", 12.4e9, "m3", None), ("1,100-km", 1_100, "km", None)]),
    ("12.3 bcm a year", [("12.3 bcm a year", 12.3e9, "m3/year", None)]),
    ("500 mmcfd of gas", [("500 mmcfd", 500e6, "cf/day", None)]),
    ("between 0.7 million and 1 million tons", [("between 0.7 million and 1 million tons", 700_000, "t", "low"),
                                                ("between 0.7 million and 1 million tons", 1_000_000, "t", "high")]),
    ("5 lakh tonnes", [("5 lakh tonnes", 500_000, "t", None)]),
    ("500 acres of land", [("500 acres", 500, "acre", None)]),
    ("40,000 to 45,000 tonnes", [("40,000 to 45,000 tonnes", 40_000, "t", "low"),
                                 ("40,000 to 45,000 tonnes", 45_000, "t", "high")]),
    ("in 2023 the country bought crude", []),  # a year is not a quantity
])
def test_quantities(body, expected):
    assert found(quantities, body) == expected


@pytest.mark.parametrize(("body", "expected"), [
    ("around 40% of its needs", [("40%", 40, None, None)]),
    ("a 40-45 percent share", [("40-45 percent", 40, None, "low"), ("40-45 percent", 45, None, "high")]),
    ("up 12.5 per cent", [("12.5 per cent", 12.5, None, None)]),
])
def test_percents(body, expected):
    assert found(percents, body) == expected


@pytest.mark.parametrize(("body", "expected"), [
    ("trade worth $1 billion", [("$1 billion", 1e9, "USD", None)]),
    ("US$5m", [("US$5m", 5e6, "USD", None)]),
    ("Rs 2.5 crore", [("Rs 2.5 crore", 25_000_000, "PKR", None)]),  # "Rs" is Pakistani rupees
    ("Rs. 10 per litre cheaper", [("Rs. 10", 10, "PKR", None)]),
    ("PKR 300 billion", [("PKR 300 billion", 3e11, "PKR", None)]),
    ("trade of 1.2 billion dollars", [("1.2 billion dollars", 1.2e9, "USD", None)]),
    ("CNY 5 billion", [("CNY 5 billion", 5e9, "CNY", None)]),
])
def test_money(body, expected):
    assert found(money, body) == expected


def test_offsets_point_back_at_the_words_and_findings_come_in_reading_order():
    body = ("Pakistan ordered 100,000 tonnes in April 2023, worth about $60 million; the 45,000-tonne first "
            "cargo covered 40-45 percent of it.")
    got = numbers(body)
    assert [c.kind for c in got] == ["quantity", "money", "quantity", "percent", "percent"]
    assert [c.range for c in got][-2:] == ["low", "high"]
    for c in got:
        assert body[c.start:c.end] == c.text


@given(st.integers(min_value=1, max_value=10**9), st.sampled_from(["tonnes", "metric tons", "t", "tons"]))
def test_any_whole_number_of_tonnes_reads_back(n, word):
    body = f"A cargo of {n:,} {word} arrived."
    [c] = quantities(body)
    assert (c.value, c.unit) == (n, "t")
    assert body[c.start:c.end] == f"{n:,} {word}"


def test_a_candidate_prints_without_empty_fields_and_knows_its_kinds():
    [c] = quantities("45,000 t")
    assert c.as_json() == {"kind": "quantity", "text": "45,000 t", "start": 0, "end": 8, "value": 45000.0,
                           "unit": "t", "confidence": 0.6}
    with pytest.raises(ValueError, match="unknown kind of candidate 'weight'"):
        type(c)("weight", "x", 0, 1, 1.0)
