"""The data desk's logic: what the page's forms, editor, history and imports need, kept out of the
page so it can be tested without Streamlit.

Everything here is plain pandas except `write_batches`, which writes through `analysis.store`
(the only place that touches the database) in one transaction, so a multi-table import is
all-or-nothing.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from analysis import imports
from analysis.comtrade import read_comtrade
from analysis.datafiles import text_frame
from analysis.schema import LOAD_ORDER, TABLES, Column
from analysis.store import Store, WriteSummary
from analysis.validate import Problem, ValidationError

# What an analyst can add, as the Add tab names it, and the table it goes to.
ADD_KINDS = {
    "Cargo report": "cargo_reports",
    "Order": "orders",
    "Event": "events",
    "Initiative status report": "initiative_reports",
    "Trade flow": "trade_flows",
    "Import context": "import_context",
    "Target": "targets",
    "Initiative": "initiatives",
    "Sector": "sectors",
    "Grade": "grades",
}
COMTRADE = "comtrade"  # the import target for UN Comtrade exports
LABELS = {"url": "URL", "transship_port": "Transshipment port", "api_low": "API gravity, low",
          "api_high": "API gravity, high", "value_usd": "Value (US dollars)", "group": "Group"}
# Columns whose value is usually an existing id but may be a new one (another report of the same cargo).
OPEN_IDS = {("cargo_reports", "cargo_id"), ("orders", "order_id")}
DEFAULTS = {"qualifier": "exact", "basis": "calendar", "evidence": "press", "link": "confirmed",
            "commodity": "TOTAL"}
LONG_TEXT = ("note", "description")
KIND_HELP = {
    "partial_date": "As precise as the source is: YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY "
                    "(2023-06-11, 2023-06, 2023-Q2, 2023).",
    "date": "A day, written YYYY-MM-DD (2023-07-01).",
    "number": "The figure as published, in digits with a decimal point if needed (45142 or 7.25); "
              "no thousands separators.",
    "url": "The web address, starting https:// or http://.",
    "list": "One or more ids.",
}
COLUMN_HELP = {
    "qualifier": "exact: the figure as stated; about: approximate; up_to: a maximum; at_least: a minimum.",
    "unit": "The unit the source used: t, kt, Mt (mass), bbl, kbbl, m3 (volume).",
    "status": "As this report describes it.",
    "evidence": "What the figure rests on, as the report attributes it: port_data (port authority or customs "
                "data), official (a statement by a minister, ministry or the buyer), tracking (ship-tracking "
                "data), press (the outlet's own reporting or a rewrite). Reconciliation ranks it first.",
    "link": "How sure it is that the report describes this cargo: confirmed (it names the vessel or otherwise "
            "identifies it), probable (it matches on buyer, month and size), unconfirmed (it may be another "
            "cargo: kept apart and never counted as delivered).",
    "link_note": "Why the link is only probable or unconfirmed; required then.",
    "completes_order": "yes where the report says this cargo completes its order (give the order id too).",
    "kind": "official (government, company), news, dataset (statistics) or estimate.",
    "source_id": "The publication this row reports; add it above first if it is new.",
    "commodity": "What the figure covers: TOTAL for all goods, or an HS code of 2, 4 or 6 digits "
                 "(2709 is crude petroleum).",
    "measure": "What an import total counts: crude (crude oil only) or all_oil (oil imports the source does "
               "not split, which may include refined products).",
}
PATTERNS = {  # client-side hints; the store's validation is what decides
    "partial_date": (r"^\d{4}(-(0[1-9]|1[0-2])(-\d{2})?|-Q[1-4])?$", "Write YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY."),
    "date": (r"^\d{4}-\d{2}-\d{2}$", "Write YYYY-MM-DD."),
    "number": (r"^\d+(\.\d+)?$", "Digits only, with a decimal point if needed (45142 or 7.25)."),
    "url": (r"^https?://\S+$", "Start with https:// or http://."),
}


def field_label(column: Column) -> str:
    """A form field's label: 'Arrival date (optional)'."""
    name = LABELS.get(column.name, column.name.replace("_", " ").capitalize())
    return name + ("" if column.required else " (optional)")


