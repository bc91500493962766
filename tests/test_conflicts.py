"""Disagreeing accounts set side by side, checked against data/cargo_reports.csv, data/orders.csv
and data/sources.csv by hand, and on small hand-made tables."""
import datetime as dt

import pandas as pd
import pytest

from analysis.conflicts import (date_disagreements, date_disputes, disputed_dates, published_quantity,
                                quantity_accounts, quantity_disputed, quantity_disputes, rule_example,
                                uncertain_links, undated_or_in_range)
from analysis.reconcile import reconcile_cargoes
from analysis.schema import TABLES


@pytest.fixture(scope="module")
def cargo_accounts(seed):
    return quantity_accounts(seed["cargo_reports"], seed.cargoes, seed["sources"], seed["grades"],
                             "cargo_id", carry=("vessel",))


def rows(accounts, cargo):
    return accounts[accounts["cargo_id"] == cargo]


def test_first_cargo_pure_point_has_three_accounts_and_the_port_figure_is_chosen(cargo_accounts):
    c01 = rows(cargo_accounts, "C01")
    # CR003 S032 Business Recorder 45,142 t rests on port sources (KPT berth OP2): port data comes
    # first. CR004 S038 The News 45,122 t and CR005 S092 DNA News "about 45,000 t" are press reports;
    # the exact one comes before the rounded one. CR001/CR002 state no quantity and are left out.
    assert c01["report_id"].tolist() == ["CR003", "CR004", "CR005"]
    assert c01["source_id"].tolist() == ["S032", "S038", "S092"]
    assert c01["publisher"].tolist() == ["Business Recorder", "The News", "DNA News"]
    assert c01["evidence"].tolist() == ["port_data", "press", "press"]
    assert c01["tonnes"].tolist() == [45_142, 45_122, 45_000]
    assert c01["as_published"].tolist() == ["45,142 t", "45,122 t", "about 45,000 t"]
    assert c01["chosen"].tolist() == [True, False, False]
    assert c01["rank"].tolist() == [1, 2, 3]
    assert set(c01["vessel"]) == {"Pure Point"}
    assert (c01["chosen_tonnes"].iloc[0], c01["tonnes_min"].iloc[0], c01["tonnes_max"].iloc[0]) == (
        45_142, 45_000, 45_142)
    # -20 / 45,142 = -0.0443%; -142 / 45,142 = -0.3146%
    assert c01["pct_from_chosen"].round(4).tolist() == [0.0, -0.0443, -0.3146]


def test_second_cargo_clyde_noble_56000_from_the_news_over_55000_from_portnews(cargo_accounts):
    c02 = rows(cargo_accounts, "C02")
    # The News gives the Karachi Port Trust's figure (port data); PortNews repeats Geo News (press).
    assert list(zip(c02["publisher"], c02["tonnes"], c02["chosen"])) == [
        ("The News", 56_000, True), ("PortNews", 55_000, False)]
    assert c02["evidence"].tolist() == ["port_data", "press"]
    assert c02["published_on"].tolist() == ["2023-06-28", "2023-06-27"]
    assert c02["source_kind"].tolist() == ["news", "news"]


def test_november_cargo_and_the_clyde_noble_leaving_ust_luga_are_not_one_cargo(seed, cargo_accounts):
    # CR014 (up to 105,000 t leaving Ust-Luga, tracking) is an unconfirmed account of C04: a cargo
    # of its own, so neither it nor C04 (10,000 t, one account) has accounts that disagree.
    assert rows(cargo_accounts, "C04").empty and rows(cargo_accounts, "C04-CR014").empty
    cargoes = seed.cargoes.set_index("cargo_id")
    assert (cargoes.at["C04", "tonnes_min"], cargoes.at["C04", "tonnes_max"]) == (10_000, 10_000)
    assert cargoes.at["C04-CR014", "possible_match"] == "C04"


def test_agreeing_accounts_are_not_listed(seed, cargo_accounts):
    # C03: "about 100,000 t" (S046) and "100,000 t" (S055) agree on the tonnage.
    assert cargo_accounts["cargo_id"].unique().tolist() == ["C01", "C02"]
    orders = quantity_accounts(seed["orders"], seed.orders, seed["sources"], seed["grades"], "order_id")
    assert orders.empty  # O1 is 100,000 t in both accounts that give a quantity


def test_only_the_cargoes_passed_in_are_listed(seed):
    june = undated_or_in_range(seed.cargoes, "arrival_start", dt.date(2023, 6, 1), dt.date(2023, 6, 30))
    got = quantity_accounts(seed["cargo_reports"], june, seed["sources"], seed["grades"], "cargo_id")
    assert got["cargo_id"].unique().tolist() == ["C01", "C02"]


