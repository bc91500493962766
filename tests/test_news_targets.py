"""Where each candidate would go in the store, told from its sentence (analysis/news/targets.py)."""
from __future__ import annotations

import datetime as dt

from analysis.news.extract import extract
from analysis.news.targets import sentences

TEXT = ("Pakistan placed its first order for 100,000 tonnes of Russian crude in April. The tanker Pure Point left "
        "Ust-Luga in May, was transferred to smaller ships at Duqm and docked at Karachi on June 11 with 45,142 "
        "tonnes of Urals. Energy Minister Musadik Malik said Pakistan aims to cover 35 percent of its crude imports "
        "from Russia. Bilateral trade reached $1 billion last year. The pipeline deal was shelved. Talks covered "
        "railways and 8 percent of the budget.")


def targets(text=TEXT, published=dt.date(2023, 6, 28)):
    return [(c.kind, c.text, c.target) for c in extract(text, published)]


def test_each_candidate_gets_the_column_its_sentence_points_to():
    assert targets() == [
        ("quantity", "100,000 tonnes", "orders.quantity"),
        ("date", "April", "orders.placed_on"),
        ("vessel", "Pure Point", "cargo_reports.vessel"),
        ("port", "Ust-Luga", "cargo_reports.load_port"),
        ("date", "May", "cargo_reports.load_date"),  # the nearer verb is "left", not "docked"
        ("port", "Duqm", "cargo_reports.transship_port"),
        ("port", "Karachi", "cargo_reports.discharge_port"),
        ("date", "June 11", "cargo_reports.arrival_date"),
        ("quantity", "45,142 tonnes", "cargo_reports.quantity"),
        ("grade", "Urals", "cargo_reports.grade"),
        ("person", "Musadik Malik", "events.speaker"),
        ("percent", "35 percent", "targets.value"),
        ("money", "$1 billion", "trade_flows.value_usd"),
        ("date", "last year", "trade_flows.period_start"),
        ("status", "shelved", "initiative_reports.status"),
        ("percent", "8 percent", None),  # a share of something else, with no aim: not told
    ]


def test_an_aim_never_fills_a_cargo_and_an_unplaced_figure_stays_untold():
    assert targets("Russia could supply 100,000 tonnes a month and 2 million tonnes a year.") == [
        ("quantity", "100,000 tonnes", "targets.value"), ("quantity", "2 million tonnes a year", "targets.value")]
    assert targets("Output was 3.1 million tonnes a year.") == [("quantity", "3.1 million tonnes a year", None)]
    assert targets("Trade reached $700 million, the ministry said.") == [
        ("money", "$700 million", "trade_flows.value_usd")]


def test_sentences_split_at_their_ends_not_at_abbreviated_numbers():
    text = 'He said "it docked." Then 45.5 t more. Finally'
    assert [text[s:e] for s, e in sentences(text)] == ['He said "it docked."', "Then 45.5 t more.", "Finally"]
