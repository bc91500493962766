"""Malformed uploads: each gets the message the analyst must see, and the store stays exactly as
it was: every table, the change log, and no write left registered as under way.

The corpus is tests/fixtures/malformed/ (made by tests/fixtures/make_malformed.py); the files too
big to commit (xlsx bombs, an oversized file, a 200 KB cell) are made here.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from analysis import desk, imports
from analysis.schema import TABLES
from analysis.store import Store
from analysis.store.tables import ACTIVITY
from analysis.validate import ValidationError
from conftest import SEED_DIR, drop_store

CORPUS = Path(__file__).parent / "fixtures" / "malformed"
TODAY = dt.date(2025, 11, 28)
CARGO = "cargo_reports"

# file → (import target, the column named or None, text the message must contain)
EXPECTED = {
    "01_wrong_columns.csv": (CARGO, "report_id", "column is missing from the header"),
    "02_missing_column.csv": (CARGO, "quantity", "column is missing from the header"),
    "03_extra_column.csv": (CARGO, "comment", "unknown column; expected report_id, cargo_id"),
    "04_text_in_number.csv": (CARGO, "quantity", "must be a number"),
    "05_negative_quantity.csv": (CARGO, "quantity", "must be greater than zero"),
    "06_zero_quantity.csv": (CARGO, "quantity", "must be greater than zero"),
    "07_unknown_unit.csv": (CARGO, "unit", "must be one of: t, kt, Mt, bbl, kbbl, m3"),
    "08_impossible_date.csv": (CARGO, "arrival_date", "must be a real date written YYYY-MM-DD, YYYY-MM"),
    "09_vague_date.csv": (CARGO, "arrival_date", "must be a real date written YYYY-MM-DD, YYYY-MM"),
    "10_unknown_source.csv": (CARGO, "source_id", "must exist in sources.source_id"),
    "11_unknown_order.csv": (CARGO, "order_id", "must exist in orders.order_id"),
    "12_duplicate_keys.csv": (CARGO, "report_id", "duplicates another row's key"),
    "13_latin1.csv": (CARGO, None, "is not UTF-8 text (byte 0xfb on line 2)"),
    "14_utf16.csv": (CARGO, None, "is UTF-16 text"),
    "15_empty.csv": (CARGO, None, "is empty; the first row must be the header: report_id, cargo_id"),
    "16_blank_lines.csv": (CARGO, None, "is empty"),
    "17_header_only.csv": (CARGO, None, "has a header but no rows under it"),
    "18_huge_cell.csv": (CARGO, "note", "longer than 2000 characters"),
    # A CSV holds text: "=SUM(...)" is checked like any text, so it is refused in a number column...
    "19_formula_in_number.csv": (CARGO, "quantity", "must be a number"),
    "20_broken_quoting.csv": (CARGO, None, "a quoted value is never closed"),
    "21_text_after_quote.csv": (CARGO, None, "text follows a closing quote"),
    "22_bare_carriage_return.csv": (CARGO, None, "has 5 fields but the header has 21; a line break (a lone "
                                                 "carriage return)"),
    "23_png_renamed.csv": (CARGO, None, "is a PNG image, not a CSV or Excel .xlsx file"),
    "24_pdf_renamed.csv": (CARGO, None, "is a PDF document"),
    "25_old_excel.xls": (CARGO, None, "Excel 97-2003 .xls workbook"),
    "26_zip_not_xlsx.csv": (CARGO, None, "is a ZIP archive, not an Excel .xlsx workbook"),
    "27_formula_cell.xlsx": (CARGO, "quantity", "formula cell, type the value"),
    "28_wrong_columns.xlsx": (CARGO, "report_id", "column is missing from the header"),
    "29_negative_quantity.xlsx": (CARGO, "quantity", "must be greater than zero"),
    "30_error_cell.xlsx": (CARGO, "quantity", "error cell (a formula that failed), type the value"),
    "31_too_many_fields.csv": (CARGO, None, "has 22 fields but the header has 21"),
    "32_missing_required.csv": (CARGO, "source_id", "is required"),
    "33_bad_status.csv": (CARGO, "status", "must be one of: loaded, in_transit, arrived, discharged"),
    "34_quantity_without_unit.csv": (CARGO, "unit", "a quantity needs a unit"),
    "35_unknown_grade.csv": (CARGO, "grade", "must exist in grades.grade"),
    "36_nul_byte.csv": (CARGO, None, "contains a NUL byte"),
    "37_duplicate_header.csv": (CARGO, "vessel", "appears more than once in the header"),
    "38_semicolons.csv": (CARGO, None, "separates values with semicolons"),
    "39_control_character.csv": (CARGO, "vessel", "holds the control character U+0007"),
    "40_version_not_number.csv": (CARGO, "version", "must be a whole number from 1 up"),
    "41_version_of_deleted_record.csv": (CARGO, "version", "this record is no longer stored"),
    "42_stale_version.csv": (CARGO, "version", "the stored record is now version 1: someone changed it"),
    "43_empty_row_inside.csv": (CARGO, None, "is an empty row; delete it"),
    "44_xlsx_named_csv.csv": (CARGO, "quantity", "must be greater than zero"),  # read as the xlsx it is
    "45_damaged.xlsx": (CARGO, None, "is a damaged ZIP or Excel file"),
    "46_gzip_renamed.csv": (CARGO, None, "is a gzip archive"),
    "47_value_beyond_header.xlsx": (CARGO, None, "has a value beyond the header's 21 columns"),
    "48_sources_bad_url.csv": ("sources", "url", "must be a web address starting http:// or https://"),
    "49_sources_bad_kind.csv": ("sources", "kind", "must be one of: official, news, dataset, estimate"),
    "50_events_unknown_sector.csv": ("events", "sectors", "every id must exist in sectors.sector_id"),
    "51_trade_flows_bad_date.csv": ("trade_flows", "period_start", "must be a real date written YYYY-MM-DD"),
    "52_trade_flows_partial_date.csv": ("trade_flows", "period_start", "must be a real date written YYYY-MM-DD"),
    "53_comtrade_malformed_commodity.csv": (desk.COMTRADE, "cmdCode", "must be TOTAL (all goods) or an HS code"),
    "54_comtrade_missing_columns.csv": (desk.COMTRADE, "freqCode", "column is missing: is this a UN Comtrade"),
    "55_comtrade_bad_period.csv": (desk.COMTRADE, "period", "must be a year YYYY with freqCode A"),
    "56_comtrade_nothing_relevant.csv": (desk.COMTRADE, None, "so there is nothing to import"),
    "57_cyrillic_lookalike_id.csv": (CARGO, "report_id", "mixes scripts: 'С' (U+0421 CYRILLIC CAPITAL LETTER ES) "
                                                         "is a Cyrillic letter among Latin ones"),
    "58_zero_width_id.csv": (CARGO, "report_id", "holds the invisible character U+200B ZERO WIDTH SPACE, so it "
                                                 "looks like 'CR100' but is other text"),
    "59_full_width_digits_id.csv": (CARGO, "report_id", "holds '１' (U+FF11 FULLWIDTH DIGIT ONE), a variant of '1'"),
    "60_id_in_other_case.csv": (CARGO, "report_id", "looks the same as 'CR100' in row 2 but is other text"),
    "61_year_zero.csv": (CARGO, "load_date", "the year must lie between 1900 and 2100"),
    "62_huge_quantity.csv": (CARGO, "quantity", "must be at most 1,000,000,000"),
    "63_period_ends_before_start.csv": ("trade_flows", "period_end",
                                        "the period ends before it starts (period_start 2023-12-31)"),
    "64_url_userinfo.csv": ("sources", "url", "with no user name or password before an @"),
    "65_percent_over_100.csv": ("targets", "value", "must be at most 100 when the unit is percent"),
    "66_noncharacter.csv": (CARGO, "vessel", "holds U+FFFF, a character no file format can hold"),
    "67_trade_flows_bad_commodity.csv": ("trade_flows", "commodity", "must be TOTAL (all goods) or an HS code of "
                                                                     "2, 4 or 6 digits, such as 27, 2709 or 270900"),
}


def zip_bomb(member_bytes: int) -> bytes:
    """A small file that looks like a workbook and unpacks to `member_bytes` of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(member_bytes // len(chunk)):
                member.write(chunk)
    return out.getvalue()


def header_and(cell: str) -> bytes:
    columns = TABLES[CARGO].column_names
    row = ["CR100", "C09", "", "S032", cell] + [""] * (len(columns) - 5)
    return (",".join(columns) + "\n" + ",".join(row) + "\n").encode()


GENERATED = {  # made here: name → (bytes, target, column, message)
    "bomb_ratio.xlsx": (lambda: zip_bomb(20 * 1024 * 1024), CARGO, None,
                        "compressed 1,0"),  # ~1,000 to 1
    "bomb_size.xlsx": (lambda: zip_bomb(60 * 1024 * 1024), CARGO, None,
                       "would unpack to 60 MB; the limit is 50 MB"),
    "oversized.csv": (lambda: header_and("x") + b"#" * (imports.MAX_UPLOAD_BYTES + 1), CARGO, None,
                      "files up to 5 MB can be imported"),
    "enormous_cell.csv": (lambda: header_and("y" * 200_000), CARGO, None,
                          "has a cell longer than 131,072 characters"),
}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def seeded(request, tmp_path_factory):
    """One store per backend, seeded from data/; every test here must leave it as it was."""
    if request.param == "sqlite":
        made = Store(f"sqlite:///{tmp_path_factory.mktemp('malformed') / 'corridor.sqlite'}")
    else:
        made = Store(request.getfixturevalue("postgres_url"))
        drop_store(made.engine)
    made.create()
    made.seed(SEED_DIR)
    yield made
    if request.param == "postgresql":
        drop_store(made.engine)
    made.close()


def fingerprint(store: Store) -> dict[str, pd.DataFrame]:
    """Every table, the change log and the writes registered as under way."""
    with store.engine.connect() as conn:
        activity = pd.DataFrame(conn.execute(sa.select(ACTIVITY)).mappings().all())
    return {**store.read_all(), "changes": store.read_changes(), "activity": activity}


def assert_same(before, after) -> None:
    assert before.keys() == after.keys()
    assert before["activity"].empty and after["activity"].empty
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name], obj=name)


