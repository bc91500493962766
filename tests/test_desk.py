"""The data desk's plain helpers: ids, form rows, grid edits, conflicts side by side, the change log
for people, who is recorded; and the upload reader's format rules."""
from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from openpyxl import Workbook

from conftest import SEED_DIR

from analysis import desk, imports
from analysis.schema import TABLES
from analysis.store import ConflictError
from analysis.validate import Problem, ValidationError


@pytest.mark.parametrize("ids, expected", [
    (["CR001", "CR014", "CR002"], "CR015"),
    (["TF01", "TF09", "CT-PAK-RUS-M-2023"], "TF10"),
    (["S001", "S097"], "S098"),
    (["O1", "O2"], "O3"),
    (["energy", "trade"], None),
    ([], None),
])
def test_next_id_follows_the_commonest_pattern(ids, expected):
    assert desk.next_id(ids) == expected


def test_form_row_strips_joins_lists_and_leaves_empty_cells_empty():
    row = desk.form_row("events", {"event_id": " E200 ", "source_id": "S032", "occurred_on": "2025-11",
                                   "kind": "meeting", "title": "Talks\r\non crude", "sectors": ["energy", "trade"],
                                   "note": "   "})
    assert row.columns.tolist() == TABLES["events"].column_names
    assert row.iloc[0].tolist()[:6] == ["E200", "S032", "2025-11", "meeting", "Talks\non crude", "energy;trade"]
    assert pd.isna(row.at[0, "note"])


def test_field_help_and_labels_say_how_to_write_a_value():
    column = TABLES["cargo_reports"].column("arrival_date")
    assert "YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY" in desk.field_help(column)
    assert desk.field_help(column).endswith("Optional.")
    assert desk.field_label(column) == "Arrival date (optional)"
    assert desk.field_label(TABLES["sources"].column("url")) == "URL"
    assert "One of: official" not in desk.field_help(TABLES["sources"].column("kind"))  # its own words instead


def test_editor_changes_lists_changed_cells_with_the_version_read_and_deleted_rows():
    read = pd.DataFrame({"sector_id": ["energy", "trade", "rail"], "name": ["Energy", "Trade", "Rail"],
                         "group": ["energy", "economy", None], "version": [1, 3, 2]}, dtype="string")
    read["version"] = read["version"].astype("Int64")
    edited = read.drop(index=2).copy()
    edited.loc[1, "name"] = "Trade and commerce"
    edited.loc[0, "group"] = "energy "  # only whitespace differs: no change
    updates, deletions = desk.editor_changes(read, edited, "sectors")
    assert updates == [("trade", {"name": "Trade and commerce"}, 3)]
    assert deletions == [("rail", 2)]


def test_conflict_frame_puts_yours_beside_theirs():
    err = ConflictError("sectors", "trade", 1, 2, {"sector_id": "trade", "name": "Trade (theirs)",
                                                   "group": "economy", "version": 2}, "bo")
    frame = desk.conflict_frame("sectors", {"sector_id": "trade", "name": "Trade", "group": "economy", "version": 1},
                                {"name": "Trade (mine)"}, err.current_row)
    by = frame.set_index("column")
    assert by.loc["name"].tolist() == ["Trade", "Trade (mine)", "Trade (theirs)", True]
    assert by.loc["group", "differs"] == False  # noqa: E712 (a numpy bool)
    assert by.loc["version", "stored now"] == "2"


def test_change_diff_and_history_frame_read_the_log_for_people():
    before = json.dumps({"sector_id": "rail", "name": "Rail", "group": "infra", "version": 1})
    after = json.dumps({"sector_id": "rail", "name": "Railways", "group": "infra", "version": 2})
    diff = desk.change_diff(before, after)
    assert diff[diff["changed"]]["column"].tolist() == ["name", "version"]
    assert desk.change_diff(None, after)["changed"].all()
    log = pd.DataFrame({"change_id": [7, 8], "at": ["2025-11-28T10:02:03.123456+00:00"] * 2,
                        "user": ["ana", "bo@example.org"], "table_name": ["sectors"] * 2, "record_key": ["rail"] * 2,
                        "action": ["update"] * 2, "before": [before, after], "after": [after, before],
                        "reason": ["longer name", "shorter"], "issuer": [None, "https://id.example.org"],
                        "subject": [None, "u-42"], "email": [None, "bo@example.org"]}, dtype=object)
    shown = desk.history_frame(log)
    assert shown.iloc[0].tolist() == [7, "2025-11-28 10:02:03 UTC", "ana", "name typed, not signed in", "update",
                                      "sectors", "rail", "longer name", "name"]
    assert shown.iloc[1].tolist()[2:4] == ["bo@example.org", "u-42 at https://id.example.org"]
    seeded = desk.history_frame(log.assign(action=["seed", "seed"], issuer=None, subject=None))
    assert seeded["signed in as"].tolist() == ["seeded from the data files"] * 2
    assert desk.record_keys(["energy"], ["gone", "energy"]) == ["energy", "gone"]


