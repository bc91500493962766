"""A derived dataset brought up to date with the records an edit changed.

After an edit only the cargoes and orders whose accounts changed are reconciled again, and only
their orders' rows of the fulfilment ledger rebuilt; the rest of the previous `Corridor` is kept.
A change to sources or grades re-derives everything: every account's ranking and every
cargo's barrels depend on them. `tests/test_refresh.py` checks the result equals a full derive.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis import snapshot
from analysis.datafiles import typed
from analysis.dataset import Corridor, derive
from analysis.reconcile import reconcile_cargoes, reconcile_orders
from analysis.schema import TABLES
from analysis.store import Store, columnar
from analysis.volumes import fulfilment_ledger

EVERYTHING = frozenset({"sources", "grades"})  # what every reconciled row depends on
# Changed records above which reading everything again costs less than patching them in.
MOST_PATCHED = 20_000
# Changes a server catches up on from a snapshot above which it writes a newer one.
SNAPSHOT_BEHIND = 1_000
# Pieces a spliced text column may be held in before it is joined into one again.
MOST_CHUNKS = 32
# Rows dropped and added above which a table or view is rebuilt whole rather than spliced.
MOST_PIECES = 200


def _compact(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with text columns held in one piece again once splicing has cut them into many
    (Arrow-backed columns are joined without copying, and many small chunks slow every later
    operation on them)."""
    columns = {}
    for name in frame.columns:
        values = frame[name].array
        if isinstance(values, pd.arrays.ArrowExtensionArray):
            chunked = values.__arrow_array__()
            if chunked.num_chunks > MOST_CHUNKS:
                columns[name] = pd.array(chunked.combine_chunks(), dtype=values.dtype)
    return frame.assign(**columns) if columns else frame


def _spliced(frame: pd.DataFrame, drop: np.ndarray, part: pd.DataFrame, at: np.ndarray) -> pd.DataFrame:
    """`frame` without its rows at positions `drop` and with the rows of `part` put before
    the rows at positions `at` (one per row of `part`, non-decreasing; len(frame) for the end).
    Whole runs of rows are kept as slices, so only the changed rows are copied."""
    cuts = sorted([(int(p), 1, i) for i, p in enumerate(at)] + [(int(p), 0, -1) for p in drop])
    pieces, begin = [], 0
    for position, inserting, row in cuts:
        if position > begin:
            pieces.append(frame.iloc[begin:position])
        begin = max(begin, position)
        if inserting:
            pieces.append(part.iloc[row:row + 1])
        else:
            begin = position + 1
    pieces.append(frame.iloc[begin:])
    pieces = [p for p in pieces if len(p)] or [frame.iloc[:0]]
    return _compact(pd.concat(pieces, ignore_index=True))