def test_clyde_noble_arrival_26_against_27_june(seed):
    got = date_disagreements(seed["cargo_reports"], seed.cargoes, seed["sources"], "cargo_id", "arrival_date")
    c02 = got[got["cargo_id"] == "C02"]
    # CR008 (S043, Report.az) says 26 June; CR006 (PortNews) and CR007 (The News) say 27 June,
    # and the reconciled cargo keeps 27 June (same precision, better-ranked account).
    assert list(zip(c02["report_id"], c02["arrival_date"], c02["chosen"])) == [
        ("CR008", "2023-06-26", False), ("CR006", "2023-06-27", True), ("CR007", "2023-06-27", True)]
    assert c02["date_label"].tolist() == ["26 Jun 2023", "27 Jun 2023", "27 Jun 2023"]


def test_month_accounts_disagree_only_when_the_months_differ(seed):
    got = date_disagreements(seed["cargo_reports"], seed.cargoes, seed["sources"], "cargo_id", "arrival_date")
    # C01: "2023-06" (DNA News) contains 11 June, so no disagreement. C03: September (S046)
    # against October (S049, S047, S055); October is kept.
    assert got["cargo_id"].unique().tolist() == ["C02", "C03"]
    c03 = got[got["cargo_id"] == "C03"]
    assert c03["date_label"].tolist() == ["Sep 2023", "Oct 2023", "Oct 2023", "Oct 2023"]
    assert c03["chosen"].tolist() == [False, True, True, True]


def test_first_order_placed_19_or_21_april(seed):
    got = date_disagreements(seed["orders"], seed.orders, seed["sources"], "order_id", "placed_on")
    # OR003 (S022) 19 April and OR004 (S023) 21 April cannot both be right; the order keeps the
    # earliest of the day-precise dates. The April-only accounts are listed alongside.
    assert got["report_id"].tolist() == ["OR001", "OR002", "OR003", "OR004"]
    assert got.loc[got["chosen"], "placed_on"].tolist() == ["2023-04-19"]


SOURCES = pd.DataFrame({
    "source_id": ["NEWS", "GOV"], "publisher": ["Paper", "Ministry"], "published_on": ["2023-06-12", "2023-06-01"],
    "kind": ["news", "official"], "url": ["https://a.example", "https://b.example"]}, dtype="string")
GRADES = pd.DataFrame({"grade": pd.Series(["Urals"], dtype="string"), "api_low": [31.0], "api_high": [32.0]})


def reports(rows_):
    defaults = {"evidence": "press", "link": "confirmed"}
    frame = pd.DataFrame([{c: r.get(c, defaults.get(c)) for c in TABLES["cargo_reports"].column_names}
                          for r in rows_]).astype("string")
    frame["quantity"] = frame["quantity"].astype(float)
    return frame


def test_official_account_is_chosen_and_volumes_are_converted():
    frame = reports([
        {"report_id": "R1", "cargo_id": "C", "source_id": "NEWS", "quantity": 750_000, "unit": "bbl",
         "qualifier": "exact", "status": "arrived", "grade": "Urals", "arrival_date": "2023-Q2"},
        {"report_id": "R2", "cargo_id": "C", "source_id": "GOV", "quantity": 100, "unit": "kt",
         "qualifier": "about", "status": "arrived", "arrival_date": "2023-06-11"}])
    reconciled = reconcile_cargoes(frame, SOURCES, GRADES)
    got = quantity_accounts(frame, reconciled, SOURCES, GRADES, "cargo_id")
    assert got["report_id"].tolist() == ["R2", "R1"]
    assert got["as_published"].tolist() == ["about 100 kt", "750,000 bbl"]
    # 750,000 bbl of Urals at 7.252643 bbl/t (API 31.5) = 103,411 t
    assert round(got["tonnes"].iloc[1]) == 103_411 and got["tonnes"].iloc[0] == 100_000
    # 11 June lies inside Q2 2023: the dates agree.
    assert date_disagreements(frame, reconciled, SOURCES, "cargo_id", "arrival_date").empty


def test_published_quantity_words():
    got = published_quantity(pd.Series([3.137, 45142.0, 500.0, None]), pd.Series(["Mt", "t", "kbbl", None]),
                             pd.Series(["exact", "at_least", "up_to", "exact"]))
    assert got.tolist()[:3] == ["3.137 Mt", "at least 45,142 t", "up to 500 kbbl"]
    assert pd.isna(got.iloc[3])


