"""Reading table files: one CSV per table, read as text exactly as written.

This and `analysis.store` are the only modules that touch files. A table arrives as a frame of
"string" columns with empty and whitespace-only cells as <NA>, ready for `analysis.validate`;
`typed` turns a validated text frame into numbers for the analysis layer.

Well-formed files are parsed by pyarrow's CSV reader (a 1,000,000-row table in about a second);
a file it refuses, or that the two readers might read differently, goes through Python's `csv`
module, which finds the line at fault and says what is wrong with it.
"""
from __future__ import annotations

import csv
import io
import os
import re
from os import PathLike
from pathlib import Path
from typing import BinaryIO, TextIO, Union

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from analysis.schema import LOAD_ORDER, TABLES
from analysis.text_columns import numbers
from analysis.validate import HEADER_ROWS, Problem, ValidationError

Source = Union[bytes, str, PathLike, BinaryIO, TextIO]
DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def seed_dir() -> Path:
    """The folder of table CSVs an empty store is seeded from and the Economics defaults are read
    from: env CORRIDOR_SEED_DIR, else the repository's data/."""
    return Path(os.environ.get("CORRIDOR_SEED_DIR") or DATA_DIR)

_CSV_ERRORS = {
    "unexpected end of data": "a quoted value is never closed (a closing \" is missing)",
    "expected after": "text follows a closing quote; put the whole value in quotes and "
                      "write any quote inside it twice (\"\")",
}


