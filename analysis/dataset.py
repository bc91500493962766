"""Everything the pages show, derived in one pass from the stored tables."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.reconcile import reconcile_cargoes, reconcile_orders
from analysis.volumes import fulfilment_ledger


@dataclass(frozen=True)
class Corridor:
    """Typed tables (numbers as float, everything else text) and their reconciled views."""

    tables: dict[str, pd.DataFrame]
    cargoes: pd.DataFrame
    orders: pd.DataFrame
    ledger: pd.DataFrame

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def derive(tables: dict[str, pd.DataFrame]) -> Corridor:
    """Reconcile cargoes and orders and build the fulfilment ledger from typed tables."""
    cargoes = reconcile_cargoes(tables["cargo_reports"], tables["sources"], tables["grades"])
    orders = reconcile_orders(tables["orders"], tables["sources"], tables["grades"])
    return Corridor(tables, cargoes, orders, fulfilment_ledger(orders, cargoes))
