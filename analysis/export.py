"""Tables leaving Corridor: cells escaped against spreadsheet formula injection.

Following OWASP's CSV-injection advice, a text cell that starts with =, +, -, @, tab or
carriage return gets a leading apostrophe so a spreadsheet shows it as text. Numbers are left
alone: a numeric column, or a text cell that is a plain number such as "-12.5", stays a number.
"""
from __future__ import annotations

import pandas as pd

TRIGGERS = r"^[=+\-@\t\r]"
PLAIN_NUMBER = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"


def escape_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells cannot be read as formulas."""
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column):
            continue
        text = column.astype("string")
        risky = text.str.contains(TRIGGERS, regex=True) & ~text.str.fullmatch(PLAIN_NUMBER)
        out[name] = column.where(~risky.fillna(False), "'" + text)
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV of the escaped frame, without the index."""
    return escape_formulas(frame).to_csv(index=False).encode("utf-8")