def _blank_as_null(values: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """The text with empty and whitespace-only values (as str.isspace has it) as nulls."""
    blank = pc.or_kleene(pc.equal(pc.binary_length(values), 0), pc.utf8_is_space(values))
    return pc.if_else(blank, pa.scalar(None, values.type), values) if pc.any(blank).as_py() else values


def stored_text(values: pd.Series) -> pd.Series:
    """Text as the store holds it: every line break as "\n" (a lone carriage return too), no
    whitespace around the value."""
    return values.str.replace("\r\n", "\n", regex=False).str.replace("\r", "\n", regex=False).str.strip()


def text_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every column as "string" and empty or whitespace-only cells as <NA>."""
    out = frame.astype("string")
    for i in range(out.shape[1]):
        out.isetitem(i, pd.arrays.ArrowStringArray(_blank_as_null(pa.array(out.iloc[:, i]))))
    return out


def _label(source: Source, name: str, file_label: str | None) -> str:
    if file_label:
        return file_label
    if isinstance(source, (str, PathLike)):
        return Path(source).name
    return getattr(source, "name", None) or f"{name}.csv"


def _read_bytes(source: Source) -> bytes | str:
    if isinstance(source, bytes):
        return source
    if isinstance(source, (str, PathLike)):
        return Path(source).read_bytes()
    return source.read()


def _decode(raw: bytes | str, file: str) -> str:
    if isinstance(raw, str):
        return raw.removeprefix("\ufeff")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[:err.start].count(b"\n") + 1
        raise ValidationError([Problem(
            file, None, None, None,
            f"is not UTF-8 text (byte 0x{raw[err.start]:02x} on line {line}); "
            "save the file as UTF-8 CSV and try again")]) from None


def _records(text: str, file: str) -> list[list[str]]:
    if "\x00" in text:
        line = text[:text.index("\x00")].count("\n") + 1
        raise ValidationError([Problem(file, None, None, None,
                                       f"contains a NUL byte (on line {line}), so it is not a plain-text "
                                       "CSV file; was it saved as UTF-16 or as a spreadsheet?")])
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
    except csv.Error as err:
        message = str(err)
        plain = next((v for k, v in _CSV_ERRORS.items() if k in message), f"cannot be read as CSV ({message})")
        raise ValidationError([Problem(file, len(records) + 1, None, None, plain)]) from None
    while records and not any(cell.strip() for cell in records[-1]):
        records.pop()
    return records


# What Python's strict csv reader accepts, as far as quoting goes: fields either quoted whole
# (a quote inside written twice) or not starting with a quote. pyarrow's reader is laxer: it
# keeps text after a closing quote and closes a quote left open at the end of the file.
_QUOTING = re.compile(rb'(?:(?:"(?:[^"]|"")*+"|[^,\r\n"][^,\r\n]*+|)(?:[,\r\n]|\Z))*+')


def _quoting_is_strict(raw: bytes) -> bool:
    if b'"' not in raw:
        return True
    found = _QUOTING.match(raw)
    return found is not None and found.end() == len(raw)


def _fast_frame(raw: bytes | str) -> pd.DataFrame | None:
    """The file read by pyarrow as a text frame, or None when the careful reader must read it:
    text already decoded, a NUL byte, quotes in the header, a header the careful reader would
    refuse, quoting it would refuse, a cell longer than the csv module takes, or anything
    pyarrow cannot parse (wrong row widths, broken quoting, bytes that are not UTF-8)."""
    if not isinstance(raw, bytes) or b"\x00" in raw:
        return None
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    end = raw.find(b"\n")
    first = (raw[:end] if end >= 0 else raw).rstrip(b"\r")
    if b'"' in first or b"\r" in first or not _quoting_is_strict(raw):
        return None
    try:
        header = [h.strip() for h in first.decode("utf-8").split(",")]
    except UnicodeDecodeError:
        return None
    if not all(header) or len(set(header)) != len(header):
        return None
    try:
        table = pa_csv.read_csv(
            pa.BufferReader(raw),
            read_options=pa_csv.ReadOptions(column_names=header, skip_rows=1),
            parse_options=pa_csv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(column_types=dict.fromkeys(header, pa.large_string()),
                                                  null_values=[""], strings_can_be_null=True,
                                                  quoted_strings_can_be_null=True))
    except pa.ArrowInvalid:
        return None
    limit = csv.field_size_limit()  # the careful reader refuses longer cells
    if any((pc.max(pc.binary_length(column)).as_py() or 0) > limit for column in table.columns):
        return None
    frame = text_frame(table.to_pandas(types_mapper={pa.large_string(): pd.StringDtype()}.get))
    filled = frame.notna().any(axis=1).to_numpy()
    return frame.iloc[:filled.nonzero()[0][-1] + 1 if filled.any() else 0]  # trailing blank rows go


def read_table_csv(source: Source, name: str, file_label: str | None = None) -> pd.DataFrame:
    """Read one table's CSV (bytes, a path or a file-like object) as a text frame.

    Returns "string" columns named as in the header, empty and whitespace-only cells as <NA>.
    Raises ValidationError naming the file (`file_label`, else the file's name, else
    "<name>.csv") when it is not UTF-8, is empty, has broken quoting, has rows with the wrong
    number of fields, or repeats a column name in its header.
    """
    raw = _read_bytes(source)
    fast = _fast_frame(raw)
    return fast if fast is not None else _careful_frame(raw, name, _label(source, name, file_label))


def _careful_frame(raw: bytes | str, name: str, file: str) -> pd.DataFrame:
    """The file read by Python's csv module as a text frame; raises ValidationError naming what
    is wrong and on which line."""
    records = _records(_decode(raw, file), file)
    if not records:
        expected = ", ".join(TABLES[name].column_names) if name in TABLES else "its column names"
        raise ValidationError([Problem(file, None, None, None,
                                       f"is empty; the first row must be a header: {expected}")])
    header = [h.strip() for h in records[0]]
    if not any(header):
        raise ValidationError([Problem(file, HEADER_ROWS, None, None,
                                       "the first row is empty; it must be the header")])
    problems = [Problem(file, HEADER_ROWS, col, None, "appears more than once in the header")
                for col in dict.fromkeys(h for h in header if header.count(h) > 1)]
    width = len(header)
    for number, record in enumerate(records[1:], start=HEADER_ROWS + 1):
        if record and len(record) != width:
            problems.append(Problem(file, number, None, None,
                                    f"has {len(record)} field{'s' * (len(record) != 1)} "
                                    f"but the header has {width}"))
    if problems:
        raise ValidationError(problems)
    rows = [record or [""] * width for record in records[1:]]
    return text_frame(pd.DataFrame(rows, columns=header, dtype="string"))


def read_data_dir(path: str | PathLike) -> dict[str, pd.DataFrame]:
    """Text frames for every table in LOAD_ORDER whose `<name>.csv` exists in the directory.

    Raises one ValidationError listing the reading problems of every file.
    """
    folder = Path(path)
    frames, problems = {}, []
    for name in LOAD_ORDER:
        file = folder / f"{name}.csv"
        if file.exists():
            try:
                frames[name] = read_table_csv(file, name, file_label=f"{folder.name}/{file.name}")
            except ValidationError as err:
                problems += err.problems
    if problems:
        raise ValidationError(problems)
    return frames


def typed(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The text frame with the table's number columns as float64 and its other columns as string.

    Columns outside the table's schema (such as the store's `version`) are left as they are.
    """
    out = frame.copy(deep=False)  # text columns are shared with `frame`, never changed in place
    for column in TABLES[name].columns:
        if column.name in out:
            if column.kind == "number":
                out[column.name] = numbers(out[column.name])
            else:
                out[column.name] = out[column.name].astype("string")
    return out