def field_help(column: Column) -> str:
    """The help text of a form field: what it means and how to write it."""
    parts = [COLUMN_HELP.get(column.name, ""), KIND_HELP.get(column.kind, "")]
    if column.allowed and column.name not in COLUMN_HELP:
        parts.append("One of: " + ", ".join(column.allowed) + ".")
    parts.append("Required." if column.required else "Optional.")
    return " ".join(p for p in parts if p)


def next_id(ids: Iterable[object]) -> str | None:
    """The id after the highest of the commonest "prefix + number" pattern: CR014 → CR015,
    TF09 → TF10, S097 → S098, keeping the zero padding; None when no id has that shape."""
    shapes: dict[str, list[tuple[int, int]]] = {}
    for value in ids:
        match = re.fullmatch(r"(.*?)(\d+)", str(value)) if isinstance(value, str) else None
        if match:
            shapes.setdefault(match[1], []).append((int(match[2]), len(match[2])))
    if not shapes:
        return None
    prefix = max(shapes, key=lambda p: (len(shapes[p]), p))
    top = max(n for n, _ in shapes[prefix])
    width = max(w for _, w in shapes[prefix])
    return f"{prefix}{top + 1:0{width}d}"


def form_row(table: str, values: Mapping[str, object]) -> pd.DataFrame:
    """One text row for `table` from form values: text stripped, lists joined with ';', empty as <NA>."""
    row = {}
    for column in TABLES[table].column_names:
        value = values.get(column)
        if isinstance(value, (list, tuple)):
            value = ";".join(str(v).strip() for v in value if str(v).strip())
        row[column] = None if value is None else str(value).replace("\r\n", "\n").strip()
    return text_frame(pd.DataFrame([row], columns=TABLES[table].column_names, dtype="string"))


def problems_frame(problems: Iterable[Problem]) -> pd.DataFrame:
    """Problems as a table for people: row (as in the file), column, value, rule."""
    records = [{"file": p.file, "row": p.row, "column": p.column,
                "value": None if p.value is None else str(p.value)[:200], "rule": p.rule} for p in problems]
    frame = pd.DataFrame(records, columns=["file", "row", "column", "value", "rule"])
    return frame.astype({"row": "Int64", "file": "string", "column": "string", "value": "string", "rule": "string"})


# The Correct tab ----------------------------------------------------------------------------------

