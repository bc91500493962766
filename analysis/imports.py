"""Uploaded table files: read safely, checked, and compared with what is stored.

`read_upload` turns the bytes of an uploaded file into a text frame. The content decides the
format, never the name: an Excel workbook (a ZIP holding xl/workbook.xml) is read as xlsx, any
other file must be UTF-8 CSV text; images, PDFs, old .xls workbooks, other archives and UTF-16
text are refused with a message saying what the file is. Limits: MAX_UPLOAD_BYTES per file; for
a workbook, its ZIP directory is inspected before it is opened (at most MAX_UNPACKED_BYTES once
unpacked and no member compressed more than MAX_COMPRESSION_RATIO:1), and only the first sheet
is read, with formulas not evaluated (a formula cell is refused: type the value).

Every cell is then cleaned the same way whatever the format: line breaks become "\\n", outer
whitespace is dropped (blank cells are empty), control characters are refused, and the
apostrophe `analysis.export` puts before formula-like text is removed, so that importing an
export gives back exactly what was stored.

`check_upload`, `diff` and `rows_to_write` are pure: they compare an upload with the stored
tables (text frames as `Store.read_table` gives them, with `version`) and never write. An
optional `version` column (as exports carry) must match the stored version of every row the
file changes: a row changed in Corridor since the file was exported is refused, not overwritten.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pandas as pd
from openpyxl import load_workbook

from analysis.datafiles import read_table_csv, stored_text, text_frame
from analysis.export import unescape_text
from analysis.schema import LOAD_ORDER, TABLES
from analysis.validate import HEADER_ROWS, Problem, ValidationError, known_ids, validate_table

MAX_UPLOAD_MB = 5
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM = 1024 * 1024  # members smaller than this unpack to little whatever their ratio
MAX_ZIP_MEMBERS = 1000
MAX_ROWS = 100_000
VERSION = "version"
STATUSES = ("new", "changed", "unchanged")

_NOT_TABLES = [  # (leading bytes, what the file is)
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
     "an old-style Office file (an Excel 97-2003 .xls workbook, or a password-protected workbook)"),
]
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SAVE_AS = "save it as CSV UTF-8 (comma delimited) or as an Excel .xlsx workbook"


def _refuse(file: str, rule: str, row: int | None = None, column: str | None = None,
            value: object = None) -> ValidationError:
    return ValidationError([Problem(file, row, column, value, rule)])


def file_kind(name: str, data: bytes) -> str:
    """'xlsx' or 'csv', from the content; ValidationError for anything that is neither."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise _refuse(name, f"is {len(data) / 1024 / 1024:.1f} MB; files up to {MAX_UPLOAD_MB} MB can be "
                            "imported, so split it into smaller files")
    for magic, what in _NOT_TABLES:
        if data.startswith(magic):
            raise _refuse(name, f"is {what}, not a CSV or Excel .xlsx file; {_SAVE_AS}")
    if data.startswith(_UTF16_BOMS):
        raise _refuse(name, f"is UTF-16 text (as Excel's 'Unicode text' saves it), not UTF-8; {_SAVE_AS}")
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "xlsx"
    return "csv"


