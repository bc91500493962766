"""HS codes to cooperation sectors (analysis/hs_sectors.py, data/hs_sectors.csv)."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.datafiles import DATA_DIR
from analysis.hs_sectors import OTHER, hs_map, sectors_of


def test_a_heading_wins_over_its_chapter_and_unclaimed_codes_are_other_goods():
    codes = pd.Series(["27", "2709", "270900", "2711", "84", "8471", "847130", "90", "9018", "30", "86", "93",
                       "97", "TOTAL"])
    assert sectors_of(codes).tolist() == [
        "energy", "energy", "energy", "energy", "industry", "it", "it", "industry", "health", "pharmaceuticals",
        "railways", OTHER, OTHER, pd.NA]


def test_every_sector_in_the_map_is_a_sector_of_the_dataset_and_every_row_cites_the_nomenclature():
    table = hs_map()
    assert set(table["sector_id"]) <= set(pd.read_csv(DATA_DIR / "sectors.csv")["sector_id"])
    assert (table["source"] == "HS Nomenclature 2022 edition, World Customs Organization").all()
    chapters = table[table["code"].str.len() == 2]
    assert len(chapters) == 94 and {"93", "97", "98", "99", "77"}.isdisjoint(chapters["code"])  # arms, art: other


def test_a_malformed_or_repeated_code_is_refused_by_row(tmp_path):
    bad = tmp_path / "hs.csv"
    bad.write_text("code,sector_id,description,source\n27,energy,Fuels,HS\n2709x,energy,Crude,HS\n")
    with pytest.raises(ValueError, match=r"hs.csv, row 3: code '2709x'"):
        hs_map.__wrapped__(bad)
    bad.write_text("code,sector_id,description,source\n27,energy,Fuels,HS\n27,industry,Fuels,HS\n")
    with pytest.raises(ValueError, match="code 27 is mapped twice"):
        hs_map.__wrapped__(bad)