def _plain(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def editor_changes(read: pd.DataFrame, edited: pd.DataFrame, table: str
                   ) -> tuple[list[tuple[str, dict[str, str | None], int]], list[tuple[str, int]]]:
    """What a grid edit asks for, row by row, against the rows as read (with `version`).

    Returns (updates, deletions): updates are (key, {column: new text or None}, version read)
    for rows with at least one changed cell; deletions are (key, version read) for rows no
    longer in `edited`. Rows are matched by index, as `st.data_editor` keeps it.
    """
    spec = TABLES[table]
    updates, deletions = [], []
    for index, row in read.iterrows():
        key, version = str(row[spec.key]), int(row["version"])
        if index not in edited.index:
            deletions.append((key, version))
            continue
        new = edited.loc[index]
        values = {c: _plain(new[c]) for c in spec.column_names
                  if c != spec.key and c in edited and _plain(new[c]) != _plain(row[c])}
        if values:
            updates.append((key, values, version))
    return updates, deletions


def conflict_frame(table: str, read: Mapping[str, object] | None, attempted: Mapping[str, object],
                   current: Mapping[str, object] | None) -> pd.DataFrame:
    """Side by side, column by column: the record as you read it, your change, and the record as
    stored now (empty when it was deleted); `differs` marks where yours and the stored one part."""
    records = []
    for column in [*TABLES[table].column_names, "version"]:
        yours = attempted.get(column, (read or {}).get(column)) if column != "version" else None
        now = None if current is None else current.get(column)
        records.append({"column": column, "you read": _plain((read or {}).get(column)),
                        "your change": _plain(yours), "stored now": _plain(now),
                        "differs": column != "version" and _plain(yours) != _plain(now)})
    return pd.DataFrame(records).astype({c: "string" for c in ("column", "you read", "your change", "stored now")})


# The History tab ----------------------------------------------------------------------------------

def when(at: str) -> str:
    """A logged ISO timestamp (UTC) for people: '2025-11-28 10:02:03 UTC'."""
    stamp = pd.Timestamp(at)
    return stamp.tz_convert("UTC").strftime("%Y-%m-%d %H:%M:%S UTC") if stamp.tzinfo else stamp.strftime(
        "%Y-%m-%d %H:%M:%S")


def _state(text: object) -> dict:
    return {} if text is None or (not isinstance(text, str) and pd.isna(text)) else json.loads(text)


def change_diff(before: str | None, after: str | None) -> pd.DataFrame:
    """Before and after of one logged change (JSON text, None for absent) as rows: column,
    before, after, changed. Values are shown as text, never interpreted."""
    old, new = _state(before), _state(after)
    columns = list(dict.fromkeys([*old, *new]))
    frame = pd.DataFrame({
        "column": columns,
        "before": [None if old.get(c) is None else str(old.get(c)) for c in columns],
        "after": [None if new.get(c) is None else str(new.get(c)) for c in columns],
    }, dtype="string")
    frame["changed"] = [old.get(c) != new.get(c) for c in columns]
    return frame


def account(change: Mapping[str, object]) -> str | None:
    """The signed-in account a logged change was made with, "<subject> at <issuer>"; None for a
    name typed without sign-in."""
    issuer, subject = change.get("issuer"), change.get("subject")
    if not isinstance(issuer, str) or not isinstance(subject, str):
        return None
    return f"{subject} at {issuer}"


def history_frame(changes: pd.DataFrame) -> pd.DataFrame:
    """The change log for people: change id, when, who, how they were known (`account`), action,
    table, record, reason and the columns each change touched ("whole record" when one was added or removed; a refused
    "conflict" lists what the refused edit tried)."""
    touched = [", ".join(change_diff(b, a).query("changed and column != 'version'")["column"])
               if isinstance(b, str) and isinstance(a, str) else "whole record"
               for b, a in zip(changes["before"], changes["after"])]
    return pd.DataFrame({
        "change": changes["change_id"].astype("int64"),
        "when": [when(a) for a in changes["at"]],
        "who": changes["user"],
        "signed in as": pd.array([account(c) or ("seeded from the data files" if c["action"] == "seed"
                                                 else "name typed, not signed in")
                                  for c in changes[["issuer", "subject", "action"]].to_dict("records")],
                                 dtype="string"),
        "action": changes["action"], "table": changes["table_name"],
        "record": changes["record_key"], "reason": changes["reason"],
        "columns": pd.array(touched, dtype="string"),
    }).reset_index(drop=True)


# Records above which a form asks for an id instead of listing every one in a picker (a picker
# sends all its options to the browser).
PICKER_MAX = 5_000
# Records above which the Correct tab's grid holds only the first this many that match a search.
GRID_MAX = 1_000


def choices(store: Store, table: str, column: str) -> list[str] | None:
    """The ids a form field for `column` of `table` may offer, sorted: those its reference may
    cite, or, for an id shared by several reports (`OPEN_IDS`), those already given. None when
    they come from a table of more than PICKER_MAX records."""
    spec = TABLES[table].column(column)
    source, values = spec.references.split(".") if spec.references else (table, column)
    if store.record_count(source) > PICKER_MAX:
        return None
    return store.values(source, values)


def suggested_id(store: Store, table: str, column: str | None = None) -> str | None:
    """A new id for `column` (the key when None) of `table`: `next_id` of the highest stored ones."""
    return next_id(store.values(table, column, limit=PICKER_MAX, last=True))


def record_keys(kept: list[str], deleted: list[str]) -> list[str]:
    """Every key with a history: stored records, then deleted ones still in the log."""
    return kept + sorted(set(deleted) - set(kept))


# Writing several tables -----------------------------------------------------------------------------

def write_batches(store: Store, batches: Mapping[str, pd.DataFrame], user: str, reason: str,
                  file_label: str) -> dict[str, WriteSummary]:
    """Write each table's rows (as `analysis.imports.rows_to_write` gives them) in one store
    transaction: if any table is refused (ValidationError or ConflictError), nothing the import
    holds is written. Returns a WriteSummary per table written."""
    tables = [name for name in LOAD_ORDER if name in batches and len(batches[name])]
    if not tables:
        return {}
    return store.write_many({table: batches[table] for table in tables}, user, reason,
                            {table: f"{file_label} → {table}" for table in tables})


# Importing a file ------------------------------------------------------------------------------------

# Tables no column refers to: an upload into one is compared with the records it names only,
# not the whole table (the largest, cargo reports, is one of them).
UNCITED = frozenset(LOAD_ORDER) - {c.references.split(".")[0] for t in TABLES.values() for c in t.columns
                                   if c.references}


@dataclass(frozen=True)
class Prepared:
    """An upload read and checked, not written: rows per table, every problem, rows ignored, and
    what was stored when it was checked (`stored_for`)."""

    batches: dict[str, pd.DataFrame]
    problems: list[Problem]
    stored: dict[str, pd.DataFrame]
    ignored: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["row", "reason"]))
    note: str | None = None

    @property
    def comparable(self) -> bool:
        """False when the header is not the table's, so rows cannot be compared with the store."""
        return not imports.header_problems(self.problems)