def _inspect_zip(name: str, data: bytes) -> None:
    """Refuse a workbook whose ZIP directory promises too much, before anything is unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as err:
        raise _refuse(name, f"is a damaged ZIP or Excel file ({err}); {_SAVE_AS}") from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise _refuse(name, f"holds {len(members):,} files inside; an Excel workbook holds far fewer, "
                            "so it is refused")
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise _refuse(name, f"would unpack to {unpacked / 1024 / 1024:,.0f} MB; the limit is "
                            f"{MAX_UNPACKED_BYTES // 1024 // 1024} MB, so it is refused (a 'zip bomb'?)")
    for m in members:
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size >= RATIO_CHECKED_FROM and ratio > MAX_COMPRESSION_RATIO:
            raise _refuse(name, f"holds {m.filename} compressed {ratio:,.0f} to 1; more than "
                                f"{MAX_COMPRESSION_RATIO} to 1 is refused as a possible zip bomb")
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        what = ("an OpenDocument (.ods) spreadsheet" if "content.xml" in names
                else "a ZIP archive, not an Excel .xlsx workbook")
        raise _refuse(name, f"is {what}; {_SAVE_AS}")


def number_text(value: float) -> str:
    """A number as the store writes it: 45142.0 → '45142', 7.25 → '7.25'."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _cell_text(value: object) -> str:
    """The text of one spreadsheet value (a date at midnight as YYYY-MM-DD)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return number_text(value)
    return str(value)


def _read_xlsx(name: str, data: bytes) -> pd.DataFrame:
    """The first sheet as text: row 1 is the header. Formula and error cells are refused."""
    _inspect_zip(name, data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as err:  # an untrusted file: any failure of the parser is the file's fault
        raise _refuse(name, f"cannot be opened as an Excel workbook ({type(err).__name__}); {_SAVE_AS}") from None
    problems: list[Problem] = []
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()
        rows: list[list] = []
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            if number > MAX_ROWS + HEADER_ROWS:
                raise _refuse(name, f"has more than {MAX_ROWS:,} rows; split it into smaller files")
            rows.append(list(cells))
    except ValidationError:
        raise
    except Exception as err:
        raise _refuse(name, f"cannot be read as an Excel workbook ({type(err).__name__}); {_SAVE_AS}") from None
    finally:
        book.close()
    while rows and all(c.value is None for c in rows[-1]):
        rows.pop()
    if not rows:
        raise _refuse(name, "is empty; the first row of the first sheet must be the header")
    header = [_cell_text(c.value).strip() for c in rows[0]]
    while header and not header[-1]:
        header.pop()
    width = len(header)
    if not width:
        raise _refuse(name, "the first row of the first sheet is empty; it must be the header", row=HEADER_ROWS)
    records = []
    for number, cells in enumerate(rows, start=1):
        record = []
        for i, cell in enumerate(cells):
            column = header[i] if i < width else None
            kind = getattr(cell, "data_type", None)
            if kind == "f":
                problems.append(Problem(name, number, column, str(cell.value),
                                        "formula cell, type the value: formulas are not calculated on import"))
            elif kind == "e":
                problems.append(Problem(name, number, column, str(cell.value),
                                        "error cell (a formula that failed), type the value"))
            elif i >= width and cell.value is not None:
                problems.append(Problem(name, number, None, _cell_text(cell.value),
                                        f"has a value beyond the header's {width} columns"))
            record.append(_cell_text(cell.value) if kind not in ("f", "e") else "")
        records.append((record + [""] * width)[:width])
    duplicated = dict.fromkeys(h for h in header if header.count(h) > 1)
    problems += [Problem(name, HEADER_ROWS, h, None, "appears more than once in the header") for h in duplicated]
    if problems:
        raise ValidationError(problems)
    frame = pd.DataFrame(records[1:], columns=header, dtype="string")
    if len(book.sheetnames) > 1:
        frame.attrs["note"] = (f"Read the first sheet, '{book.sheetnames[0]}'; the workbook's other "
                               f"{len(book.sheetnames) - 1} sheet(s) were ignored.")
    return frame


def _read_csv(name: str, data: bytes, table: str | None) -> pd.DataFrame:
    try:
        frame = read_table_csv(data, table or "upload", file_label=name)
    except ValidationError as err:
        bare_cr = re.search(rb"\r(?!\n)", data) is not None
        raise ValidationError([
            Problem(p.file, p.row, p.column, p.value,
                    "has a cell longer than 131,072 characters, far beyond any column's limit"
                    if "field larger than field limit" in p.rule
                    else p.rule + "; a line break (a lone carriage return) inside a value that is not in "
                                  "quotes splits its row: put that value in quotes or remove the line break"
                    if bare_cr and "but the header has" in p.rule else p.rule)
            for p in err.problems]) from None
    if len(frame.columns) == 1 and ";" in frame.columns[0]:
        raise _refuse(name, "separates values with semicolons; save it as CSV UTF-8 (comma delimited)",
                      row=HEADER_ROWS)
    return frame


def clean(frame: pd.DataFrame, file: str) -> pd.DataFrame:
    """Cells as the store should hold them: "\\n" line breaks, no outer whitespace, no escape
    apostrophe; ValidationError naming every cell holding a control character."""
    out = frame.astype("string")
    problems = []
    for column in out.columns:
        text = stored_text(out[column])
        for position in text.index[text.str.contains(_CONTROL).fillna(False)]:
            value = text[position]
            char = _CONTROL.search(value).group()
            problems.append(Problem(file, out.index.get_loc(position) + HEADER_ROWS + 1, column, value,
                                    f"holds the control character U+{ord(char):04X}, which cannot be "
                                    "stored or exported; delete it"))
        out[column] = unescape_text(text)
    if problems:
        raise ValidationError(problems)
    return text_frame(out)


def read_upload(name: str, data: bytes, table: str | None = None) -> pd.DataFrame:
    """The uploaded file as a text frame (columns as in its header, "string" cells, <NA> when
    empty), read by content as xlsx or UTF-8 CSV and cleaned as the module docstring says.

    `table` only names the expected header in the message for an empty file. Raises
    ValidationError with every problem found (file, row, column, value, rule); a header with
    no rows under it is refused too, since it would import nothing.
    """
    if not data:
        expected = f": {', '.join(TABLES[table].column_names)}" if table in TABLES else ""
        raise _refuse(name, f"is empty; the first row must be the header{expected}")
    frame = _read_xlsx(name, data) if file_kind(name, data) == "xlsx" else _read_csv(name, data, table)
    note = frame.attrs.get("note")
    if len(frame) > MAX_ROWS:
        raise _refuse(name, f"has more than {MAX_ROWS:,} rows; split it into smaller files")
    frame = clean(frame, name)
    if frame.empty:
        raise _refuse(name, "has a header but no rows under it, so there is nothing to import")
    if note:
        frame.attrs["note"] = note
    return frame


# Comparing with what is stored -------------------------------------------------------------------

def _body(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=[VERSION], errors="ignore")


def _same(stored: pd.Series, incoming: pd.Series, number: bool) -> pd.Series:
    """Cell by cell: equal text, or (number columns) equal numbers, or both empty."""
    both_empty = stored.isna() & incoming.isna()
    if number:
        a, b = pd.to_numeric(stored, errors="coerce"), pd.to_numeric(incoming, errors="coerce")
        equal = (a == b) & a.notna() & b.notna()
    else:
        equal = stored == incoming
    return (both_empty | equal.fillna(False)).astype(bool)


def diff(stored: pd.DataFrame, incoming: pd.DataFrame, table: str) -> pd.DataFrame:
    """Each incoming row against the stored table, by key, in the incoming order and index.

    Columns: the key, `status` (new, changed or unchanged), `changed` (the columns that differ,
    comma-separated, empty unless changed) and `stored_version` (<NA> when new). Number columns
    compare as numbers (45142 equals 45142.0); an incoming `version` column is ignored here
    (see `check_upload`).
    """
    spec = TABLES[table]
    rows = _body(incoming).reindex(columns=spec.column_names).astype("string")
    current = stored.set_index(spec.key)
    found = rows[spec.key].isin(current.index).fillna(False).astype(bool)
    matched = current.reindex(rows[spec.key].where(found))
    matched.index = rows.index
    changed = pd.Series("", index=rows.index, dtype="string")
    for column in spec.columns:
        if column.name == spec.key:
            continue
        differs = found & ~_same(matched[column.name].astype("string"), rows[column.name], column.kind == "number")
        changed = changed.mask(differs, changed + ", " + column.name)
    changed = changed.str.removeprefix(", ")
    status = pd.Series("unchanged", index=rows.index, dtype="string").mask(changed != "", "changed").mask(
        ~found, "new")
    versions = matched[VERSION] if VERSION in matched else pd.Series(pd.NA, index=rows.index)
    return pd.DataFrame({spec.key: rows[spec.key], "status": status, "changed": changed,
                         "stored_version": pd.array(versions.where(found), dtype="Int64")}, index=rows.index)


def preview(stored: pd.DataFrame, incoming: pd.DataFrame, table: str) -> pd.DataFrame:
    """The upload as it will be imported: `import` (new, changed, unchanged), `changed columns`,
    then the table's columns as incoming. New rows first, then changed, then unchanged."""
    spec = TABLES[table]
    compared = diff(stored, incoming, table)
    rows = _body(incoming).reindex(columns=spec.column_names).astype("string")
    out = pd.concat([compared[["status", "changed"]].set_axis(["import", "changed columns"], axis=1), rows], axis=1)
    order = compared["status"].map({s: i for i, s in enumerate(STATUSES)})
    return out.iloc[order.argsort(kind="stable")].reset_index(drop=True)