def patched_table(table: pd.DataFrame, key: str, fresh: pd.DataFrame,
                  changed: set[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the table with the rows of `changed` keys replaced by `fresh`, the rows replaced).

    A changed key missing from `fresh` was deleted. Replaced and new rows go last: nothing
    derived depends on the order of a table's rows.
    """
    hit = table[key].isin(changed).to_numpy()
    fresh = (fresh[list(table.columns)] if len(fresh) else fresh.reindex(columns=table.columns)).astype(
        table.dtypes.to_dict())
    drop = np.flatnonzero(hit)
    if len(drop) + len(fresh) > MOST_PIECES:
        return pd.concat([table[~hit], fresh], ignore_index=True), table.take(drop)
    return _spliced(table, drop, fresh, np.full(len(fresh), len(table))), table.take(drop)


def _start_dates(frame: pd.DataFrame, start: str) -> np.ndarray:
    """The best dates as int64, a missing one as the largest (it sorts last)."""
    dates = frame[start].to_numpy().view(np.int64).copy()
    dates[frame[start].isna().to_numpy()] = np.iinfo(np.int64).max
    return dates


def _order_keys(frame: pd.DataFrame, start: str, group: str):
    """What the reconciliation orders rows by, as a function of a row position: the best
    date (missing last), the group value (for a row an unconfirmed account forms, the group it
    may belong to), whether the row is such a row, and its id. Also the dates alone, as int64."""
    dates = _start_dates(frame, start)
    ids = frame[group].array
    maybe = frame["possible_match"].array if "possible_match" in frame else None

    def key(i: int) -> tuple:
        other = None if maybe is None else maybe[i]
        own = isinstance(other, str)
        return dates[i], other if own else ids[i], own, ids[i]
    return key, dates


def _in_final_order(frame: pd.DataFrame, start: str, group: str) -> pd.DataFrame:
    """Rows as the reconciliation orders them: by best date (missing last), then by group
    value, the joined accounts' row before those that unconfirmed accounts form, by id."""
    base = frame["possible_match"].fillna(frame[group]) if "possible_match" in frame else frame[group]
    own = frame["possible_match"].notna().to_numpy() if "possible_match" in frame else np.zeros(len(frame), bool)
    dates = _start_dates(frame, start)
    base_rank = pd.factorize(base, sort=True)[0]
    id_rank = pd.factorize(frame[group], sort=True)[0]
    order = np.lexsort((id_rank, own, base_rank, dates))
    return frame.take(order).reset_index(drop=True)


def _regrouped(previous: pd.DataFrame, part: pd.DataFrame, groups: set[str], group: str,
               start: str) -> pd.DataFrame:
    """`previous` (in the reconciliation's order) with the rows of `groups` (and the rows
    their unconfirmed accounts form) replaced by `part` (reconciled, in the same order)."""
    stale = previous[group].isin(groups)
    if "possible_match" in previous:
        stale |= previous["possible_match"].isin(groups)
    if stale.sum() + len(part) > MOST_PIECES:
        return _in_final_order(pd.concat([previous[~stale], part], ignore_index=True), start, group)
    old_key, dates = _order_keys(previous, start, group)
    new_key, new_dates = _order_keys(part, start, group)
    at = []
    for i in range(len(part)):
        low, high = np.searchsorted(dates, new_dates[i], "left"), np.searchsorted(dates, new_dates[i], "right")
        at.append(bisect_left(range(len(previous)), new_key(i), int(low), int(high), key=old_key))
    return _spliced(previous, np.flatnonzero(stale.to_numpy()), part.reset_index(drop=True), np.array(at, int))


def refreshed(previous: Corridor, fresh: Mapping[str, pd.DataFrame], changed: Mapping[str, set[str]]) -> Corridor:
    """`previous` with the records of `changed` (keys per table) as `fresh` gives them now
    (typed rows, as `analysis.datafiles.typed` makes them; a key missing there was deleted)."""
    tables, replaced = dict(previous.tables), {}
    for name, keys in changed.items():
        tables[name], replaced[name] = patched_table(previous.tables[name], TABLES[name].key, fresh[name], keys)
    if EVERYTHING & changed.keys():
        return derive(tables)
    cargoes, orders, orders_touched = previous.cargoes, previous.orders, set()
    if "cargo_reports" in changed:
        groups = set(replaced["cargo_reports"]["cargo_id"].dropna()) | set(fresh["cargo_reports"]["cargo_id"].dropna())
        reports = tables["cargo_reports"]
        part = reconcile_cargoes(reports[reports["cargo_id"].isin(groups)], tables["sources"], tables["grades"])
        old = cargoes[cargoes["cargo_id"].isin(groups) | cargoes["possible_match"].isin(groups)]
        orders_touched |= set(old["order_id"].dropna()) | set(part["order_id"].dropna())
        cargoes = _regrouped(cargoes, part, groups, "cargo_id", "arrival_start")
    if "orders" in changed:
        groups = set(replaced["orders"]["order_id"].dropna()) | set(fresh["orders"]["order_id"].dropna())
        accounts = tables["orders"]
        part = reconcile_orders(accounts[accounts["order_id"].isin(groups)], tables["sources"], tables["grades"])
        orders = _regrouped(orders, part, groups, "order_id", "placed_start")
        orders_touched |= groups
    ledger = previous.ledger
    if orders_touched:
        part = fulfilment_ledger(orders[orders["order_id"].isin(orders_touched)],
                                 cargoes[cargoes["order_id"].isin(orders_touched)])
        rest = ledger[~ledger["order_id"].isin(orders_touched)]
        ledger = pd.concat([rest, part], ignore_index=True).set_index("order_id").reindex(orders["order_id"]).reset_index()
    return Corridor(tables, cargoes, orders, ledger)


def _changes(store: Store, since: int) -> tuple[int, dict[str, set[str]] | None, dict[str, pd.DataFrame]]:
    """The change-log id up to which the store has changed since `since`, the keys changed per
    table (None when so many that reading everything costs less), and their typed rows now."""
    log = store.changes_since(since)
    if log.empty:
        return since, {}, {}
    latest = int(log["change_id"].max())
    log = log[log["action"] != "conflict"]
    changed = {table: set(group["record_key"]) for table, group in log.groupby("table_name")}
    if sum(len(keys) for keys in changed.values()) > MOST_PATCHED:
        return latest, None, {}
    return latest, changed, {name: typed(name, columnar.read_keys(store.url, name, sorted(keys)))
                             for name, keys in changed.items()}


def _first(store: Store) -> tuple[Corridor, int]:
    """The dataset of a server that holds none yet: from the store's snapshot where one holds;
    else from a snapshot's tables (written by code that derived them otherwise), caught up and
    derived; else read and derived in full. A snapshot is written for a large store unless the
    one used was recent enough."""
    opened = snapshot.load(store)
    if opened is not None:
        data, latest = current(store, *opened)
        if latest - opened[1] > SNAPSHOT_BEHIND:
            snapshot.save_later(store, data, latest)
        return data, latest
    kept, changed = snapshot.load_tables(store), None
    if kept is not None:
        tables, since = kept
        latest, changed, fresh = _changes(store, since)
    if changed is None:  # no snapshot's tables, or so much changed since that reading all costs less
        latest = store.last_change_id()
        tables = store.read_typed()
    else:
        for name, keys in changed.items():
            tables[name] = patched_table(tables[name], TABLES[name].key, fresh[name], keys)[0]
    data = derive(tables)
    snapshot.save_later(store, data, latest)
    return data, latest


def current(store: Store, previous: Corridor | None, since: int) -> tuple[Corridor, int]:
    """The store's dataset and the change-log id it includes, from `previous` (which includes
    every change up to `since`): only the records changed since are read and re-derived.

    Without `previous`, from the store's snapshot (`analysis.snapshot`) where one holds, else
    read and derived in full (and, for a large store, a snapshot written meanwhile); see `_first`.
    Records changed while this runs may be read already; the next call reads them again, so
    applying a change twice does no harm.
    """
    if previous is None:
        return _first(store)
    latest, changed, fresh = _changes(store, since)
    if changed is None:
        return derive(store.read_typed()), latest
    if not changed:
        return previous, latest
    return refreshed(previous, fresh, changed), latest
