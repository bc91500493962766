"""Reading table files: one CSV per table, read as text exactly as written.

This and `analysis.store` are the only modules that touch files. A table arrives as a frame of
"string" columns with empty and whitespace-only cells as <NA>, ready for `analysis.validate`;
`typed` turns a validated text frame into numbers for the analysis layer.
"""
from __future__ import annotations

import csv
import io
from os import PathLike
from pathlib import Path
from typing import BinaryIO, TextIO, Union

import pandas as pd

from analysis.schema import LOAD_ORDER, TABLES
from analysis.validate import HEADER_ROWS, Problem, ValidationError

Source = Union[bytes, str, PathLike, BinaryIO, TextIO]

_CSV_ERRORS = {
    "unexpected end of data": "a quoted value is never closed (a closing \" is missing)",
    "expected after": "text follows a closing quote; put the whole value in quotes and "
                      "write any quote inside it twice (\"\")",
}


def text_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every column as "string" and empty or whitespace-only cells as <NA>."""
    out = frame.astype("string")
    return out.mask(out.apply(lambda s: s.str.strip().eq("")).fillna(False).astype(bool))


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


def read_table_csv(source: Source, name: str, file_label: str | None = None) -> pd.DataFrame:
    """Read one table's CSV (bytes, a path or a file-like object) as a text frame.

    Returns "string" columns named as in the header, empty and whitespace-only cells as <NA>.
    Raises ValidationError naming the file (`file_label`, else the file's name, else
    "<name>.csv") when it is not UTF-8, is empty, has broken quoting, has rows with the wrong
    number of fields, or repeats a column name in its header.
    """
    file = _label(source, name, file_label)
    records = _records(_decode(_read_bytes(source), file), file)
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
    out = frame.copy()
    for column in TABLES[name].columns:
        if column.name in out:
            if column.kind == "number":
                out[column.name] = pd.to_numeric(out[column.name], errors="coerce").astype("float64")
            else:
                out[column.name] = out[column.name].astype("string")
    return out
