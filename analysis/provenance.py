"""Provenance: what each source supports, counted in rows of every table that cites it."""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis.schema import LOAD_ORDER, TABLES

# Every table whose rows cite a source, in load order, with a name for people.
CITING_TABLES = {
    name: name.replace("_", " ").capitalize()
    for name in LOAD_ORDER
    if name != "sources" and "source_id" in TABLES[name].column_names
}
SOURCE_FIELDS = ["source_id", "publisher", "title", "published_on", "kind", "language", "url"]


def source_support(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every source with the number of rows citing it in each citing table (one int column per
    table in CITING_TABLES, named after the table) and `rows`, their total. Oldest first."""
    out = tables["sources"][SOURCE_FIELDS].copy()
    for name in CITING_TABLES:
        counts = tables[name]["source_id"].value_counts()
        out[name] = out["source_id"].map(counts).fillna(0).astype(int)
    out["rows"] = out[list(CITING_TABLES)].sum(axis=1).astype(int)
    return out.sort_values(["published_on", "source_id"], ignore_index=True)


def filter_sources(support: pd.DataFrame, kinds: Iterable[str] = (), query: str | None = None) -> pd.DataFrame:
    """Sources of the given kinds (all when empty) whose publisher or title contains `query`
    (case-insensitive, plain text; no restriction when blank)."""
    kinds = set(kinds)
    rows = pd.Series(True, index=support.index)
    if kinds:
        rows &= support["kind"].isin(kinds)
    query = (query or "").strip().casefold()
    if query:
        text = support["publisher"].fillna("") + "\n" + support["title"].fillna("")
        rows &= text.str.casefold().str.contains(query, regex=False)
    return support[rows.astype(bool)]