def test_problems_frame_keeps_row_column_value_and_rule():
    frame = desk.problems_frame([Problem("f.csv", 3, "quantity", "-1", "must be greater than zero"),
                                 Problem("f.csv", None, None, None, "is empty")])
    assert frame.columns.tolist() == ["file", "row", "column", "value", "rule"]
    assert frame.iloc[0].tolist() == ["f.csv", 3, "quantity", "-1", "must be greater than zero"]
    assert pd.isna(frame.at[1, "row"])


# The upload reader ---------------------------------------------------------------------------------

def xlsx(rows, sheets=1) -> bytes:
    book = Workbook()
    for values in rows:
        book.active.append(values)
    for n in range(1, sheets):
        book.create_sheet(f"other{n}")["A1"] = "ignored"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_content_decides_the_format_not_the_name():
    data = xlsx([["sector_id", "name", "group"], ["rail", "Rail", "infra"]])
    for name in ("sectors.xlsx", "sectors.csv", "sectors"):
        assert imports.read_upload(name, data, "sectors").iloc[0].tolist() == ["rail", "Rail", "infra"]
    assert imports.file_kind("x.xlsx", b"sector_id,name,group\n") == "csv"


def test_xlsx_cells_become_text_as_the_store_writes_it():
    import datetime as dt
    data = xlsx([["a", "b", "c", "d", "e"], [45142, 7.25, dt.datetime(2023, 6, 11), True, "  padded  "],
                 [None, None, None, None, None], ["x", 1e16, None, None, "'=escaped"]], sheets=3)
    frame = imports.read_upload("w.xlsx", data)
    assert frame.iloc[0].tolist() == ["45142", "7.25", "2023-06-11", "TRUE", "padded"]
    assert frame.iloc[1].isna().all()  # an empty row keeps its place, so row numbers match the sheet
    assert frame.iloc[2].tolist()[:2] == ["x", "1e+16"] and frame.iloc[2, 4] == "=escaped"
    assert frame.attrs["note"] == "Read the first sheet, 'Sheet'; the workbook's other 2 sheet(s) were ignored."


def test_csv_cells_are_cleaned_the_same_way():
    frame = imports.read_upload("c.csv", b'a,b\r\n"line one\r\nline two"," x "\r\n', None)
    assert frame.iloc[0].tolist() == ["line one\nline two", "x"]


def test_diff_compares_numbers_as_numbers_and_text_as_text():
    stored = pd.DataFrame({"grade": ["Urals", "Brent"], "api_low": ["31", "38"], "api_high": ["32", "38"],
                           "source_id": ["S094", "S096"], "version": [1, 4]}, dtype="string")
    stored["version"] = stored["version"].astype("Int64")
    incoming = pd.DataFrame({"grade": ["Urals", "Brent", "ESPO"], "api_low": ["31.0", "38", "34"],
                             "api_high": ["32", "39", "35"], "source_id": ["S094", "S096 ", "S001"]},
                            dtype="string")
    compared = imports.diff(stored, incoming, "grades")
    assert compared["status"].tolist() == ["unchanged", "changed", "new"]
    assert compared["changed"].tolist() == ["", "api_high, source_id", ""]
    assert compared["stored_version"].tolist()[:2] == [1, 4] and pd.isna(compared["stored_version"].iloc[2])
    to_write = imports.rows_to_write(stored, incoming, "grades")
    assert to_write[["grade", "version"]].values.tolist() == [["Brent", "4"], ["ESPO", "0"]]
    assert imports.preview(stored, incoming, "grades")["import"].tolist() == ["new", "changed", "unchanged"]


def test_a_header_problem_stops_the_row_checks():
    incoming = pd.DataFrame({"grade": ["X"], "api": ["1"]}, dtype="string")
    stored = {name: pd.DataFrame(columns=[*t.column_names, "version"], dtype="string") for name, t in TABLES.items()}
    problems = imports.check_upload(stored, "grades", incoming, "g.csv")
    assert {(p.column, p.rule.split(";")[0]) for p in problems} == {
        ("api_low", "column is missing from the header"), ("api_high", "column is missing from the header"),
        ("source_id", "column is missing from the header"), ("api", "unknown column")}


def test_a_refused_upload_names_the_file():
    with pytest.raises(ValidationError, match=r"^1 problem\(s\):\n- photo\.csv: is a JPEG image"):
        imports.read_upload("photo.csv", b"\xff\xd8\xff\xe0" + b"\0" * 20, "sectors")


def test_an_upload_is_compared_with_the_records_it_names_not_whole_tables_nobody_cites(store):
    assert desk.UNCITED == {"cargo_reports", "events", "import_context", "initiative_reports", "targets",
                            "trade_flows"}
    store.seed(SEED_DIR)
    upload = pd.DataFrame({"report_id": ["CR003", "CR999", None], "cargo_id": ["C01", "C09", "C09"]})
    stored = desk.stored_for(store, {"cargo_reports": upload})
    assert list(stored["cargo_reports"]["report_id"]) == ["CR003"]
    assert stored["cargo_reports"].at[0, "quantity"] == "45142"
    assert len(stored["sources"]) == 102 and len(stored["events"]) == 69  # the rest whole
