"""The shape of every table: columns, kinds, allowed values and keys.

One description serves three readers: validation (`analysis.validate`), the store's DDL
(`analysis.store`) and the data dictionary test that keeps `data/README.md` honest.
"""
from __future__ import annotations

from dataclasses import dataclass, field

SOURCE_KINDS = ("official", "news", "dataset", "estimate")
MASS_UNITS = ("t", "kt", "Mt")
VOLUME_UNITS = ("bbl", "kbbl", "m3")
QUANTITY_UNITS = MASS_UNITS + VOLUME_UNITS
RATE_UNITS = ("bbl/d", "t/yr", "Mt/yr")
CONTEXT_UNITS = QUANTITY_UNITS + ("bbl/d", "USD")
# What an import total counts: crude oil alone, or oil of every kind (crude and refined products).
CONTEXT_MEASURES = ("crude", "all_oil")
TARGET_UNITS = ("percent", "bbl/d", "t/yr", "Mt/yr", "t")
QUALIFIERS = ("exact", "about", "up_to", "at_least")
CHANNELS = ("government", "commercial")
CARGO_STATUSES = ("loaded", "in_transit", "arrived", "discharged")
# What an account's figure rests on, strongest first (the first step of the reconciliation rule).
EVIDENCE_KINDS = ("port_data", "official", "tracking", "press")
# How sure it is that a cargo report describes the cargo it names.
LINKS = ("confirmed", "probable", "unconfirmed")
INITIATIVE_STATUSES = ("stated", "in_talks", "agreed", "under_way", "delivered", "stalled")
TARGET_KINDS = ("target", "plan", "under_consideration")
BASES = ("calendar", "fiscal")
DIRECTIONS = ("RU_to_PK", "PK_to_RU", "total")
# What a trade figure counts, as UN Comtrade codes it: TOTAL (all goods) or a Harmonized System code
# of 2 digits (a chapter, 27), 4 (a heading, 2709 crude petroleum) or 6 (a subheading, 270900).
COMMODITY_PATTERN = (r"TOTAL|[0-9]{2}|[0-9]{4}|[0-9]{6}",
                     "must be TOTAL (all goods) or an HS code of 2, 4 or 6 digits, such as 27, 2709 or 270900")
EVENT_KINDS = (
    "statement", "meeting", "agreement", "order", "shipment", "payment",
    "policy", "suspension", "plan",
)
# Upper bounds, far above any real figure, so that a slip of the keyboard (1e308 t) is refused.
# No cargo, order, year's imports or target reaches a billion of any unit (the largest tankers
# carry about 0.3 Mt, Pakistan imports about 10 Mt of crude a year).
QUANTITY_MAXIMUM = 1e9
# Ten trillion dollars: above the whole world's yearly trade, let alone Pakistan and Russia's.
USD_MAXIMUM = 1e13
# API gravity: water is 10, the lightest condensates about 80.
API_MAXIMUM = 100.0
# Bounds by the unit a row gives, where a column holds figures in several units.
UNIT_MAXIMA = {"percent": 100.0, **dict.fromkeys(QUANTITY_UNITS + RATE_UNITS, QUANTITY_MAXIMUM)}


@dataclass(frozen=True)
class Column:
    """One column. `kind` is text, number, partial_date (YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD),
    date (YYYY-MM-DD), list (semicolon-separated ids) or url."""

    name: str
    kind: str = "text"
    required: bool = True
    allowed: tuple[str, ...] | None = None
    positive: bool = False
    references: str | None = None  # "table.column" this value must exist in
    max_length: int = 2000
    required_when: tuple[str, tuple[str, ...]] | None = None  # (column, values): required where it holds one
    maximum: float | None = None  # the largest number allowed (kind number)
    pattern: tuple[str, str] | None = None  # (regular expression the whole value must match, the rule in words)


@dataclass(frozen=True)
class Table:
    name: str
    key: str
    columns: tuple[Column, ...]
    unique_together: tuple[str, ...] = field(default=())

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _source() -> Column:
    return Column("source_id", references="sources.source_id")


def _note() -> Column:
    return Column("note", required=False)


