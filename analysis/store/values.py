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


def from_db_rows(table: Table, rows: list[tuple]) -> list[Row]:
    """The text rows (with their int `version`) of database rows holding the table's columns and
    then `version`, converted column by column."""
    names = [*table.column_names, "version"]
    columns = list(zip(*rows)) or [()] * len(names)
    out = [[to_text(c, v) for v in values] if c.kind == "number" else [None if v is None else str(v) for v in values]
           for c, values in zip(table.columns, columns)]
    out.append([int(v) for v in columns[-1]])
    return [dict(zip(names, row)) for row in zip(*out)]


def converted(table: Table, frame: pd.DataFrame) -> tuple[list[Row], list[Row]]:
    """(each row of a text frame as `canonical` gives it, each as `to_db` gives it), converted
    column by column."""
    text, stored = [], []
    for c in table.columns:
        column = frame[c.name].astype(object)
        values = column.where(column.notna(), None).tolist()
        if c.kind == "number":
            floats = [None if v is None else float(v) for v in values]
            stored.append(floats)
            text.append([to_text(c, f) for f in floats])
        else:
            values = [None if v is None else str(v) for v in values]
            stored.append(values)
            text.append(values)
    names = table.column_names
    return [dict(zip(names, row)) for row in zip(*text)], [dict(zip(names, row)) for row in zip(*stored)]


def as_json(row: Row | None) -> str | None:
    return None if row is None else json.dumps(row, ensure_ascii=False)


def without(row: Row, *names: str) -> Row:
    return {k: v for k, v in row.items() if k not in names}
