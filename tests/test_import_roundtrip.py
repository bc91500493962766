"""Export → import is the identity, for every table, as CSV and as xlsx, on SQLite and PostgreSQL;
importing the same file again changes nothing; an edited export changes exactly what was edited."""
from __future__ import annotations

import datetime as dt
import io
import re

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from analysis import desk, imports
from analysis.datafiles import stored_text, text_frame
from analysis.export import escape_formulas, escape_text, to_csv_bytes, to_xlsx_bytes, unescape_text
from analysis.schema import LOAD_ORDER, TABLES
from analysis.store import ConflictError
from conftest import SEED_DIR

TODAY = dt.date(2025, 11, 28)
# Text a spreadsheet would run, or that only looks escaped, or that CSV must quote.
TRICKY = ["=1+2", "+92 21 111", "-- see note", "@home", "\tindented", "'=already quoted", "''-x",
          "'plain apostrophe", 'He said "45,000 t", then', "two\nlines", "Karachi — Port Qāsim, 卡拉奇",
          "-12.5", "=HYPERLINK(\"http://evil.example\")"]


def export(frame: pd.DataFrame, table: str, kind: str) -> bytes:
    if kind == "csv":
        return to_csv_bytes(frame)
    numbers = tuple(c.name for c in TABLES[table].columns if c.kind == "number") + ("version",)
    return to_xlsx_bytes(frame, table, numbers)


@pytest.fixture
def filled(store):
    """The store seeded from data/, plus rows whose text is hard to carry through a spreadsheet."""
    store.seed(SEED_DIR)
    sources = pd.DataFrame([{"source_id": f"X{i:02d}", "publisher": text, "title": f"t {text}",
                             "url": "https://example.org/x", "published_on": "2025-11", "kind": "news",
                             "language": None} for i, text in enumerate(TRICKY)], dtype="string")
    store.write("sources", sources, "ana", "tricky text")
    cargo = store.read_table("cargo_reports").drop(columns="version").iloc[[0]].assign(
        report_id="CR-X", note=TRICKY[0], vessel=TRICKY[6])
    store.write("cargo_reports", cargo, "ana", "tricky text")
    store.update("cargo_reports", "CR003", {"vessel": "Pure Point (renamed)"}, 1, "bo", "a version 2 row")
    return store


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("table", LOAD_ORDER)
def test_export_then_import_gives_back_exactly_what_is_stored(filled, table, kind):
    stored = filled.read_table(table)
    back = imports.read_upload(f"{table}.{kind}", export(stored, table, kind), table)
    assert list(back.columns) == [*TABLES[table].column_names, "version"]
    pd.testing.assert_frame_equal(back.reset_index(drop=True), stored.astype("string").reset_index(drop=True))
    logged = len(filled.read_changes())
    prepared = desk.prepare_import(filled, table, f"{table}.{kind}", export(stored, table, kind), TODAY)
    assert prepared.problems == []
    assert set(imports.diff(stored, back, table)["status"]) == {"unchanged"}
    assert imports.rows_to_write(stored, back, table).empty
    assert desk.commit_import(filled, prepared, "ana", "same again", "x") == {}
    assert len(filled.read_changes()) == logged
    pd.testing.assert_frame_equal(filled.read_table(table), stored)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_edited_export_changes_only_the_edited_row_and_guards_its_version(filled, kind):
    stored = filled.read_table("cargo_reports")
    edited = stored.copy()
    edited.loc[edited["report_id"] == "CR003", "quantity"] = "45150"
    data = export(edited, "cargo_reports", kind)
    prepared = desk.prepare_import(filled, "cargo_reports", f"edit.{kind}", data, TODAY)
    compared = imports.diff(stored, prepared.batches["cargo_reports"], "cargo_reports")
    assert compared.set_index("report_id").loc["CR003", ["status", "changed"]].tolist() == ["changed", "quantity"]
    assert (compared["status"] == "unchanged").sum() == len(stored) - 1
    cells = imports.cell_changes(stored, prepared.batches["cargo_reports"], "cargo_reports")
    assert cells.values.tolist() == [["CR003", "quantity", "45142", "45150"]]
    # A colleague changes CR003 between the preview and the commit: refused, nothing written.
    filled.update("cargo_reports", "CR003", {"note": "colleague"}, 2, "bo", "meanwhile")
    with pytest.raises(ConflictError, match="by bo"):
        desk.commit_import(filled, prepared, "ana", "edit", f"edit.{kind}")
    assert filled.read_table("cargo_reports").set_index("report_id").at["CR003", "quantity"] == "45142"
    # Compared again, the file's version 2 is now stale for the row it changes.
    again = desk.prepare_import(filled, "cargo_reports", f"edit.{kind}", data, TODAY)
    assert [(p.row, p.column) for p in again.problems] == [
        (stored.index[stored["report_id"] == "CR003"][0] + 2, "version")]


