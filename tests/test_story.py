"""The overview's opening sentence (analysis/story.py) on the seed data: its figures are those of
the cargoes that arrived (delivered_cargoes), its dates those the sources give, and it lists
every source behind them. By hand from data/cargo_reports.csv and data/orders.csv: order O1,
100,000 t, placed 19 Apr 2023 (S022), reported complete 27 Jun 2023; four cargoes arrived:
45,142 t on 11 Jun 2023 (the port's figure), 56,000 t on 27 Jun 2023, 100,000 t in Oct 2023 and
10,000 t in Nov 2023 (211,142 t); Clyde Noble left Ust-Luga on 9 Nov 2023 (S053) and no
account reports its arrival. Order O2 (18 Oct 2023) states no quantity."""
import dataclasses
import datetime as dt

import pytest

from analysis import formatting as fmt
from analysis.datafiles import typed
from analysis.dataset import derive
from analysis.overview import headline, source_list
from analysis.story import story
from analysis.units import express
from analysis.volume_views import on_the_water
from analysis.volumes import delivered_cargoes
from scripts.synthetic import generate


def told(data, start, end, unit="t"):
    return story(data, headline(data, start, end), start, end, unit)


def test_the_whole_story_ordered_arrived_when_and_since(seed):
    start, end = dt.date(2015, 1, 1), dt.date(2026, 12, 31)
    arrived = delivered_cargoes(seed.cargoes, start, end)
    assert (len(arrived), arrived["tonnes"].sum()) == (4, 211_142)  # 45,142 + 56,000 + 100,000 + 10,000
    sentence = told(seed, start, end)
    assert sentence.text == (
        "Pakistan ordered 100,000 t of Russian crude on 19 Apr 2023, reported complete on 27 Jun 2023, and "
        "placed another order with no quantity stated on 18 Oct 2023; 4 cargoes, 211,142 t in all, arrived "
        "between 11 Jun 2023 and Nov 2023; none is recorded after that, up to 31 Dec 2026; 1 cargo left "
        "Ust-Luga 9 Nov 2023 with no report of its arrival (possibly C04, not confirmed).")


def test_the_sources_are_those_of_the_orders_the_arrivals_and_the_cargo_on_the_water(seed):
    start, end = dt.date(2015, 1, 1), dt.date(2026, 12, 31)
    figures = headline(seed, start, end)
    ids = set(story(seed, figures, start, end).sources.split(";"))
    arrived = delivered_cargoes(seed.cargoes, start, end)
    assert ids >= set(source_list(arrived["sources"]).split(";")) | set(figures.ordered_sources.split(";"))
    assert {"S022", "S032", "S053"} <= ids  # the order, the first arrival at the port, the loading at Ust-Luga


def test_june_2023_in_barrels(seed):
    start, end = dt.date(2023, 6, 1), dt.date(2023, 6, 30)
    arrived = delivered_cargoes(seed.cargoes, start, end)
    barrels = fmt.quantity(arrived["barrels"].sum(), "bbl")  # 101,142 t of Urals × 7.252643 bbl/t
    assert barrels == "734 kbbl"
    assert told(seed, start, end, "bbl").text == (
        "No order for Russian crude was placed between 1 Jun 2023 and 30 Jun 2023; 2 cargoes, 734 kbbl in all, "
        "arrived between 11 Jun 2023 and 27 Jun 2023; none is recorded after that, up to 30 Jun 2023.")


def test_an_order_without_a_quantity_and_a_month_of_one_cargo(seed):
    assert told(seed, dt.date(2023, 10, 1), dt.date(2023, 12, 31)).text == (
        "Pakistan placed an order for Russian crude with no quantity stated on 18 Oct 2023; 2 cargoes, 110,000 t "
        "in all, arrived between Oct 2023 and Nov 2023; none is recorded after that, up to 31 Dec 2023; 1 "
        "cargo left Ust-Luga 9 Nov 2023 with no report of its arrival (possibly C04, not confirmed).")
    # Known only to the month, and the range ends with that month: nothing to say about "since".
    assert told(seed, dt.date(2023, 11, 1), dt.date(2023, 11, 30)).text == (
        "No order for Russian crude was placed between 1 Nov 2023 and 30 Nov 2023; 1 cargo of 10,000 t arrived "
        "in Nov 2023; 1 cargo left Ust-Luga 9 Nov 2023 with no report of its arrival (possibly C04, not "
        "confirmed).")


def test_after_the_last_cargo_it_says_when_that_was_and_who_says_so(seed):
    start, end = dt.date(2024, 1, 1), dt.date(2026, 12, 31)
    sentence = told(seed, start, end)
    assert sentence.text == ("No order for Russian crude was placed and no cargo arrived between 1 Jan 2024 and "
                             "31 Dec 2026 (the last cargo before that arrived in Nov 2023).")
    last = delivered_cargoes(seed.cargoes, None, dt.date(2023, 12, 31)).iloc[-1]
    assert sentence.sources == last["sources"]


def test_before_anything_happened(seed):
    sentence = told(seed, dt.date(2015, 1, 1), dt.date(2019, 12, 31))
    assert sentence.text == ("No order for Russian crude was placed and no cargo arrived between 1 Jan 2015 and "
                             "31 Dec 2019.")
    assert sentence.sources == ""


def test_without_the_orders_it_still_tells_the_arrivals(seed):
    no_orders = dataclasses.replace(seed, orders=seed.orders.iloc[0:0])
    start, end = dt.date(2023, 4, 1), dt.date(2023, 6, 30)
    assert told(no_orders, start, end).text.startswith(
        "No order for Russian crude was placed between 1 Apr 2023 and 30 Jun 2023; 2 cargoes, 101,142 t in all,")


@pytest.fixture(scope="module")
def synthetic():
    return derive({name: typed(name, frame) for name, frame in generate(2_000, seed=11).items()})


def test_on_other_data_the_sentence_agrees_with_the_headline_cards(synthetic):
    start, end = dt.date(2015, 1, 1), dt.date(2030, 12, 31)
    figures = headline(synthetic, start, end)
    sentence = story(synthetic, figures, start, end, "m3").text
    arrived = delivered_cargoes(synthetic.cargoes, start, end)
    assert len(arrived) == figures.cargoes > 1
    delivered = fmt.quantity(express(figures.delivered_t, figures.delivered_barrels, "m3"), "m3")
    assert f"{figures.cargoes:,} cargoes, {delivered} in all" in sentence
    afloat = on_the_water(synthetic.cargoes, start, end)
    assert f"; {len(afloat):,} cargoes were reported loaded, the last {afloat['position'].iloc[-1]}," in sentence
