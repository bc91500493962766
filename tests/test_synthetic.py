"""The synthetic dataset behind the benchmarks: deterministic, valid, the size asked for, and
analysed to the same monthly totals by pandas and by DuckDB. No timings are asserted here."""
import pandas as pd
import pytest

from analysis.datafiles import read_data_dir, read_table_csv
from analysis.reconcile import account_groups
from analysis.schema import LOAD_ORDER, TABLES
from analysis.validate import validate_dataset
from scripts.benchmark import (assert_ledger_matches, assert_monthly_matches, connect, duckdb_monthly, pipeline,
                               typed_tables)
from scripts.synthetic import DATA_DIR, generate, main

REPORTS = 2_000


@pytest.fixture(scope="module")
def frames():
    return generate(REPORTS, seed=7)


def test_same_seed_gives_identical_frames_and_another_seed_does_not(frames):
    again = generate(REPORTS, seed=7)
    for name in LOAD_ORDER:
        pd.testing.assert_frame_equal(frames[name], again[name])
    other = generate(REPORTS, seed=8)
    assert not frames["cargo_reports"].equals(other["cargo_reports"])


def test_every_table_has_the_schema_columns_as_text(frames):
    assert list(frames) == list(LOAD_ORDER)
    for name, frame in frames.items():
        assert list(frame.columns) == TABLES[name].column_names, name
        assert all(dtype == "string" for dtype in frame.dtypes), name


def test_generated_dataset_passes_validation_with_no_problems(frames):
    assert validate_dataset(frames) == []


@pytest.mark.parametrize("reports", [1, 7, REPORTS, 12_345])
def test_row_count_is_the_number_of_reports_asked_for(reports):
    data = generate(reports, seed=1)
    assert len(data["cargo_reports"]) == reports
    assert data["cargo_reports"]["report_id"].is_unique
    assert set(data["cargo_reports"]["order_id"].dropna()) <= set(data["orders"]["order_id"])


def test_sectors_and_seed_grades_come_from_the_seed_data(frames):
    sectors = read_table_csv(DATA_DIR / "sectors.csv", "sectors")
    pd.testing.assert_frame_equal(frames["sectors"], sectors)
    # data/grades.csv: Urals 31–32, Arab Light 32.5–33, Brent 38 degrees API, then the added grades.
    seed = frames["grades"].head(3)
    assert seed[["grade", "api_low", "api_high"]].values.tolist() == [
        ["Urals", "31", "32"], ["Arab Light", "32.5", "33"], ["Brent", "38", "38"]]
    assert len(frames["grades"]) > 3


def test_cargoes_have_one_to_four_accounts_and_most_belong_to_an_order(frames):
    accounts = frames["cargo_reports"].groupby("cargo_id").size()
    assert accounts.between(1, 4).all() and accounts.max() == 4
    linked = frames["cargo_reports"]["order_id"].notna().mean()
    assert 0.7 < linked < 0.9


def test_cli_writes_a_data_directory_that_reads_back_unchanged(tmp_path):
    main(["--reports", "500", "--seed", "3", "--out", str(tmp_path)])
    read = read_data_dir(tmp_path)
    expected = generate(500, seed=3)
    assert list(read) == list(LOAD_ORDER)
    for name in LOAD_ORDER:
        pd.testing.assert_frame_equal(read[name], expected[name], check_dtype=False)


def test_benchmark_pipeline_gives_the_monthly_totals_duckdb_gives(frames):
    tables = typed_tables(frames)
    out = pipeline(tables)
    cargoes, series = out["cargoes"], out["series"]
    # One row per cargo_id, and one more per unconfirmed account of a cargo (a cargo of its own).
    reports = frames["cargo_reports"]
    alone = reports["link"].eq("unconfirmed")
    assert len(cargoes) == reports.loc[~alone, "cargo_id"].nunique() + int(alone.sum())
    assert set(cargoes["cargo_id"]) == set(account_groups(reports, "cargo_id"))
    con = connect(orders=out["orders"], cargoes=cargoes)
    theirs = duckdb_monthly(con)
    assert series["cargoes"].tolist() == theirs["cargoes"].tolist()
    assert series["tonnes"].to_numpy() == pytest.approx(theirs["tonnes"].to_numpy(), rel=1e-12)
    assert series["tonnes"].sum() == pytest.approx(
        cargoes.loc[cargoes["delivered"] & cargoes["arrival_start"].notna(), "tonnes"].sum(), rel=1e-12)
    assert_monthly_matches(series, con)
    assert_ledger_matches(out["ledger"], con)
    con.close()


def test_accounts_carry_evidence_links_and_order_completion(frames):
    reports = frames["cargo_reports"]
    links = reports["link"].value_counts(normalize=True)
    assert 0.8 < links["confirmed"] < 0.9 and 0.02 < links["unconfirmed"] < 0.08
    assert reports.loc[reports["link"] != "confirmed", "link_note"].notna().all()
    completes = reports[reports["completes_order"] == "yes"]
    assert len(completes) and completes["order_id"].notna().all()
    assert completes["status"].isin(["arrived", "discharged"]).all()
    assert set(frames["orders"]["evidence"]) == {"official", "press"}
