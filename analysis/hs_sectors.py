"""Which cooperation sector a traded good belongs to, by its Harmonized System code.

`data/hs_sectors.csv` maps every HS chapter (2 digits) that a sector claims, and the headings
(4 digits) where a chapter splits between sectors (2709 crude and 2711 LPG inside chapter 27,
computers inside chapter 84, medical instruments inside chapter 90), to a sector of
`data/sectors.csv`, citing the HS nomenclature. A code takes the sector of its heading where the
table has one, else of its chapter; a code no sector claims is "other goods", never dropped.
TOTAL (all goods) is no sector's.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pandas as pd

from analysis.datafiles import DATA_DIR

MAP_FILE = DATA_DIR / "hs_sectors.csv"
OTHER = "other_goods"  # what a code no sector claims is counted as
ALL_GOODS = "TOTAL"


@cache
def hs_map(path: Path = MAP_FILE) -> pd.DataFrame:
    """The table: code (2 or 4 digits), sector_id, description, source; ValueError naming the row
    when a code is malformed or repeated."""
    table = pd.read_csv(path, dtype="string", keep_default_na=False)
    for row, code in enumerate(table["code"], start=2):
        if not re.fullmatch(r"\d{2}|\d{4}", code):
            raise ValueError(f"{path.name}, row {row}: code {code!r} must be an HS chapter (2 digits) or heading (4)")
    repeated = table["code"][table["code"].duplicated()]
    if len(repeated):
        raise ValueError(f"{path.name}: code {repeated.iloc[0]} is mapped twice")
    return table


def sectors_of(codes: pd.Series, table: pd.DataFrame | None = None) -> pd.Series:
    """The sector id of each HS code (2, 4 or 6 digits): its heading's where mapped, else its
    chapter's, else OTHER; <NA> for TOTAL."""
    table = hs_map() if table is None else table
    by_code = dict(zip(table["code"], table["sector_id"]))
    codes = codes.astype("string")
    heading = codes.str[:4].map(by_code)
    chapter = codes.str[:2].map(by_code)
    found = heading.where(codes.str.len() >= 4).fillna(chapter).fillna(OTHER)
    return found.where(codes != ALL_GOODS).astype("string")
