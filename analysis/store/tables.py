"""The store's database tables, defined once from `analysis.schema`.

Each table of the schema becomes a database table with the same columns (numbers as floats,
everything else as text), its key as primary key, foreign keys where a single-valued column
refers to another table's key, checks for positive numbers and allowed values, a `version`
(1, then +1 per update) and a `match_key`: the key's look-alike form (`identifiers.skeleton`),
unique, so that "CR001" and "cr001" or a Cyrillic "СR001" cannot both be stored. Every column
that refers to another table is indexed, so that "who cites this record?" is one lookup.

`changes` is the change log; `activity` lists the writes in progress, so that a write kept
waiting can say what holds the store; `news_reviews` holds the articles analysts are reviewing on
the News desk, with their decisions so far (work in progress, not data: no page reads it).
"""
from __future__ import annotations

import sqlalchemy as sa

from analysis.schema import LOAD_ORDER, TABLES, Column, Table

ACTIONS = ("insert", "update", "delete", "undo", "seed", "conflict")
# `user` is the name shown; issuer, subject and email the signed-in identity (empty without sign-in).
CHANGE_COLUMNS = ("change_id", "at", "user", "table_name", "record_key", "action", "before", "after", "reason",
                  "issuer", "subject", "email")

METADATA = sa.MetaData()
# Constraint name -> (table, column, rule in plain words), to explain what the database refused.
CONSTRAINT_RULES: dict[str, tuple[str, str, str]] = {}


def key_reference(column: Column) -> str | None:
    """The "table.column" a single-valued column refers to when that column is the table's key."""
    if column.references is None or column.kind == "list":
        return None
    table, target = column.references.split(".")
    return column.references if TABLES[table].key == target else None


def _define(table: Table) -> sa.Table:
    items: list[sa.SchemaItem] = []
    for c in table.columns:
        foreign = []
        if (ref := key_reference(c)) is not None:
            name = f"fk_{table.name}_{c.name}"
            foreign.append(sa.ForeignKey(ref, name=name))
            CONSTRAINT_RULES[name] = (table.name, c.name, f"every {table.name}.{c.name} must exist in {ref}")
        items.append(sa.Column(c.name, sa.Float if c.kind == "number" else sa.Text, *foreign,
                               primary_key=c.name == table.key, nullable=not c.required))
        if c.references and c.kind != "list":
            items.append(sa.Index(f"ix_{table.name}_{c.name}", c.name))
        if c.positive:
            name = f"ck_{table.name}_{c.name}_positive"
            items.append(sa.CheckConstraint(sa.column(c.name) > 0, name=name))
            CONSTRAINT_RULES[name] = (table.name, c.name, "must be greater than zero")
        if c.allowed:
            name = f"ck_{table.name}_{c.name}_allowed"
            items.append(sa.CheckConstraint(sa.column(c.name).in_(c.allowed), name=name))
            CONSTRAINT_RULES[name] = (table.name, c.name, f"must be one of: {', '.join(c.allowed)}")
    items.append(sa.Column("version", sa.Integer, nullable=False))
    items.append(sa.CheckConstraint(sa.column("version") >= 1, name=f"ck_{table.name}_version"))
    items.append(sa.Column("match_key", sa.Text, nullable=False))
    items.append(sa.Index(f"ux_{table.name}_match_key", "match_key", unique=True))
    CONSTRAINT_RULES[f"ux_{table.name}_match_key"] = (
        table.name, table.key, "looks the same as the key of a record already stored")
    return sa.Table(table.name, METADATA, *items)


DB_TABLES: dict[str, sa.Table] = {name: _define(TABLES[name]) for name in LOAD_ORDER}

CHANGES = sa.Table(
    "changes", METADATA,
    sa.Column("change_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.Text, nullable=False),
    sa.Column("user", sa.Text, nullable=False),
    sa.Column("table_name", sa.Text, nullable=False),
    sa.Column("record_key", sa.Text, nullable=False),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("before", sa.Text),
    sa.Column("after", sa.Text),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("issuer", sa.Text),
    sa.Column("subject", sa.Text),
    sa.Column("email", sa.Text),
    sa.CheckConstraint(sa.column("action").in_(ACTIONS), name="ck_changes_action"),
    sa.Index("ix_changes_record", "table_name", "record_key"),
    sqlite_autoincrement=True,
)

ACTIVITY = sa.Table(
    "activity", METADATA,
    sa.Column("activity_id", sa.Text, primary_key=True),
    sa.Column("started_at", sa.Text, nullable=False),
    sa.Column("user", sa.Text, nullable=False),
    sa.Column("what", sa.Text, nullable=False),
)

NEWS_REVIEWS = sa.Table(
    "news_reviews", METADATA,
    sa.Column("review_id", sa.Text, primary_key=True),  # the article's source id
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("publisher", sa.Text, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("published_on", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("decisions", sa.Text, nullable=False),  # JSON: draft key → {"decision": ..., "values": {...}}
    sa.Column("updated_by", sa.Text, nullable=False),
    sa.Column("updated_at", sa.Text, nullable=False),
)


def referring_columns(table: str) -> list[tuple[str, Column]]:
    """(table, column) of every column, in any table, that refers to a column of `table`."""
    return [(name, c) for name in LOAD_ORDER for c in TABLES[name].columns
            if c.references and c.references.split(".")[0] == table]
