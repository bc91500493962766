"""Filling an empty (or partly filled) store from a folder of table CSVs."""
from __future__ import annotations

from os import PathLike
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from analysis import identifiers
from analysis.datafiles import read_data_dir
from analysis.schema import LOAD_ORDER, TABLES
from analysis.store import changelog
from analysis.store.connection import now
from analysis.store.tables import CHANGES, DB_TABLES
from analysis.store.values import as_json, canonical
from analysis.text_columns import numbers
from analysis.validate import check_dataset

BATCH = 20_000  # rows per INSERT statement group


def _db_rows(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with number columns as floats, a version of 1 and each key's look-alike form."""
    table = TABLES[name]
    out = frame[table.column_names].copy()
    for c in table.columns:
        if c.kind == "number":
            out[c.name] = numbers(out[c.name])
    out["version"] = 1
    out["match_key"] = identifiers.skeletons(out[table.key])
    return out


def _python_rows(frame: pd.DataFrame) -> list[dict]:
    """Records with None for missing values, numbers as Python floats."""
    objects = frame.astype(object)
    return objects.where(objects.notna(), None).to_dict("records")


def seed_folder(conn: sa.Connection, data_dir: str | PathLike, user: str) -> dict[str, int]:
    """Insert (inside the caller's transaction) the rows of a data directory whose key is not
    stored yet, each logged as "seed"; the number inserted per table. The whole folder is
    validated first (ValidationError, nothing written)."""
    folder = Path(data_dir)
    frames = read_data_dir(folder)
    check_dataset(frames, {name: f"{folder.name}/{name}.csv" for name in frames})
    frames = {name: identifiers.normalise_frame(name, frame) for name, frame in frames.items()}
    changelog.hold_order(conn)
    added, at = {}, now()
    for name in [n for n in LOAD_ORDER if n in frames]:
        table, db = TABLES[name], DB_TABLES[name]
        present = set(conn.execute(sa.select(db.c[table.key])).scalars())
        text = frames[name][~frames[name][table.key].isin(present)] if present else frames[name]
        rows = _db_rows(name, text)
        after = _after_json(name, text)
        for start in range(0, len(rows), BATCH):
            conn.execute(sa.insert(db), _python_rows(rows.iloc[start:start + BATCH]))
            conn.execute(sa.insert(CHANGES), [
                {"at": at, "user": user, "table_name": name, "record_key": key, "action": "seed",
                 "before": None, "after": state, "reason": f"seeded from {folder.name}/{name}.csv"}
                for key, state in zip(text[table.key].iloc[start:start + BATCH], after[start:start + BATCH])])
        added[name] = len(rows)
    return added


def _after_json(name: str, text: pd.DataFrame) -> list[str]:
    """Each row's logged state: its text row as the store gives it back, version 1, as JSON."""
    table = TABLES[name]
    return [as_json({**canonical(table, row), "version": 1})
            for row in _python_rows(text[table.column_names])]
