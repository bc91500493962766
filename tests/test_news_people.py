"""People with their roles, and organisations, in article text (analysis/news/people.py)."""
from __future__ import annotations

import datetime as dt

from hypothesis import given, strategies as st

from analysis.news.extract import extract
from analysis.news.people import organisations, people

TEXT = ("Energy Minister Musadik Malik said the first cargo had arrived. In May, Minister of State for Petroleum, "
        "Musadik Malik, said more would follow. Albert Khorev, the Russian ambassador to Pakistan, told reporters "
        "that Prime Minister Shehbaz Sharif would visit Moscow. Deputy Prime Minister Ishaq Dar met Sergey Lavrov, "
        "Russia's foreign minister, on Monday. Pakistan's ambassador was not named.")


def test_a_person_is_named_without_the_office_which_becomes_the_role():
    found = people(TEXT)
    assert [(c.value, c.role) for c in found] == [
        ("Musadik Malik", "Energy Minister"),
        ("Musadik Malik", "Minister of State for Petroleum"),
        ("Albert Khorev", "Russian ambassador to Pakistan"),
        ("Shehbaz Sharif", "Prime Minister"),
        ("Ishaq Dar", "Deputy Prime Minister"),
        ("Sergey Lavrov", "Russia's foreign minister"),
    ]
    for c in found:
        assert TEXT[c.start:c.end] == c.text == c.value


def test_a_later_mention_of_the_full_name_keeps_the_role_and_a_lone_office_names_nobody():
    text = "President Vladimir Putin spoke first. Later Vladimir Putin left. The minister said nothing. Monday Was Quiet."
    assert [(c.text, c.role, c.start) for c in people(text)] == [
        ("Vladimir Putin", "President", 10), ("Vladimir Putin", "President", 44)]
    assert people("The Minister On Monday said so.") == []  # no name of two words after the office


def test_organisations_from_the_list_from_their_form_and_their_abbreviations():
    text = ("Pakistan Refinery Limited (PRL) refined the crude; PRL later blended it. The Ministry of Energy "
            "(Petroleum Division) and the Oil and Gas Regulatory Authority set prices, the Board of Investment said. "
            "The Bank of Russia and Russia's Ministry of Finance were not asked. The Ministry declined to comment. "
            "Karachi Chamber of Commerce and Industry welcomed it; Gazprom Neft did not.")
    assert [(c.text, c.value) for c in organisations(text)] == [
        ("Pakistan Refinery Limited", "Pakistan Refinery Limited"), ("PRL", "PRL"),
        ("PRL", "PRL"), ("Ministry of Energy", "Ministry of Energy"),
        ("Petroleum Division", "Petroleum Division"),
        ("Oil and Gas Regulatory Authority", "Oil and Gas Regulatory Authority"),
        ("Board of Investment", "Board of Investment"), ("Bank of Russia", "Bank of Russia"),
        ("Ministry of Finance", "Ministry of Finance"),
        ("Karachi Chamber of Commerce and Industry", "Karachi Chamber of Commerce and Industry"),
        ("Gazprom Neft", "Gazprom Neft")]
    assert [c.value for c in organisations("Then Sea Breeze bought it.", known=("Sea Breeze",))] == ["Sea Breeze"]
    # the longer name wins over a listed one inside it
    assert [c.value for c in organisations("Sea Breeze Holdings bought it.", known=("Sea Breeze",))] == [
        "Sea Breeze Holdings"]


def test_a_port_inside_an_organisation_is_left_to_the_organisation():
    found = extract("The Karachi Port Trust said the tanker docked at Karachi.", dt.date(2023, 6, 12))
    assert [(c.kind, c.text) for c in found] == [("organisation", "Karachi Port Trust"), ("port", "Karachi")]


@given(st.sampled_from(["Musadik Malik", "Albert Khorev", "Shehbaz Sharif", "Ishaq Dar", "Sergei Tsivilev"]),
       st.sampled_from(["Energy Minister", "Prime Minister", "Deputy Prime Minister", "Ambassador",
                        "Minister of State for Petroleum", "Russian Energy Minister"]),
       st.sampled_from(["", "On Monday, ", "In a statement, "]))
def test_any_office_before_any_name_gives_that_name_and_that_office(name, office, opening):
    text = f"{opening}{office} {name} said the talks went well."
    (found,) = people(text)
    assert (found.value, found.role, text[found.start:found.end]) == (name, office, name)


def test_an_abbreviation_in_capitals_or_as_a_word_and_an_embassy():
    text = "The Pak-Arab Refinery (Parco) and the Pakistan Embassy in Moscow said Parco would buy more."
    assert [(c.text, c.value) for c in organisations(text)] == [
        ("Pak-Arab Refinery", "Pak-Arab Refinery"), ("Parco", "Parco"), ("Pakistan Embassy", "Pakistan Embassy"),
        ("Parco", "Parco")]