def test_an_import_from_a_fresh_export_changes_the_row_and_twice_changes_nothing(filled):
    stored = filled.read_table("cargo_reports")
    edited = stored[stored["report_id"] == "CR003"].assign(quantity="45150")
    data = to_csv_bytes(edited)
    prepared = desk.prepare_import(filled, "cargo_reports", "one.csv", data, TODAY)
    done = desk.commit_import(filled, prepared, "ana", "fix", "one.csv")
    assert (done["cargo_reports"].new, done["cargo_reports"].changed) == (0, 1)
    row = filled.read_table("cargo_reports").set_index("report_id").loc["CR003"]
    assert (row["quantity"], row["version"]) == ("45150", 3)
    logged = len(filled.read_changes())
    again = desk.prepare_import(filled, "cargo_reports", "one.csv", data, TODAY)
    assert again.problems == []  # the file's version is stale, but the row is already as it says
    assert desk.commit_import(filled, again, "ana", "fix", "one.csv") == {}
    assert len(filled.read_changes()) == logged


def test_xlsx_export_holds_no_formula_and_numbers_as_numbers(filled):
    data = to_xlsx_bytes(filled.read_table("sources"), "sources")
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    kinds = {cell.data_type for row in sheet.iter_rows() for cell in row if cell.value is not None}
    assert "f" not in kinds
    cargo = to_xlsx_bytes(filled.read_table("cargo_reports"), "cargo_reports", ("quantity", "version"))
    sheet = load_workbook(io.BytesIO(cargo)).worksheets[0]
    header = [c.value for c in sheet[1]]
    values = {r[header.index("report_id")]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["CR003"][header.index("quantity")] == 45142  # a number, not text
    assert values["CR-X"][header.index("note")] == "'=1+2"


def test_escaping_is_reversible_and_leaves_numbers_alone():
    cells = pd.Series(TRICKY + ["\r=return", None, "45142"], dtype="string")
    escaped = escape_formulas(pd.DataFrame({"c": cells}))["c"]
    assert escaped.tolist()[:8] == ["'=1+2", "'+92 21 111", "'-- see note", "'@home", "'\tindented",
                                    "''=already quoted", "'''-x", "'plain apostrophe"]
    assert escaped.iloc[9] == "two\nlines" and escaped.iloc[-3] == "'\r'=return"  # and the line after a break
    assert escaped.iloc[11] == "-12.5" and escaped.iloc[-1] == "45142" and pd.isna(escaped.iloc[-2])
    pd.testing.assert_series_equal(unescape_text(escaped), cells, check_names=False)


# Any text the store can hold: no character it refuses (analysis.validate), line breaks as "\n"
# and no whitespace around it, as `stored_text` leaves every value written.
STORABLE = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=(
    [chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)] + [chr(c) for c in range(0x7F, 0xA0)]
    + ["\ufffe", "\uffff"])), max_size=30).map(
    lambda text: stored_text(pd.Series([text], dtype="string")).iloc[0])


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("table", LOAD_ORDER)
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_export_then_import_is_the_identity_for_any_text(table, kind, data):
    columns = TABLES[table].column_names
    rows = data.draw(st.lists(st.fixed_dictionaries({c: STORABLE for c in columns}), min_size=1, max_size=4))
    frame = text_frame(pd.DataFrame(rows, columns=columns))
    frame = frame[frame.notna().any(axis=1)]  # a row with nothing in it is no row of a file
    assume(not frame.empty)
    written = to_csv_bytes(frame) if kind == "csv" else to_xlsx_bytes(frame, table)  # every cell as text
    back = imports.read_upload(f"{table}.{kind}", written, table)
    pd.testing.assert_frame_equal(back.reset_index(drop=True), frame.reset_index(drop=True))


def test_a_lone_carriage_return_is_stored_as_a_line_break_and_exported_quoted(filled):
    filled.write("sources", pd.DataFrame([{
        "source_id": "X99", "publisher": "Desk\r@SUM(1+1)*cmd", "title": "one\r\ntwo\rthree",
        "url": "https://example.org/x", "published_on": "2025-11", "kind": "news", "language": None}],
        dtype="string"), "ana", "line breaks")
    row = filled.read_records("sources", ["X99"]).iloc[0]
    assert (row["publisher"], row["title"]) == ("Desk\n@SUM(1+1)*cmd", "one\ntwo\nthree")
    data = to_csv_bytes(filled.read_table("sources"))
    lines = data.decode().split("\r\n")
    # Every physical line of the file starts a row or continues a quoted cell; no line of a cell
    # starts with a trigger.
    assert '"Desk\n\'@SUM(1+1)*cmd"' in data.decode()
    assert not any(re.match(r"[=+\-@]", part) for line in lines for part in line.split("\n")[1:])
    back = imports.read_upload("sources.csv", data, "sources")
    assert back.set_index("source_id").loc["X99", "publisher"] == "Desk\n@SUM(1+1)*cmd"


@given(st.lists(st.text(st.sampled_from("=+-@\t\r\n'ab1. ")), max_size=8))
def test_no_line_of_an_escaped_cell_starts_a_formula_and_the_escape_reverses(cells):
    text = pd.Series(cells, dtype="string")
    escaped = escape_text(text)
    pd.testing.assert_series_equal(unescape_text(escaped), text)
    for cell in escaped:
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", cell):
            assert not re.match(r"[=+\-@\t\r]", cell), cell
            assert not any(re.match(r"[=+\-@\t]", line) for line in re.split(r"[\r\n]", cell)), cell
