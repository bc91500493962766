"""Look-alike keys, indexes on citing columns, and the `activity` table.

Every data table gains `match_key`, the key's look-alike form (`analysis.identifiers.skeleton`:
"CR001", "cr001" and a Cyrillic "СR001" share "cr001"), required and unique (index
`ux_<table>_match_key`), so that look-alike records can no longer be stored side by side. It is
filled here in Python, a batch of keys at a time. A store may already hold look-alikes, stored
before this check existed: of each group the first key (in code-point order) gets the plain
skeleton, every later one the skeleton, "#" and its own key ("cr001#cr001"), so the upgrade
never fails on them and no record is lost; an editor can then merge or rename them. Every
single-valued column that cites another table gets an index `ix_<table>_<column>`, and the
table `activity` lists the writes in progress. Rows keep their values and their `version`; the
change log is not touched.

Revision ID: 0003
Revises: 0002
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from analysis.identifiers import skeleton

revision = "0003"
down_revision = "0002"

BATCH = 5_000  # keys read and updated at a time

KEYS = {
    "sources": "source_id", "sectors": "sector_id", "grades": "grade", "orders": "report_id",
    "cargo_reports": "report_id", "events": "event_id", "initiatives": "initiative_id",
    "initiative_reports": "report_id", "trade_flows": "flow_id", "import_context": "context_id",
    "targets": "target_id",
}
CITING = (
    ("grades", "source_id"), ("orders", "source_id"), ("orders", "grade"), ("cargo_reports", "order_id"),
    ("cargo_reports", "source_id"), ("cargo_reports", "grade"), ("events", "source_id"),
    ("initiatives", "sector_id"), ("initiative_reports", "initiative_id"), ("initiative_reports", "source_id"),
    ("trade_flows", "source_id"), ("import_context", "source_id"), ("targets", "source_id"),
)


def _fill(conn: sa.Connection, name: str, key: str) -> None:
    """Set match_key = skeleton(key) on every row, BATCH keys at a time, in key order."""
    table = sa.table(name, sa.column(key), sa.column("match_key"))
    update = (sa.update(table).where(table.c[key] == sa.bindparam("_key"))
              .values(match_key=sa.bindparam("_match")))
    last = None
    while True:
        query = sa.select(table.c[key]).order_by(table.c[key]).limit(BATCH)
        keys = conn.execute(query if last is None else query.where(table.c[key] > last)).scalars().all()
        if not keys:
            return
        conn.execute(update, [{"_key": k, "_match": skeleton(k)} for k in keys])
        last = keys[-1]


def _separate_lookalikes(conn: sa.Connection, name: str, key: str) -> None:
    """Give the later keys of each look-alike group a match_key of their own (see the docstring)."""
    table = sa.table(name, sa.column(key), sa.column("match_key"))
    shared = conn.execute(sa.select(table.c.match_key).group_by(table.c.match_key)
                          .having(sa.func.count() > 1)).scalars().all()
    for match in shared:
        keys = sorted(conn.execute(sa.select(table.c[key]).where(table.c.match_key == match)).scalars())
        for later in keys[1:]:
            value = f"{match}#{later}"
            while conn.execute(sa.select(sa.func.count()).select_from(table)
                               .where(table.c.match_key == value)).scalar():
                value += "#"
            conn.execute(sa.update(table).where(table.c[key] == later).values(match_key=value))


def upgrade() -> None:
    conn = op.get_bind()
    for name, key in KEYS.items():
        op.add_column(name, sa.Column("match_key", sa.Text, nullable=True))
        _fill(conn, name, key)
        _separate_lookalikes(conn, name, key)
    # SQLite rebuilds every table (batch mode): read them all at once, rather than once per table
    # and per table it cites. PostgreSQL alters them in place.
    stored = sa.MetaData()
    if conn.dialect.name == "sqlite":
        stored.reflect(conn, only=list(KEYS))
    for name in KEYS:
        with op.batch_alter_table(name, copy_from=stored.tables.get(name)) as batch:
            batch.alter_column("match_key", existing_type=sa.Text, nullable=False)
        op.create_index(f"ux_{name}_match_key", name, ["match_key"], unique=True)
    for name, column in CITING:
        op.create_index(f"ix_{name}_{column}", name, [column])
    op.create_table(
        "activity",
        sa.Column("activity_id", sa.Text, primary_key=True),
        sa.Column("started_at", sa.Text, nullable=False),
        sa.Column("user", sa.Text, nullable=False),
        sa.Column("what", sa.Text, nullable=False),
    )
