"""Units: barrels per tonne from API gravity, conversions and per-day rates."""
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, strategies as st

from analysis.datafiles import read_table_csv
from analysis.units import (DEFAULT_BARRELS_PER_TONNE, DEFAULT_FACTOR_BASIS, DEFAULT_FACTOR_SOURCE, barrels_per_day,
                            barrels_per_tonne, from_tonnes, to_tonnes)

DATA = Path(__file__).resolve().parent.parent / "data"


def test_default_factor_turns_100000_tonnes_into_733000_barrels():
    assert from_tonnes(100_000, "bbl") == pytest.approx(733_000)
    assert DEFAULT_BARRELS_PER_TONNE == 7.33


def test_default_factor_has_a_source_row_of_its_own():
    sources = read_table_csv(DATA / "sources.csv", "sources").set_index("source_id")
    row = sources.loc[DEFAULT_FACTOR_SOURCE]
    assert row["publisher"] == "BP" and row["kind"] == "dataset"
    assert urlparse(row["url"]).path.endswith("approximate-conversion-factors.pdf")
    assert "7.33 bbl/t" in DEFAULT_FACTOR_BASIS and "approximate conversion factors" in DEFAULT_FACTOR_BASIS


def test_the_gravities_and_the_default_factor_cite_pages_not_homepages():
    # Urals 31-32 (S094), Arab Light 32.5-33 (S095), Brent 38 (S096) and 7.33 bbl/t (S098): each
    # source's address names a page, a path beyond "/", not a bare site.
    sources = read_table_csv(DATA / "sources.csv", "sources").set_index("source_id")
    grades = read_table_csv(DATA / "grades.csv", "grades")
    cited = [*grades["source_id"], DEFAULT_FACTOR_SOURCE]
    assert sorted(cited) == ["S094", "S095", "S096", "S098"]
    for source in cited:
        address = urlparse(sources.at[source, "url"])
        assert address.path.strip("/") or address.query, source


def test_urals_at_api_31_5_gives_326369_barrels_for_45000_tonnes():
    # SG = 141.5 / (131.5 + 31.5) = 0.868098; density = 0.868098 × 999.016 = 867.244 kg/m³;
    # bbl/t = 1000 / (867.244 × 0.158987294928) = 7.252643; 45,000 t × 7.252643 = 326,368.9 bbl.
    assert barrels_per_tonne(31.5) == pytest.approx(7.252643, abs=1e-6)
    assert round(45_000 * barrels_per_tonne(31.5)) == 326_369


@pytest.mark.parametrize("api, expected", [(31, 7.2304), (32, 7.2749), (38, 7.5419)])
def test_factor_follows_the_api_formula_for_urals_band_and_brent(api, expected):
    assert barrels_per_tonne(api) == pytest.approx(expected, abs=1e-4)


def test_to_tonnes_handles_every_published_unit():
    q = pd.Series([45_142.0, 45.142, 0.045142, 733_000.0, 733.0, 116_537.0])
    unit = pd.Series(["t", "kt", "Mt", "bbl", "kbbl", "m3"])
    tonnes = to_tonnes(q, unit, 7.33)
    assert tonnes.iloc[:3].tolist() == pytest.approx([45_142] * 3)
    assert tonnes.iloc[3:5].tolist() == pytest.approx([100_000] * 2)
    # 116,537 m³ / 0.158987294928 = 732,999.6 bbl → 99,999.9 t at 7.33 bbl/t
    assert tonnes.iloc[5] == pytest.approx(116_537 / 0.158987294928 / 7.33)


def test_unknown_unit_is_named():
    with pytest.raises(ValueError, match="gallons"):
        to_tonnes(pd.Series([1.0]), pd.Series(["gallons"]), 7.33)


def test_per_day_rate_uses_the_real_length_of_the_period():
    # 2024 is a leap year: 61,854,000 bbl over 366 days is 169,000 bbl/d.
    assert barrels_per_day(61_854_000, 366) == 169_000


@given(st.floats(1e-3, 1e9), st.sampled_from(["t", "kt", "Mt", "bbl", "kbbl", "m3"]),
       st.floats(20, 50))
def test_round_trip_through_any_unit_gives_back_the_tonnes(tonnes, unit, api):
    factor = barrels_per_tonne(api)
    published = from_tonnes(tonnes, unit, factor)
    back = to_tonnes(pd.Series([published]), pd.Series([unit]), factor).iloc[0]
    assert back == pytest.approx(tonnes, rel=1e-9)


@given(st.floats(10, 60), st.floats(0.1, 5))
def test_lighter_crude_has_more_barrels_per_tonne(api, step):
    assert barrels_per_tonne(api + step) > barrels_per_tonne(api)
    assert np.isfinite(barrels_per_tonne(api))