def cell_changes(stored: pd.DataFrame, incoming: pd.DataFrame, table: str) -> pd.DataFrame:
    """One row per changed cell of the changed rows: key, column, stored, incoming (text)."""
    spec = TABLES[table]
    compared = diff(stored, incoming, table)
    current = stored.set_index(spec.key)
    records = []
    for index, row in compared[compared["status"] == "changed"].iterrows():
        for column in row["changed"].split(", "):
            before, after = current.at[row[spec.key], column], incoming.at[index, column]
            records.append({spec.key: row[spec.key], "column": column,
                            "stored": None if pd.isna(before) else before,
                            "incoming": None if pd.isna(after) else after})
    return pd.DataFrame(records, columns=[spec.key, "column", "stored", "incoming"], dtype="string")


def _upserted(stored: pd.DataFrame, incoming: pd.DataFrame, table: str) -> pd.DataFrame:
    key = TABLES[table].key
    kept = stored[~stored[key].isin(set(incoming[key].dropna()))]
    return pd.concat([_body(kept), incoming], ignore_index=True)


def header_problems(problems: list[Problem]) -> list[Problem]:
    """The problems that say the header is not the table's (missing or unknown columns): with
    any of them the rows cannot be compared with what is stored."""
    return [p for p in problems if p.row == HEADER_ROWS and p.value is None and "column" in p.rule]


