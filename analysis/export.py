"""Tables leaving Corridor: cells escaped against spreadsheet formula injection, as CSV or xlsx.

The rule, following OWASP's CSV-injection advice: a text cell that starts with =, +, -, @, tab
or carriage return gets a leading apostrophe, so a spreadsheet shows it as text, and so does
each line of it that starts with =, +, -, @ or tab after a line break (a line feed or a carriage
return, alone or not: a program that splits rows on either must not find a formula at the start
of the next one). Numbers are left alone: a numeric column, or a text cell that is a plain number
such as "-12.5", stays a number. CSV is written with CRLF line ends (RFC 4180), so a cell holding
a carriage return or a line feed is quoted.

The escape is reversible, so an exported file imported again gives back exactly what was stored:
a line that is apostrophes followed by a trigger ("'=x", "''-y") gets one more apostrophe too,
and `unescape_text` removes exactly one leading apostrophe from any line that is one or more
apostrophes followed by a trigger. A line like "'hello" (no trigger after the apostrophes) is
neither escaped nor unescaped.
"""
from __future__ import annotations

import io
import re

import pandas as pd
from openpyxl import Workbook

# (where the escape goes, what a line starting there must not begin with): the cell's start, where
# a carriage return counts too, and after each line break.
PLACES = ((r"^", r"[=+\-@\t\r]"), (r"[\r\n]", r"[=+\-@\t]"))
EXCEL_ROWS = 1_048_575  # rows a worksheet holds below its header row
PLAIN_NUMBER = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"
# Excel's longest sheet name; table names are shorter.
SHEET_NAME_LIMIT = 31
# Characters XML 1.0 cannot hold: C0 controls but tab, LF and CR; U+FFFE, U+FFFF; lone surrogates.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def escape_text(text: pd.Series) -> pd.Series:
    """Text cells (as a "string" series) with the apostrophes of the rule above where it applies."""
    text = text.astype("string")
    number = text.str.fullmatch(PLAIN_NUMBER).fillna(False)
    escaped = text
    for before, trigger in PLACES:
        escaped = escaped.str.replace(f"({before})('*{trigger})", r"\1'\2", regex=True)
    return text.where(number, escaped)


def unescape_text(text: pd.Series) -> pd.Series:
    """The inverse of `escape_text`: one leading apostrophe removed from each line where the rule
    added one."""
    text = text.astype("string")
    for before, trigger in reversed(PLACES):
        text = text.str.replace(f"({before})'('*{trigger})", r"\1\2", regex=True)
    return text


def escape_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells cannot be read as formulas."""
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column):
            continue
        text = column.astype("string")
        escaped = escape_text(text)
        out[name] = column.where((escaped == text).fillna(True), escaped)
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV of the escaped frame, without the index, with CRLF line ends."""
    return escape_formulas(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def _cell(value: object, number: bool) -> object:
    """One xlsx cell value: a float (an int when whole) in a number column, else text or None."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if number:
        value = float(value)
        return int(value) if value.is_integer() and abs(value) < 2 ** 53 else value
    # The store refuses these characters; any that an older store holds become U+FFFD, so the
    # workbook still opens.
    return XML_FORBIDDEN.sub("\ufffd", str(value))


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "data", number_columns: tuple[str, ...] = ()) -> bytes:
    """An Excel workbook with one sheet: a header row, then the escaped frame, without the index.

    Columns named in `number_columns` are written as numbers (their text parsed as floats); every
    other cell is written as text, so no cell of the workbook holds a formula. Raises ValueError
    for more rows than a worksheet holds (EXCEL_ROWS).
    """
    if len(frame) > EXCEL_ROWS:
        raise ValueError(f"{len(frame):,} rows: a worksheet holds at most {EXCEL_ROWS:,} below its header")
    escaped = escape_formulas(frame)
    book = Workbook()
    ws = book.active
    ws.title = sheet[:SHEET_NAME_LIMIT]
    ws.append([str(c) for c in escaped.columns])
    numbers = [c in number_columns or pd.api.types.is_numeric_dtype(escaped[c]) for c in escaped.columns]
    for record in escaped.astype(object).itertuples(index=False):
        ws.append([_cell(v, n) for v, n in zip(record, numbers)])
    for row in ws.iter_rows(min_row=2):
        for cell, number in zip(row, numbers):
            if not number and cell.value is not None:
                cell.data_type = "s"  # text stays text, whatever it starts with
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
