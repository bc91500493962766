"""Numbers written for people, and exported cells that cannot run as formulas."""
import pandas as pd
import pytest
from hypothesis import given, strategies as st

from analysis import export
from analysis import formatting as fmt
from analysis.export import escape_formulas


@pytest.mark.parametrize("value, unit, text", [
    (100_000, "t", "100,000 t"), (733_000, "bbl", "733 kbbl"), (15_400_000, "bbl", "15.4 Mbbl"),
    (512, "bbl", "512 bbl"), (116_538.4, "m3", "116,538 m³"), (None, "t", "—"), (float("nan"), "t", "—"),
    # large totals stay short enough for a headline card
    (9_999_999, "t", "9,999,999 t"), (15_400_000, "t", "15.40 Mt"), (41_928_860_000, "t", "41.9 Gt"),
    (308_831_700_000, "bbl", "308.8 bn bbl"), (50_000_000, "m3", "50.00 million m³")])
def test_quantities(value, unit, text):
    assert fmt.quantity(value, unit) == text


def test_ranges_percent_and_dollars():
    assert fmt.quantity_range(45_000, 45_142) == "45,000–45,142 t"
    assert fmt.quantity_range(56_000, 56_000) == "56,000 t"
    assert fmt.quantity_range(9_000_000, 12_000_000) == "9.00–12.00 Mt"  # both ends at the larger one's scale
    assert fmt.quantity_range(326_369, 327_399, "bbl") == "326–327 kbbl"
    assert fmt.percent(45.14) == "45.1%"
    assert fmt.usd_millions(789_800_000) == "$789.8m"
    assert fmt.usd_millions(1_000_000_000) == "$1.00bn"


def test_id_lists_name_the_first_ids_and_count_the_rest():
    assert fmt.id_list(["C01", "C02"]) == "C01, C02"
    assert fmt.id_list(pd.Series(["C01", "C02", "C03"]), 2) == "C01, C02, … and 1 more"
    assert fmt.id_list(["C01", "C02"], 2, total=1_236) == "C01, C02, … and 1,234 more"  # only the first given
    assert fmt.id_list([]) == ""


def test_formula_cells_are_neutralised_and_numbers_are_not():
    frame = pd.DataFrame({"text": ["=1+2", "+cmd", "-x", "@SUM(A1)", "\tlead", "\rlead", "plain", "-12.5", None],
                          "number": [-1.5, 2, 3, 4, 5, 6, 7, 8, 9]})
    out = escape_formulas(frame)
    assert out["text"].tolist()[:7] == ["'=1+2", "'+cmd", "'-x", "'@SUM(A1)", "'\tlead", "'\rlead", "plain"]
    assert out["text"].iloc[7] == "-12.5" and pd.isna(out["text"].iloc[8])
    assert out["number"].tolist() == frame["number"].tolist()


@given(st.text(max_size=30))
def test_no_escaped_cell_starts_with_a_formula_trigger(text):
    cell = escape_formulas(pd.DataFrame({"c": [text]}))["c"].iloc[0]
    is_number = pd.Series([text]).str.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?").iloc[0]
    assert is_number or not cell[:1] in {"=", "+", "-", "@", "\t", "\r"}


def test_a_workbook_refuses_more_rows_than_a_worksheet_holds(monkeypatch):
    monkeypatch.setattr(export, "EXCEL_ROWS", 2)
    assert export.to_xlsx_bytes(pd.DataFrame({"a": ["x", "y"]}))
    with pytest.raises(ValueError, match="3 rows: a worksheet holds at most 2 below its header"):
        export.to_xlsx_bytes(pd.DataFrame({"a": ["x", "y", "z"]}))
