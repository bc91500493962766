"""Reconciliation of disagreeing accounts, on small hand-made tables."""
import pandas as pd
from hypothesis import given, settings, strategies as st

from analysis.reconcile import reconcile_cargoes, significant_digits

SOURCES = pd.DataFrame({
    "source_id": ["BR", "TN", "DNA", "GOV", "EST"],
    "publisher": ["Business Recorder", "The News", "DNA News", "Ministry", "Analyst"],
    "published_on": ["2023-06-12", "2023-06-28", "2026-01-16", "2023-06-01", "2024"],
    "kind": ["news", "news", "news", "official", "estimate"],
}, dtype="string")
GRADES = pd.DataFrame({"grade": pd.Series(["Urals"], dtype="string"), "api_low": [31.0],
                       "api_high": [32.0]})


def reports(rows):
    columns = ["report_id", "cargo_id", "order_id", "source_id", "vessel", "grade", "load_port",
               "load_date", "transship_port", "discharge_port", "arrival_date", "quantity", "unit",
               "qualifier", "buyer", "status", "note"]
    frame = pd.DataFrame([{c: r.get(c) for c in columns} for r in rows])
    frame = frame.astype("string")
    frame["quantity"] = frame["quantity"].astype(float)
    return frame


def account(report_id, source_id, quantity, qualifier="exact", cargo="C1", **extra):
    return {"report_id": report_id, "cargo_id": cargo, "source_id": source_id, "quantity": quantity,
            "unit": "t", "qualifier": qualifier, "status": "arrived", "grade": "Urals",
            "arrival_date": "2023-06-11", **extra}


def test_significant_digits():
    assert significant_digits([45142, 45000, 100000, 105000, 0.5, 12.25]).tolist() == [5, 2, 1, 3, 1, 4]


def test_specific_exact_figure_beats_rounded_one_and_recency_breaks_ties():
    got = reconcile_cargoes(reports([
        account("R1", "BR", 45142), account("R2", "TN", 45122), account("R3", "DNA", 45000, "about"),
    ]), SOURCES, GRADES).iloc[0]
    # 45,142 and 45,122 are both exact with five significant digits; The News (28 Jun) is newer.
    assert got["tonnes"] == 45122
    assert got["chosen_source_id"] == "TN"
    assert (got["tonnes_min"], got["tonnes_max"]) == (45000, 45142)
    assert got["n_sources"] == 3 and bool(got["conflict"])


def test_official_source_wins_over_everything_else():
    got = reconcile_cargoes(reports([
        account("R1", "BR", 45142), account("R2", "GOV", 45000, "about"),
    ]), SOURCES, GRADES).iloc[0]
    assert got["tonnes"] == 45000 and got["chosen_source_id"] == "GOV"


def test_agreeing_sources_are_no_conflict_and_barrels_use_the_grade():
    got = reconcile_cargoes(reports([account("R1", "BR", 45000), account("R2", "TN", 45000)]),
                            SOURCES, GRADES).iloc[0]
    assert not got["conflict"]
    assert round(got["barrels"]) == 326_369  # 45,000 t × 7.252643 bbl/t (Urals, API 31.5)
    assert got["factor_basis"] == "API 31.5 (Urals)"


def test_most_precise_date_and_most_advanced_status_are_kept():
    got = reconcile_cargoes(reports([
        account("R1", "BR", 55000, arrival_date="2023-06"),
        account("R2", "TN", None, arrival_date="2023-06-26", status="discharged", unit=None),
    ]), SOURCES, GRADES).iloc[0]
    assert got["arrival_precision"] == "day" and str(got["arrival_start"].date()) == "2023-06-26"
    assert got["status"] == "discharged" and got["tonnes"] == 55000 and got["n_quantities"] == 1


quantities = st.lists(
    st.tuples(st.sampled_from(["BR", "TN", "DNA", "GOV", "EST"]),
              st.integers(1, 500_000), st.sampled_from(["exact", "about", "up_to", "at_least"]),
              st.sampled_from(["C1", "C2", "C3"])),
    min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(quantities, st.randoms(use_true_random=False))
def test_chosen_value_lies_in_the_range_and_ignores_row_order(accounts, rnd):
    rows = [account(f"R{i:02d}", s, q, qual, cargo) for i, (s, q, qual, cargo) in enumerate(accounts)]
    first = reconcile_cargoes(reports(rows), SOURCES, GRADES)
    rnd.shuffle(rows)
    second = reconcile_cargoes(reports(rows), SOURCES, GRADES)
    assert (first["tonnes"] >= first["tonnes_min"]).all()
    assert (first["tonnes"] <= first["tonnes_max"]).all()
    cols = ["cargo_id", "tonnes", "chosen_report_id", "tonnes_min", "tonnes_max", "n_sources", "conflict"]
    pd.testing.assert_frame_equal(first[cols], second[cols])