def attempt(store: Store, target: str, name: str, data: bytes) -> list:
    """Everything the data desk does with an upload, and then some: prepare it, try to commit it,
    and force the plain rows into the store. Returns the problems shown; nothing may be written."""
    try:
        prepared = desk.prepare_import(store, target, name, data, TODAY)
    except ValidationError as err:
        return err.problems
    assert prepared.problems, f"{name} was accepted"
    with pytest.raises(ValidationError):
        desk.commit_import(store, prepared, "ana", "import", name)
    for table, rows in prepared.batches.items():
        if "version" not in rows and target != desk.COMTRADE:
            with pytest.raises(ValidationError):  # the store refuses it too, whoever calls it
                store.write(table, rows, "ana", "forced", file_label=name)
    return prepared.problems


def test_the_corpus_holds_at_least_30_files_each_with_its_message():
    on_disk = {p.name for p in CORPUS.iterdir()}
    assert on_disk == set(EXPECTED)
    assert len(on_disk) >= 30


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_malformed_file_is_explained_and_changes_nothing(seeded, name):
    target, column, message = EXPECTED[name]
    before = fingerprint(seeded)
    problems = attempt(seeded, target, name, (CORPUS / name).read_bytes())
    after = fingerprint(seeded)
    assert any(message in str(p) and p.file.startswith(name) and (column is None or p.column == column)
               for p in problems), "\n".join(map(str, problems))
    assert_same(before, after)


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_a_bomb_or_oversized_file_is_refused_before_it_is_opened(seeded, name, monkeypatch):
    make, target, column, message = GENERATED[name]
    data = make()
    assert len(data) < imports.MAX_UPLOAD_BYTES or name == "oversized.csv"
    monkeypatch.setattr(imports, "load_workbook", lambda *a, **k: pytest.fail("the workbook was opened"))
    before = fingerprint(seeded)
    problems = attempt(seeded, target, name, data)
    assert any(message in str(p) for p in problems), "\n".join(map(str, problems))
    assert_same(before, fingerprint(seeded))