def test_undated_rows_survive_the_date_filter():
    frame = pd.DataFrame({"id": ["a", "b", "c"],
                          "when": pd.to_datetime(["2023-06-11", None, "2024-01-01"])})
    got = undated_or_in_range(frame, "when", dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert got["id"].tolist() == ["a", "b"]


ALL = (dt.date(2015, 1, 1), dt.date(2026, 12, 31))


def test_disputed_dates_count_the_accounts_of_each_disputed_cargo(seed):
    # C02: 26 June (CR008) against 27 June (CR006, CR007); C03: September against three Octobers.
    got = disputed_dates(seed["cargo_reports"], "cargo_id", "arrival_date")
    assert got.to_dict() == {"C02": 3, "C03": 4}
    assert disputed_dates(seed["orders"], "order_id", "placed_on").to_dict() == {"O1": 4}


def test_quantity_disputes_count_them_all_and_list_the_first(seed):
    got = quantity_disputes(seed["cargo_reports"], seed.cargoes, seed["sources"], seed["grades"], "cargo_id",
                            "arrival_start", *ALL, carry=("vessel",), limit=4, widest=1)
    # Five cargoes (C04-CR014 has no arrival date, so no date filter rules it out); C01 (3 accounts)
    # and C02 (2) disagree.
    assert (got.checked, got.disputed, got.accounts) == (5, 2, 5)
    assert got.first["report_id"].tolist() == ["CR003", "CR004", "CR005", "CR007"]  # C01's three, C02's best
    assert got.summary["cargo_id"].tolist() == ["C01", "C02"]
    # Furthest apart for their size: C02, 1,000 t in 56,000 t (1.8%), against C01's 142 t in 45,142 t.
    assert got.widest["cargo_id"].tolist() == ["C02", "C02"] and got.widest["vessel"].iloc[0] == "Clyde Noble"
    june = quantity_disputes(seed["cargo_reports"], seed.cargoes, seed["sources"], seed["grades"], "cargo_id",
                             "arrival_start", dt.date(2023, 6, 1), dt.date(2023, 6, 30))
    assert (june.checked, june.disputed, june.accounts) == (3, 2, 5)  # C01, C02 and the undated C04-CR014



def test_quantity_disputed_keeps_disputed_cargoes_in_range(seed):
    # C01 (45,142 against 45,122 and ~45,000 t) and C02 (56,000 against 55,000 t) disagree; C03 does
    # not, nor does C04 now that the up-to-105,000 t loading report is a cargo of its own.
    assert quantity_disputed(seed.cargoes, "arrival_start", *ALL)["cargo_id"].tolist() == ["C01", "C02"]
    june = quantity_disputed(seed.cargoes, "arrival_start", dt.date(2023, 6, 1), dt.date(2023, 6, 30))
    assert june["cargo_id"].tolist() == ["C01", "C02"]

def test_date_disputes_count_them_all_and_list_the_first(seed):
    disputed = disputed_dates(seed["cargo_reports"], "cargo_id", "arrival_date")
    got = date_disputes(seed["cargo_reports"], seed.cargoes, seed["sources"], "cargo_id", "arrival_date",
                        "arrival_start", *ALL, disputed, limit=3)
    assert (got.checked, got.disputed, got.accounts) == (5, 2, 7)
    assert got.first["report_id"].tolist() == ["CR008", "CR006", "CR007"]  # C02, earliest date first
    assert got.summary["cargo_id"].tolist() == ["C02", "C03"]
    autumn = date_disputes(seed["cargo_reports"], seed.cargoes, seed["sources"], "cargo_id", "arrival_date",
                           "arrival_start", dt.date(2023, 10, 1), dt.date(2023, 12, 31), disputed)
    assert (autumn.disputed, autumn.first["cargo_id"].unique().tolist()) == (1, ["C03"])


def test_rule_example_names_the_step_that_decided_each_seed_cargo(seed):
    got = rule_example(seed["cargo_reports"], seed.cargoes, seed["sources"], seed["grades"]).set_index("cargo_id")
    assert got.index.tolist() == ["C01", "C02", "C03"]  # C04 and C04-CR014 have one account each
    # C01: 45,142 t (Business Recorder, port sources) before 45,122 t (The News, press).
    assert got.loc["C01", "chosen"] == "45,142 t · Business Recorder · port or customs data"
    assert got.loc["C01", "runner_up"] == "45,122 t · The News · press report"
    assert (got.loc["C01", "decided_by"], got.loc["C01", "accounts"]) == ("evidence", 3)
    # C02: the Karachi Port Trust's 56,000 t (The News) before PortNews' 55,000 t, by evidence, not
    # by recency as before.
    assert got.loc["C02", "chosen"] == "56,000 t · The News · port or customs data"
    assert got.loc["C02", "why"] == "port or customs data before press report"
    # C03: two press reports of 100,000 t; the exact one before "about".
    assert got.loc["C03", "decided_by"] == "qualifier"
    assert got.loc["C03", "why"] == "exact figure before 'about' figure"


def test_uncertain_links_list_probable_and_unconfirmed_accounts(seed):
    got = uncertain_links(seed["cargo_reports"], seed.cargoes, seed["sources"])
    assert list(zip(got["cargo_id"], got["named_cargo"], got["report_id"], got["link"])) == [
        ("C01", "C01", "CR005", "probable"), ("C03", "C03", "CR011", "probable"),
        ("C03", "C03", "CR012", "probable"), ("C04-CR014", "C04", "CR014", "unconfirmed")]
    assert got["link_note"].notna().all()
    assert got.set_index("report_id").at["CR014", "as_published"] == "up to 105,000 t"
