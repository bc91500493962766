"""Values between the text rows of `analysis.schema` and the database's columns.

A text row holds strings (or None); the database holds floats in number columns and text
elsewhere. Numbers are written back as text one way only (45000.0 -> "45000"), so that a row read
back compares equal to the row written.
"""
from __future__ import annotations

import json
from collections.abc import Mapping

import pandas as pd

from analysis.schema import Column, Table

Row = dict[str, object]


def format_number(value: float) -> str:
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def to_text(column: Column, value: object) -> str | None:
    if missing(value):
        return None
    return format_number(value) if column.kind == "number" else str(value)


def to_db(table: Table, row: Mapping[str, object]) -> Row:
    """Database values for a text row: floats for number columns, text (or None) otherwise."""
    out: Row = {}
    for c in table.columns:
        value = row.get(c.name)
        out[c.name] = None if missing(value) else float(value) if c.kind == "number" else str(value)
    return out


def canonical(table: Table, row: Mapping[str, object]) -> Row:
    """The text row as the store gives it back (numbers written the one way the store writes them)."""
    return {c.name: to_text(c, v) for c, v in zip(table.columns, to_db(table, row).values())}


def from_db(table: Table, row: Mapping[str, object]) -> Row:
    """The text row (with its int `version`) of a database row."""
    out: Row = {c.name: to_text(c, row[c.name]) for c in table.columns}
    out["version"] = int(row["version"])
    return out


def as_json(row: Row | None) -> str | None:
    return None if row is None else json.dumps(row, ensure_ascii=False)


def _none_if_missing(value: object) -> object:
    return None if value is None or value is pd.NA or (isinstance(value, float) and value != value) else value


def records(frame: pd.DataFrame) -> list[Row]:
    """Rows as dicts with None for <NA>."""
    columns = list(frame.columns)
    values = [frame[c].tolist() for c in columns]
    return [dict(zip(columns, map(_none_if_missing, row))) for row in zip(*values)]


def without(row: Row, *names: str) -> Row:
    return {k: v for k, v in row.items() if k not in names}