def test_a_formula_in_a_csv_text_column_is_kept_as_text_and_exported_escaped(seeded):
    """...and in a text column it is valid text: stored as written, escaped on the way out, and
    the export imports back to the same text."""
    from analysis.export import to_csv_bytes
    columns = TABLES[CARGO].column_names
    row = dict.fromkeys(columns, "")
    row.update(report_id="CR-F1", cargo_id="C09", source_id="S032", qualifier="exact", status="loaded",
               evidence="press", link="confirmed", note='=HYPERLINK("http://example.com","click")')
    text = pd.DataFrame([row]).to_csv(index=False).encode()
    prepared = desk.prepare_import(seeded, CARGO, "formula_note.csv", text, TODAY)
    assert prepared.problems == []
    assert prepared.batches[CARGO].at[0, "note"] == '=HYPERLINK("http://example.com","click")'
    stored = seeded.read_table(CARGO)
    exported = to_csv_bytes(pd.concat([stored, prepared.batches[CARGO]], ignore_index=True))
    assert b"'=HYPERLINK" in exported
    back = imports.read_upload("export.csv", exported, CARGO)
    assert back["note"].iloc[-1] == '=HYPERLINK("http://example.com","click")'


def test_the_upload_limit_fits_inside_the_server_limit():
    config = (Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml").read_text()
    server_mb = int(next(line.split("=")[1] for line in config.splitlines() if line.startswith("maxUploadSize")))
    assert imports.MAX_UPLOAD_MB <= server_mb