def _speaker() -> tuple[Column, Column]:
    """Who made a statement and in what office, where the source names them."""
    return Column("speaker", required=False), Column("speaker_role", required=False)


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table("sources", "source_id", (
            Column("source_id"),
            Column("publisher"),
            Column("title"),
            Column("url", "url"),
            Column("published_on", "partial_date"),
            Column("kind", allowed=SOURCE_KINDS),
            Column("language", required=False),
        )),
        Table("sectors", "sector_id", (
            Column("sector_id"),
            Column("name"),
            Column("group"),
        )),
        Table("grades", "grade", (
            Column("grade"),
            Column("api_low", "number", positive=True, maximum=API_MAXIMUM),
            Column("api_high", "number", positive=True, maximum=API_MAXIMUM),
            _source(),
        )),
        Table("orders", "report_id", (
            Column("report_id"),
            Column("order_id"),
            _source(),
            Column("placed_on", "partial_date"),
            Column("buyer"),
            Column("seller"),
            Column("grade", required=False, references="grades.grade"),
            Column("quantity", "number", required=False, positive=True, maximum=QUANTITY_MAXIMUM),
            Column("unit", required=False, allowed=QUANTITY_UNITS),
            Column("qualifier", allowed=QUALIFIERS),
            Column("channel", allowed=CHANNELS),
            Column("evidence", allowed=EVIDENCE_KINDS),
            _note(),
        )),
        Table("cargo_reports", "report_id", (
            Column("report_id"),
            Column("cargo_id"),
            Column("order_id", required=False, references="orders.order_id",
                   required_when=("completes_order", ("yes",))),
            _source(),
            Column("vessel", required=False),
            Column("grade", required=False, references="grades.grade"),
            Column("load_port", required=False),
            Column("load_date", "partial_date", required=False),
            Column("transship_port", required=False),
            Column("discharge_port", required=False),
            Column("arrival_date", "partial_date", required=False),
            Column("quantity", "number", required=False, positive=True, maximum=QUANTITY_MAXIMUM),
            Column("unit", required=False, allowed=QUANTITY_UNITS),
            Column("qualifier", allowed=QUALIFIERS),
            Column("buyer", required=False),
            Column("status", allowed=CARGO_STATUSES),
            Column("evidence", allowed=EVIDENCE_KINDS),
            Column("link", allowed=LINKS),
            Column("link_note", required=False, required_when=("link", LINKS[1:])),
            Column("completes_order", required=False, allowed=("yes",)),
            _note(),
        )),
        Table("events", "event_id", (
            Column("event_id"),
            _source(),
            Column("occurred_on", "partial_date"),
            Column("kind", allowed=EVENT_KINDS),
            Column("title"),
            Column("sectors", "list", references="sectors.sector_id"),
            *_speaker(),
            _note(),
        )),
        Table("initiatives", "initiative_id", (
            Column("initiative_id"),
            Column("sector_id", references="sectors.sector_id"),
            Column("title"),
            Column("description", required=False),
        )),
        Table("initiative_reports", "report_id", (
            Column("report_id"),
            Column("initiative_id", references="initiatives.initiative_id"),
            _source(),
            Column("reported_on", "partial_date"),
            Column("status", allowed=INITIATIVE_STATUSES),
            *_speaker(),
            _note(),
        )),
        Table("trade_flows", "flow_id", (
            Column("flow_id"),
            _source(),
            Column("period_start", "date"),
            Column("period_end", "date"),
            Column("basis", allowed=BASES),
            Column("direction", allowed=DIRECTIONS),
            Column("commodity", pattern=COMMODITY_PATTERN),
            Column("value_usd", "number", positive=True, maximum=USD_MAXIMUM),
            Column("qualifier", allowed=QUALIFIERS),
            _note(),
        )),
        Table("import_context", "context_id", (
            Column("context_id"),
            _source(),
            Column("period_start", "date"),
            Column("period_end", "date"),
            Column("basis", allowed=BASES),
            Column("measure", allowed=CONTEXT_MEASURES),
            Column("quantity", "number", positive=True, maximum=USD_MAXIMUM),  # USD or, by UNIT_MAXIMA, less
            Column("unit", allowed=CONTEXT_UNITS),
            Column("qualifier", allowed=QUALIFIERS),
            Column("russian_crude_note", required=False),
            _note(),
        )),
        Table("targets", "target_id", (
            Column("target_id"),
            _source(),
            Column("stated_on", "partial_date"),
            Column("metric", allowed=("share_of_crude_imports", "import_rate", "annual_volume")),
            Column("kind", allowed=TARGET_KINDS),
            Column("value_low", "number", required=False, positive=True, maximum=QUANTITY_MAXIMUM),
            Column("value", "number", positive=True, maximum=QUANTITY_MAXIMUM),
            Column("unit", allowed=TARGET_UNITS),
            Column("qualifier", allowed=QUALIFIERS),
            *_speaker(),
            _note(),
        )),
    )
}

# Seed and validation order: a table comes after every table it references.
LOAD_ORDER = (
    "sources", "sectors", "grades", "orders", "cargo_reports", "events",
    "initiatives", "initiative_reports", "trade_flows", "import_context", "targets",
)
