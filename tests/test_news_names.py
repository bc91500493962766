"""Vessels, ports, crude grades and status words in article text (analysis/news/names.py)."""
from __future__ import annotations

import datetime as dt

from analysis.news.extract import extract
from analysis.news.names import grades, ports, statuses, vessels

TEXT = ("The tanker Pure Point carried Urals crude from Ust-Luga to Karachi via Duqm; MT Kerch Strait followed. "
        "Pakistan and Russia signed an MoU on the gas pipeline, but the project was later shelved. "
        "Talks on a barter deal are under consideration. A cargo of ESPO and Arab Light reached Port Qasim.")


def values(found):
    return [(c.text, c.value) for c in found]


def test_ports_and_grades_from_the_lists_and_the_store():
    assert values(ports(TEXT)) == [("Ust-Luga", "Ust-Luga"), ("Karachi", "Karachi"), ("Duqm", "Duqm"),
                                   ("Port Qasim", "Port Qasim")]
    assert values(grades(TEXT)) == [("Urals", "Urals"), ("ESPO", "ESPO"), ("Arab Light", "Arab Light")]
    assert values(ports("It sailed from Vysotsk.", known=["Vysotsk"])) == [("Vysotsk", "Vysotsk")]
    assert ports("Karachiwala Traders") == []  # a whole word only


def test_vessels_are_named_without_the_word_before_them():
    found = vessels(TEXT)
    assert values(found) == [("Pure Point", "Pure Point"), ("Kerch Strait", "Kerch Strait")]
    for c in found:
        assert TEXT[c.start:c.end] == c.text
    assert vessels("The vessel was delayed.") == []  # no name after it
    assert values(vessels("Sea Falcon docked.", known=["Sea Falcon"])) == [("Sea Falcon", "Sea Falcon")]


def test_status_words_stand_for_initiative_statuses():
    assert values(statuses(TEXT)) == [("signed", "agreed"), ("shelved", "stalled"), ("Talks on", "in_talks"),
                                      ("under consideration", "stated")]


def test_extract_puts_every_kind_in_reading_order():
    kinds = [c.kind for c in extract(TEXT, dt.date(2024, 7, 8))]
    assert kinds[:6] == ["vessel", "grade", "port", "port", "port", "vessel"]
    assert kinds.count("status") == 4


def test_a_status_word_counts_only_where_its_sentence_speaks_of_an_initiative():
    text = "The meeting concluded on Friday. The two sides concluded the barter agreement. A speech was delivered."
    assert [(c.text, c.value, c.start) for c in statuses(text)] == [("concluded", "agreed", 47)]
