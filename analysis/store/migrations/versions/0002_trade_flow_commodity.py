"""trade_flows.commodity: what a trade figure counts, "TOTAL" (all goods) or an HS code ("2709").

Until now every trade flow was read as total trade, though the rows imported from UN Comtrade
downloads count crude petroleum alone (HS 2709). Those rows get "2709": the ones whose note
starts "UN Comtrade, HS 2709" (as the Comtrade import wrote it) or whose source's title says
"HS 2709" (the import titled its source "UN Comtrade export <file> (HS 2709 crude petroleum)"),
so that a row whose note was edited since is still found. Every other row gets "TOTAL". Then
the column is made required. On SQLite the table is rebuilt (batch mode) with the column after
`direction`, where `analysis.schema` has it; PostgreSQL adds it at the end. Rows keep their
other values and their `version`; the change log is not touched.

Revision ID: 0002
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"

TOTAL, CRUDE = "TOTAL", "2709"
BATCH = 1_000  # flow ids per UPDATE
# The table's columns once rebuilt on SQLite (batch mode places the new column by the full order).
ORDER = ("flow_id", "source_id", "period_start", "period_end", "basis", "direction", "commodity", "value_usd",
         "qualifier", "note", "version")


def is_crude(note: str | None, source_title: str | None) -> bool:
    """Whether a trade flow came from a UN Comtrade HS 2709 download (see the module's docstring)."""
    return (note or "").startswith("UN Comtrade, HS 2709") or "HS 2709" in (source_title or "")


def upgrade() -> None:
    op.add_column("trade_flows", sa.Column("commodity", sa.Text, nullable=True))
    flows = sa.table("trade_flows", sa.column("flow_id"), sa.column("source_id"), sa.column("note"),
                     sa.column("commodity"))
    sources = sa.table("sources", sa.column("source_id"), sa.column("title"))
    conn = op.get_bind()
    rows = conn.execute(sa.select(flows.c.flow_id, flows.c.note, sources.c.title)
                        .select_from(flows.outerjoin(sources, flows.c.source_id == sources.c.source_id)))
    crude = [flow_id for flow_id, note, title in rows if is_crude(note, title)]
    for start in range(0, len(crude), BATCH):
        conn.execute(sa.update(flows).where(flows.c.flow_id.in_(crude[start:start + BATCH])).values(commodity=CRUDE))
    conn.execute(sa.update(flows).where(flows.c.commodity.is_(None)).values(commodity=TOTAL))
    with op.batch_alter_table("trade_flows", partial_reordering=[ORDER]) as batch:
        batch.alter_column("commodity", existing_type=sa.Text, nullable=False)
