"""From an article's candidates to draft records, and accepting them through the store
(analysis/news/review.py, analysis/store/reviews.py): drafts worked out by hand from the seed
data, a matched cargo stored beside the old accounts, accepting twice changing nothing, plans
kept apart from cargoes, reviews kept and refused like any write."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis import desk
from analysis.access import AccessPolicy, Writer, WriteRefused
from analysis.datafiles import read_data_dir, typed
from analysis.news.extract import extract
from analysis.news.review import SourcedArticle, drafts, known_names
from analysis.store.reviews import Review
from analysis.validate import ValidationError
from conftest import SEED_DIR

BODY = ("KARACHI: The first cargo of Russian crude, about 45,000 tonnes of Urals, docked at Karachi on Sunday "
        "aboard the tanker Pure Point. Pakistan placed its first order for 100,000 tonnes in April, the government "
        "said.\nEnergy Minister Musadik Malik said Pakistan aims to cover 35 percent of its crude imports from "
        "Russia. Bilateral trade passed $1 billion last year.\nThe pipeline project was shelved, and talks on a "
        "barter trade mechanism are under consideration.\nRussian Ambassador Albert Khorev said the two countries "
        "would deepen cooperation in railways and education.")
ARTICLE = SourcedArticle(BODY, "Dawn", "Russian crude reaches Karachi", "https://www.dawn.com/news/1758000",
                         dt.date(2023, 6, 12))


@pytest.fixture(scope="module")
def tables():
    return {name: typed(name, frame) for name, frame in read_data_dir(SEED_DIR).items()}


@pytest.fixture(scope="module")
def proposed(tables):
    return drafts(ARTICLE, extract(BODY, ARTICLE.published, known_names(tables)), tables)


def filled(draft) -> dict:
    return {k: v for k, v in draft.values.items() if v is not None}


def test_the_source_id_follows_the_address_alone():
    assert ARTICLE.source_id == "ND8BDEF02"
    assert SourcedArticle("x", "Other", "Other", " https://www.dawn.com/news/1758000 ", dt.date(2024, 1, 1)).source_id \
        == "ND8BDEF02"


def test_each_sentence_gives_its_own_kind_of_record(proposed):
    assert [(d.key, d.table) for d in proposed] == [
        ("ND8BDEF02-01", "cargo_reports"), ("ND8BDEF02-02", "orders"), ("ND8BDEF02-03", "targets"),
        ("ND8BDEF02-04", "trade_flows"), ("ND8BDEF02-05", "initiative_reports"),
        ("ND8BDEF02-06", "initiative_reports"), ("ND8BDEF02-07", "events")]


def test_a_cargo_is_matched_to_the_stored_one_and_its_disagreements_named(proposed):
    cargo = proposed[0]
    assert filled(cargo) == {
        "report_id": "ND8BDEF02-01", "source_id": "ND8BDEF02", "vessel": "Pure Point", "grade": "Urals",
        "discharge_port": "Karachi", "arrival_date": "2023-06-11",  # the Sunday before Monday 12 June
        "quantity": "45000", "unit": "t", "qualifier": "about", "status": "arrived", "evidence": "press",
        "cargo_id": "C01", "link": "probable",
        "link_note": "matched by same vessel, Pure Point; quantity 45,000 t against 45,142 t (0.3% apart); "
                     "arrival date 2023-06-11 against 2023-06-11 (confidence 1.00)"}
    assert cargo.match.cargo_id == "C01" and cargo.match.confidence == 1.0
    assert set(cargo.match.accounts["report_id"]) == {"CR001", "CR002", "CR003", "CR004", "CR005"}
    # CR005 gives 45,000 t and June 2023: it agrees, at a coarser date.
    assert cargo.disagreements == ("quantity: 45,000 t here, 45,142 t in CR003 (S032)",
                                   "quantity: 45,000 t here, 45,122 t in CR004 (S038)")


def test_an_unknown_vessel_with_an_unmatched_quantity_is_a_new_cargo(tables):
    body = "The tanker Sea Falcon docked at Karachi on 3 March 2025 with 98,000 tonnes of Urals."
    article = SourcedArticle(body, "Dawn", "t", "https://example.org/a", dt.date(2025, 3, 4))
    (cargo,) = drafts(article, extract(body, article.published), tables)
    assert cargo.match is None and cargo.values["cargo_id"] is None and cargo.values["link"] == "confirmed"
    assert (cargo.values["vessel"], cargo.values["quantity"], cargo.values["arrival_date"]) == (
        "Sea Falcon", "98000", "2025-03-03")


def test_orders_targets_trade_and_statuses_are_drafted_apart(proposed):
    order, target, trade, shelved, talks, said = (filled(d) for d in proposed[1:])
    assert order == {"report_id": "ND8BDEF02-02", "source_id": "ND8BDEF02", "placed_on": "2023-04",
                     "seller": "Russia", "quantity": "100000", "unit": "t", "qualifier": "exact",
                     "channel": "government", "evidence": "press"}
    assert proposed[1].values["order_id"] is None  # a new order: the page gives it the next free id
    assert proposed[1].values["buyer"] is None  # the article does not name one: the analyst must
    assert target == {"target_id": "ND8BDEF02-03", "source_id": "ND8BDEF02", "stated_on": "2023-06-12",
                      "metric": "share_of_crude_imports", "kind": "target", "value": "35", "unit": "percent",
                      "qualifier": "exact", "speaker": "Musadik Malik", "speaker_role": "Energy Minister"}
    assert trade == {"flow_id": "ND8BDEF02-04", "source_id": "ND8BDEF02", "period_start": "2022-01-01",
                     "period_end": "2022-12-31", "basis": "calendar", "direction": "total", "commodity": "TOTAL",
                     "value_usd": "1000000000", "qualifier": "at_least"}
    assert (shelved["initiative_id"], shelved["status"]) == ("I06", "stalled")  # Pakistan Stream gas pipeline
    assert (talks["initiative_id"], talks["status"]) == ("I07", "in_talks")  # barter trade mechanism
    assert said == {"event_id": "ND8BDEF02-07", "source_id": "ND8BDEF02", "occurred_on": "2023-06-12",
                    "kind": "statement", "title": "Russian Ambassador Albert Khorev said the two countries would "
                    "deepen cooperation in railways and education.", "sectors": "railways;education;diplomacy",
                    "speaker": "Albert Khorev", "speaker_role": "Russian Ambassador"}


def test_an_aim_in_a_cargo_sentence_is_a_target_never_the_cargo(tables):
    body = "Russia could supply 100,000 tonnes a month by tanker to Karachi, the minister said."
    article = SourcedArticle(body, "Dawn", "t", "https://example.org/b", dt.date(2025, 3, 4))
    assert [d.table for d in drafts(article, extract(body, article.published), tables)] == ["targets"]


def test_accepting_writes_the_source_and_the_record_beside_the_old_and_twice_changes_nothing(store, proposed):
    store.seed(SEED_DIR)
    cargo = proposed[0]
    rows = {"sources": desk.form_row("sources", ARTICLE.source_row()),
            "cargo_reports": desk.form_row("cargo_reports", cargo.values)}
    before = store.read_table("cargo_reports").set_index("report_id").loc["CR003"]
    first = store.write_many(rows, "ana", "accepted on the news desk")
    assert (first["sources"].new, first["cargo_reports"].new) == (1, 1)
    log = len(store.read_changes())
    again = store.write_many(rows, "ana", "accepted on the news desk")
    assert (again["sources"].unchanged, again["cargo_reports"].unchanged) == (1, 1)
    assert len(store.read_changes()) == log  # nothing logged either
    reports = store.read_table("cargo_reports").set_index("report_id")
    assert reports.loc["CR003"].equals(before)  # the old account, untouched
    assert reports.loc["ND8BDEF02-01", ["cargo_id", "quantity", "source_id"]].tolist() == ["C01", "45000", "ND8BDEF02"]
    assert (reports["cargo_id"] == "C01").sum() == 6


def test_a_review_is_kept_and_read_back_and_refused_like_any_write(store):
    review = Review("ND8BDEF02", ARTICLE.url, "Dawn", ARTICLE.title, "2023-06-12", BODY,
                    {"ND8BDEF02-05": {"decision": "rejected"}})
    kept = store.save_review(review, "ana")
    assert store.review("ND8BDEF02") == kept and kept.updated_by == "ana"
    assert store.reviews()[["review_id", "title", "updated_by"]].values.tolist() == [
        ["ND8BDEF02", "Russian crude reaches Karachi", "ana"]]
    guarded = type(store)(store.url, policy=AccessPolicy.from_mapping({"editors": ["ed@example.org"]}))
    viewer = Writer("vi@example.org", "https://id.example", "vi", "vi@example.org", True)
    with pytest.raises(WriteRefused):
        guarded.save_review(Review("N1", "https://x.org", "X", "X", "2024-01-01", "text"), viewer)
    with pytest.raises(ValidationError) as refused:
        store.save_review(Review("N2", "https://x.org", "X", "X", "2024-01-01", "bad\x00text"), "ana")
    assert [(p.column, p.rule.split(";")[0]) for p in refused.value.problems] == [
        ("body", "holds a control character")]
    assert list(store.reviews()["review_id"]) == ["ND8BDEF02"]  # neither refused review was kept


def test_known_names_come_from_the_dataset(tables):
    known = known_names(tables)
    assert "Pure Point" in known["vessel"] and "Karachi" in known["port"] and "Urals" in known["grade"]
    assert "Pakistan Refinery Ltd (PRL)" in known["organisation"]
    assert all(isinstance(v, str) and v for names in known.values() for v in names)
    assert pd.Series(known["vessel"]).is_monotonic_increasing
