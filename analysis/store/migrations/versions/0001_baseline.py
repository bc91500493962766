"""Baseline: the store exactly as the last release before migrations created it.

Eleven data tables (key as primary key, numbers as floats, everything else as text, named foreign
keys to other tables' keys, named checks for positive numbers and allowed values, a `version` of
at least 1) and the change log `changes` with its index on (table_name, record_key). Written out
in full, so that later changes to `analysis.schema` never change what this revision creates.

Revision ID: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None

SOURCE_KINDS = ("official", "news", "dataset", "estimate")
QUANTITY_UNITS = ("t", "kt", "Mt", "bbl", "kbbl", "m3")
CONTEXT_UNITS = QUANTITY_UNITS + ("bbl/d", "USD")
CONTEXT_MEASURES = ("crude", "all_oil")
TARGET_UNITS = ("percent", "bbl/d", "t/yr", "Mt/yr", "t")
QUALIFIERS = ("exact", "about", "up_to", "at_least")
CHANNELS = ("government", "commercial")
CARGO_STATUSES = ("loaded", "in_transit", "arrived", "discharged")
EVIDENCE_KINDS = ("port_data", "official", "tracking", "press")
LINKS = ("confirmed", "probable", "unconfirmed")
INITIATIVE_STATUSES = ("stated", "in_talks", "agreed", "under_way", "delivered", "stalled")
TARGET_KINDS = ("target", "plan", "under_consideration")
BASES = ("calendar", "fiscal")
DIRECTIONS = ("RU_to_PK", "PK_to_RU", "total")
EVENT_KINDS = ("statement", "meeting", "agreement", "order", "shipment", "payment", "policy", "suspension", "plan")
ACTIONS = ("insert", "update", "delete", "undo", "seed", "conflict")


def _key(name: str) -> sa.Column:
    return sa.Column(name, sa.Text, primary_key=True)


def _text(name: str, required: bool = True) -> sa.Column:
    return sa.Column(name, sa.Text, nullable=not required)


def _number(name: str, required: bool = True) -> sa.Column:
    return sa.Column(name, sa.Float, nullable=not required)


def _cites(table: str, name: str, target: str, required: bool = True) -> sa.Column:
    """A text column with a foreign key to `target` ("table.column", that table's key)."""
    return sa.Column(name, sa.Text, sa.ForeignKey(target, name=f"fk_{table}_{name}"), nullable=not required)


def _positive(table: str, name: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(sa.column(name) > 0, name=f"ck_{table}_{name}_positive")


def _allowed(table: str, name: str, values: tuple[str, ...]) -> sa.CheckConstraint:
    return sa.CheckConstraint(sa.column(name).in_(values), name=f"ck_{table}_{name}_allowed")


def _version(table: str) -> tuple[sa.Column, sa.CheckConstraint]:
    return (sa.Column("version", sa.Integer, nullable=False),
            sa.CheckConstraint(sa.column("version") >= 1, name=f"ck_{table}_version"))


def upgrade() -> None:
    op.create_table(
        "sources",
        _key("source_id"),
        _text("publisher"),
        _text("title"),
        _text("url"),
        _text("published_on"),
        _text("kind"),
        _allowed("sources", "kind", SOURCE_KINDS),
        _text("language", required=False),
        *_version("sources"),
    )
    op.create_table(
        "sectors",
        _key("sector_id"),
        _text("name"),
        _text("group"),
        *_version("sectors"),
    )
    op.create_table(
        "grades",
        _key("grade"),
        _number("api_low"),
        _positive("grades", "api_low"),
        _number("api_high"),
        _positive("grades", "api_high"),
        _cites("grades", "source_id", "sources.source_id"),
        *_version("grades"),
    )
    op.create_table(
        "orders",
        _key("report_id"),
        _text("order_id"),
        _cites("orders", "source_id", "sources.source_id"),
        _text("placed_on"),
        _text("buyer"),
        _text("seller"),
        _cites("orders", "grade", "grades.grade", required=False),
        _number("quantity", required=False),
        _positive("orders", "quantity"),
        _text("unit", required=False),
        _allowed("orders", "unit", QUANTITY_UNITS),
        _text("qualifier"),
        _allowed("orders", "qualifier", QUALIFIERS),
        _text("channel"),
        _allowed("orders", "channel", CHANNELS),
        _text("evidence"),
        _allowed("orders", "evidence", EVIDENCE_KINDS),
        _text("note", required=False),
        *_version("orders"),
    )
    op.create_table(
        "cargo_reports",
        _key("report_id"),
        _text("cargo_id"),
        _text("order_id", required=False),
        _cites("cargo_reports", "source_id", "sources.source_id"),
        _text("vessel", required=False),
        _cites("cargo_reports", "grade", "grades.grade", required=False),
        _text("load_port", required=False),
        _text("load_date", required=False),
        _text("transship_port", required=False),
        _text("discharge_port", required=False),
        _text("arrival_date", required=False),
        _number("quantity", required=False),
        _positive("cargo_reports", "quantity"),
        _text("unit", required=False),
        _allowed("cargo_reports", "unit", QUANTITY_UNITS),
        _text("qualifier"),
        _allowed("cargo_reports", "qualifier", QUALIFIERS),
        _text("buyer", required=False),
        _text("status"),
        _allowed("cargo_reports", "status", CARGO_STATUSES),
        _text("evidence"),
        _allowed("cargo_reports", "evidence", EVIDENCE_KINDS),
        _text("link"),
        _allowed("cargo_reports", "link", LINKS),
        _text("link_note", required=False),
        _text("completes_order", required=False),
        _allowed("cargo_reports", "completes_order", ("yes",)),
        _text("note", required=False),
        *_version("cargo_reports"),
    )
    op.create_table(
        "events",
        _key("event_id"),
        _cites("events", "source_id", "sources.source_id"),
        _text("occurred_on"),
        _text("kind"),
        _allowed("events", "kind", EVENT_KINDS),
        _text("title"),
        _text("sectors"),
        _text("speaker", required=False),
        _text("speaker_role", required=False),
        _text("note", required=False),
        *_version("events"),
    )
    op.create_table(
        "initiatives",
        _key("initiative_id"),
        _cites("initiatives", "sector_id", "sectors.sector_id"),
        _text("title"),
        _text("description", required=False),
        *_version("initiatives"),
    )
    op.create_table(
        "initiative_reports",
        _key("report_id"),
        _cites("initiative_reports", "initiative_id", "initiatives.initiative_id"),
        _cites("initiative_reports", "source_id", "sources.source_id"),
        _text("reported_on"),
        _text("status"),
        _allowed("initiative_reports", "status", INITIATIVE_STATUSES),
        _text("speaker", required=False),
        _text("speaker_role", required=False),
        _text("note", required=False),
        *_version("initiative_reports"),
    )
    op.create_table(
        "trade_flows",
        _key("flow_id"),
        _cites("trade_flows", "source_id", "sources.source_id"),
        _text("period_start"),
        _text("period_end"),
        _text("basis"),
        _allowed("trade_flows", "basis", BASES),
        _text("direction"),
        _allowed("trade_flows", "direction", DIRECTIONS),
        _number("value_usd"),
        _positive("trade_flows", "value_usd"),
        _text("qualifier"),
        _allowed("trade_flows", "qualifier", QUALIFIERS),
        _text("note", required=False),
        *_version("trade_flows"),
    )
    op.create_table(
        "import_context",
        _key("context_id"),
        _cites("import_context", "source_id", "sources.source_id"),
        _text("period_start"),
        _text("period_end"),
        _text("basis"),
        _allowed("import_context", "basis", BASES),
        _text("measure"),
        _allowed("import_context", "measure", CONTEXT_MEASURES),
        _number("quantity"),
        _positive("import_context", "quantity"),
        _text("unit"),
        _allowed("import_context", "unit", CONTEXT_UNITS),
        _text("qualifier"),
        _allowed("import_context", "qualifier", QUALIFIERS),
        _text("russian_crude_note", required=False),
        _text("note", required=False),
        *_version("import_context"),
    )
    op.create_table(
        "targets",
        _key("target_id"),
        _cites("targets", "source_id", "sources.source_id"),
        _text("stated_on"),
        _text("metric"),
        _allowed("targets", "metric", ("share_of_crude_imports", "import_rate", "annual_volume")),
        _text("kind"),
        _allowed("targets", "kind", TARGET_KINDS),
        _number("value_low", required=False),
        _positive("targets", "value_low"),
        _number("value"),
        _positive("targets", "value"),
        _text("unit"),
        _allowed("targets", "unit", TARGET_UNITS),
        _text("qualifier"),
        _allowed("targets", "qualifier", QUALIFIERS),
        _text("speaker", required=False),
        _text("speaker_role", required=False),
        _text("note", required=False),
        *_version("targets"),
    )
    op.create_table(
        "changes",
        sa.Column("change_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("user", sa.Text, nullable=False),
        sa.Column("table_name", sa.Text, nullable=False),
        sa.Column("record_key", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("before", sa.Text),
        sa.Column("after", sa.Text),
        sa.Column("reason", sa.Text, nullable=False),
        sa.CheckConstraint(sa.column("action").in_(ACTIONS), name="ck_changes_action"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_changes_record", "changes", ["table_name", "record_key"])