def stored_for(store: Store, batches: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """What an upload is checked against: every table as `Store.read_all` gives it, except that
    of a table in `UNCITED` only the records the upload names are read."""
    named = {table: rows[TABLES[table].key].dropna() for table, rows in batches.items()
             if table in UNCITED and TABLES[table].key in rows}
    stored = store.read_tables([name for name in LOAD_ORDER if name not in named])
    stored.update({table: store.read_records(table, keys) for table, keys in named.items()})
    return stored


def prepare_import(store: Store, target: str, name: str, data: bytes, today: dt.date) -> Prepared:
    """Read an upload for `target` (a table, or COMTRADE) and check it against what `store` holds.

    Raises ValidationError when the file cannot be read at all; otherwise every problem the rows
    have is in `problems` (nothing may be written unless it is empty).
    """
    if target == COMTRADE:
        found = read_comtrade(name, data, today, set(store.values("sources")))
        stored = stored_for(store, found.tables)
        return Prepared(found.tables, imports.check_batches(stored, found.tables, name), stored, found.ignored)
    incoming = imports.read_upload(name, data, target)
    if {"reporterCode", "cmdCode", "primaryValue"} <= set(incoming.columns):
        raise ValidationError([Problem(name, None, None, None,
                                       f"is a UN Comtrade download, not a {target} table: import it as "
                                       "'UN Comtrade goods download' instead")])
    stored = stored_for(store, {target: incoming})
    return Prepared({target: incoming}, imports.check_upload(stored, target, incoming, name), stored,
                    note=incoming.attrs.get("note"))


def commit_import(store: Store, prepared: Prepared, user: str, reason: str, name: str) -> dict[str, WriteSummary]:
    """Write a prepared upload: only its new and changed rows, each at the version it was
    compared with, all tables or none (see `write_batches`). Refuses one with problems."""
    if prepared.problems:
        raise ValidationError(prepared.problems)
    writes = {table: imports.rows_to_write(prepared.stored[table], rows, table)
              for table, rows in prepared.batches.items()}
    return write_batches(store, writes, user, reason, name)
