"""A derived dataset brought up to date with the records an edit changed.

After an edit only the cargoes and orders whose accounts changed are reconciled again, and only
their orders' rows of the fulfilment ledger rebuilt; the rest of the previous `Corridor` is kept.
A change to sources or grades re-derives everything: every account's ranking and every
cargo's barrels depend on them. `tests/test_refresh.py` checks the result equals a full derive.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.datafiles import typed
from analysis.dataset import Corridor, derive
from analysis.reconcile import reconcile_cargoes, reconcile_orders
from analysis.schema import TABLES
from analysis.store import Store, columnar
from analysis.volumes import fulfilment_ledger

EVERYTHING = frozenset({"sources", "grades"})  # what every reconciled row depends on
# Changed records above which reading everything again costs less than patching them in.
MOST_PATCHED = 20_000


def patched_table(table: pd.DataFrame, key: str, fresh: pd.DataFrame,
                  changed: set[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the table with the rows of `changed` keys replaced by `fresh`, the rows replaced).

    A changed key missing from `fresh` was deleted. Replaced and new rows go last: nothing
    derived depends on the order of a table's rows.
    """
    hit = table[key].isin(changed).to_numpy()
    fresh = fresh[[c for c in table.columns]] if len(fresh) else fresh.reindex(columns=table.columns)
    kept = table[~hit] if hit.any() else table
    parts = [kept, fresh.astype(table.dtypes.to_dict())] if len(fresh) else [kept]
    out = pd.concat(parts, ignore_index=True) if len(parts) > 1 else kept.reset_index(drop=True)
    return out, table[hit]


def _in_final_order(frame: pd.DataFrame, start: str, group: str) -> pd.DataFrame:
    """Rows as the reconciliation orders them: by best date (missing last), then by group
    value, the joined accounts' row before those that unconfirmed accounts form, by id."""
    base = frame["possible_match"].fillna(frame[group]) if "possible_match" in frame else frame[group]
    own = frame["possible_match"].notna().to_numpy() if "possible_match" in frame else np.zeros(len(frame), bool)
    dates = frame[start].to_numpy().view(np.int64).copy()
    dates[frame[start].isna().to_numpy()] = np.iinfo(np.int64).max
    base_rank = pd.factorize(base, sort=True)[0]
    id_rank = pd.factorize(frame[group], sort=True)[0]
    order = np.lexsort((id_rank, own, base_rank, dates))
    return frame.take(order).reset_index(drop=True)


def _regrouped(previous: pd.DataFrame, part: pd.DataFrame, groups: set[str], group: str,
               start: str) -> pd.DataFrame:
    """`previous` with the rows of `groups` (and the rows their unconfirmed accounts form)
    replaced by `part`."""
    stale = previous[group].isin(groups)
    if "possible_match" in previous:
        stale |= previous["possible_match"].isin(groups)
    return _in_final_order(pd.concat([previous[~stale], part], ignore_index=True), start, group)


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


def current(store: Store, previous: Corridor | None, since: int) -> tuple[Corridor, int]:
    """The store's dataset and the change-log id it includes, from `previous` (which includes
    every change up to `since`): only the records changed since are read and re-derived.

    Records changed while this runs may be read already; the next call reads them again, so
    applying a change twice does no harm.
    """
    if previous is None:
        latest = store.last_change_id()
        return derive(store.read_typed()), latest
    log = store.changes_since(since)
    if log.empty:
        return previous, since
    latest = int(log["change_id"].max())
    log = log[log["action"] != "conflict"]
    changed = {table: set(group["record_key"]) for table, group in log.groupby("table_name")}
    if not changed:
        return previous, latest
    if sum(len(keys) for keys in changed.values()) > MOST_PATCHED:
        return derive(store.read_typed()), latest
    fresh = {name: typed(name, columnar.read_keys(store.url, name, sorted(keys))) for name, keys in changed.items()}
    return refreshed(previous, fresh, changed), latest
