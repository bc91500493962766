"""Membership, positions and numbers on text columns (analysis/text_columns.py)."""
import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.text_columns import is_in, numbers, positions


def test_numbers_reads_what_a_table_writes_and_refuses_the_rest():
    text = pd.Series(["45142", " 45,142 ", "045142.50", "1e5", "1E-3", "+5", ".5", "5.", "-0", " 7 ",
                      "inf", "1e999", "nan", "0x10", "1_000", "١٢", "5e", "", None],
                     dtype="string", index=range(100, 119))
    got = numbers(text)
    assert got.index.tolist() == list(range(100, 119)) and str(got.dtype) == "float64"
    assert got.iloc[[0, 2, 3, 4, 5, 6, 7, 8, 9]].tolist() == [45142.0, 45142.5, 1e5, 0.001, 5.0, 0.5, 5.0, 0.0, 7.0]
    assert math.copysign(1, got.iloc[8]) == -1
    # A thousands separator, infinities, not-a-number, hex, underscores, other digits, a bare
    # exponent, empty and missing cells are not numbers.
    assert got.iloc[[1, *range(10, 19)]].isna().all()


@settings(max_examples=200, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_numbers_reads_back_any_finite_float_python_writes(x):
    assert numbers(pd.Series([repr(x)], dtype="string")).iloc[0] == x


def test_is_in_and_positions():
    ids = pd.Series(["C01", "C02", None, "C09"], dtype="string")
    assert is_in(ids, {"C02", "C09"}).tolist() == [False, True, False, True]
    assert is_in(ids, []).tolist() == [False] * 4
    assert positions(ids, pd.Series(["C09", "C01"])).tolist() == [1, -1, -1, 0]