def check_upload(stored: dict[str, pd.DataFrame], table: str, incoming: pd.DataFrame,
                 file: str) -> list[Problem]:
    """Every problem importing `incoming` into `table` would meet, without writing anything.

    `stored` holds every table as `Store.read_all` gives it. Checks the header, each row as the
    store validates it (allowed values, dates, numbers, references resolved against the stored
    tables with the upload applied, duplicate keys), fully empty rows, and the `version` column
    when there is one: a whole number, and for each row the file would change, the version
    stored now (else someone changed the record after the file was exported).
    """
    spec = TABLES[table]
    body = _body(incoming)
    upserted = {**{name: _body(frame) for name, frame in stored.items()},
                table: _upserted(stored[table], body, table) if spec.key in body else _body(stored[table])}
    problems = validate_table(table, body, known_ids(upserted), file=file)
    if header_problems(problems):
        return problems
    row_of = {index: position + HEADER_ROWS + 1 for position, index in enumerate(incoming.index)}
    empty_rows = {row_of[i] for i in incoming.index[body.isna().all(axis=1)]}
    problems = [p for p in problems if p.row not in empty_rows]
    problems += [Problem(file, row, None, None, "is an empty row; delete it") for row in sorted(empty_rows)]
    if VERSION in incoming:
        compared = diff(stored[table], incoming, table)
        for index, version in incoming[VERSION].items():
            row, current = row_of[index], compared.at[index, "stored_version"]
            if pd.isna(version):
                continue
            if not re.fullmatch(r"[1-9]\d{0,8}", version):
                problems.append(Problem(file, row, VERSION, version,
                                        "must be a whole number from 1 up, as exported, or empty for a new record"))
            elif compared.at[index, "status"] == "new" and pd.notna(compared.at[index, spec.key]):
                problems.append(Problem(file, row, VERSION, version,
                                        "this record is no longer stored (it was deleted after the file was "
                                        "exported); empty the version to add it again"))
            elif compared.at[index, "status"] == "changed" and int(version) != current:
                problems.append(Problem(file, row, VERSION, version,
                                        f"the stored record is now version {current}: someone changed it "
                                        "after this file was exported. Export again and redo your change"))
    return sorted(problems, key=lambda p: (p.row or 0, spec.column_names.index(p.column)
                                           if p.column in spec.column_names else -1))


def rows_to_write(stored: pd.DataFrame, incoming: pd.DataFrame, table: str) -> pd.DataFrame:
    """The new and changed rows, with the `version` each write must find (for `Store.write`).

    A changed row carries the version stored when it was compared (or the file's own version),
    so a record changed in between is refused as a conflict; a new row carries version 0, so a
    record someone else added under the same key in between is refused too.
    """
    spec = TABLES[table]
    compared = diff(stored, incoming, table)
    wanted = compared["status"] != "unchanged"
    out = _body(incoming).reindex(columns=spec.column_names).astype("string")[wanted]
    seen = compared.loc[wanted, "stored_version"].astype("string").fillna("0")
    if VERSION in incoming:
        seen = incoming.loc[wanted, VERSION].fillna(seen)
    return out.assign(**{VERSION: seen})


def check_batches(stored: dict[str, pd.DataFrame], batches: dict[str, pd.DataFrame], file: str) -> list[Problem]:
    """`check_upload` for uploads into several tables at once, in load order, each table's rows
    checked against the stored tables with the earlier uploads applied (a new source first)."""
    current, problems = dict(stored), []
    for table in [name for name in LOAD_ORDER if name in batches]:
        problems += check_upload(current, table, batches[table], f"{file} → {table}")
        current[table] = _upserted(current[table], _body(batches[table]), table)
    return problems
