"""Vectorised operations on text columns, done by pyarrow so that a million cells cost no loop in
Python: membership, positions in a lookup, and reading numbers written as text.

pandas 3 keeps "string" columns in Arrow, but some of its methods (`Series.isin`,
`pd.to_numeric`) still walk the values in Python; these are the replacements the analysis uses.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# A finite decimal number as people write one in a table: optional sign, digits with an optional
# decimal point, an optional exponent, surrounding spaces allowed. No thousands separators, no
# "inf" or "nan", no hexadecimal.
NUMBER = r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$"


def _text(values: pd.Series | Iterable) -> pa.Array | pa.ChunkedArray:
    if isinstance(values, pd.Series):
        values = values.astype("string")
    else:
        values = pd.array(list(values), dtype="string")
    return pa.array(values)


def is_in(values: pd.Series, allowed: Iterable) -> np.ndarray:
    """For each text value, whether it is among `allowed`; False where the value is missing."""
    return pc.is_in(_text(values), value_set=_text(allowed)).to_numpy(zero_copy_only=False).astype(bool)


def positions(values: pd.Series, lookup: pd.Series) -> np.ndarray:
    """For each text value, its position in `lookup` (each value once), -1 where it is absent."""
    found = pc.index_in(_text(values), value_set=_text(lookup))
    return found.fill_null(-1).to_numpy(zero_copy_only=False)


def numbers(values: pd.Series) -> pd.Series:
    """The text read as float64 numbers (see NUMBER), NaN where a value is missing or is not a
    finite number. Same index as `values`."""
    text = _text(values)
    written = pc.fill_null(pc.match_substring_regex(text, NUMBER), False)
    parsed = pc.cast(pc.utf8_trim_whitespace(pc.if_else(written, text, pa.scalar(None, text.type))), pa.float64())
    out = parsed.to_numpy(zero_copy_only=False).astype("float64")
    out[~np.isfinite(out)] = np.nan
    return pd.Series(out, index=values.index, dtype="float64")


def position_of(values: pd.Series, value: str) -> int:
    """The position of the first `value` among the text values (a scan, no hashing), -1 when
    it is absent."""
    return pc.index(_text(values), pa.scalar(value, pa.large_string())).as_py()
