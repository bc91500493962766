"""Tables leaving Corridor: cells escaped against spreadsheet formula injection, as CSV or xlsx.

The rule, following OWASP's CSV-injection advice: a text cell that starts with =, +, -, @, tab or
carriage return gets a leading apostrophe, so a spreadsheet shows it as text. Numbers are left
alone: a numeric column, or a text cell that is a plain number such as "-12.5", stays a number.

The escape is reversible, so an exported file imported again gives back exactly what was stored:
a text cell that is apostrophes followed by a trigger ("'=x", "''-y") gets one more apostrophe
too, and `unescape_text` removes exactly one leading apostrophe from any cell that is one or more
apostrophes followed by a trigger. A cell like "'hello" (no trigger after the apostrophes) is
neither escaped nor unescaped.
"""
from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

TRIGGERS = r"^[=+\-@\t\r]"
ESCAPABLE = r"^'*[=+\-@\t\r]"   # what gets one more apostrophe on the way out
ESCAPED = r"^'+[=+\-@\t\r]"     # what loses one apostrophe on the way in
EXCEL_ROWS = 1_048_575  # rows a worksheet holds below its header row
PLAIN_NUMBER = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"
# Excel's longest sheet name; table names are shorter.
SHEET_NAME_LIMIT = 31


def _risky(text: pd.Series) -> pd.Series:
    """True where a text cell needs the apostrophe of the rule above."""
    return (text.str.contains(ESCAPABLE, regex=True) & ~text.str.fullmatch(PLAIN_NUMBER)).fillna(False)


def escape_text(text: pd.Series) -> pd.Series:
    """Text cells (as a "string" series) with the apostrophe of the rule above where it applies."""
    text = text.astype("string")
    return text.where(~_risky(text), "'" + text)


def unescape_text(text: pd.Series) -> pd.Series:
    """The inverse of `escape_text`: one leading apostrophe removed where the rule added one."""
    text = text.astype("string")
    escaped = text.str.contains(ESCAPED, regex=True).fillna(False)
    return text.where(~escaped, text.str.slice(1))


def escape_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells cannot be read as formulas."""
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column):
            continue
        text = column.astype("string")
        out[name] = column.where(~_risky(text), "'" + text)
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV of the escaped frame, without the index."""
    return escape_formulas(frame).to_csv(index=False).encode("utf-8")


def _cell(value: object, number: bool) -> object:
    """One xlsx cell value: a float (an int when whole) in a number column, else text or None."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if number:
        value = float(value)
        return int(value) if value.is_integer() and abs(value) < 2 ** 53 else value
    # Characters XML cannot hold (control characters other than tab, LF, CR) become U+FFFD.
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(value))


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
