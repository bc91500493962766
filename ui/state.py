"""The store and the derived dataset, cached across reruns and sessions.

The derived dataset is keyed on the store's latest change id, so an edit made on the data desk
shows on every page at the next rerun, while an unchanged store costs one small query.
"""
from __future__ import annotations

import streamlit as st

from analysis.datafiles import typed
from analysis.dataset import Corridor, derive
from analysis.store import Store, open_default


@st.cache_resource(show_spinner="Opening the store…")
def store() -> Store:
    """The shared store, created and seeded from data/ on first start."""
    return open_default()


@st.cache_resource(max_entries=2, show_spinner="Reconciling reports…")
def _derived(change_id: int) -> Corridor:
    frames = store().read_all()
    return derive({name: typed(name, frame) for name, frame in frames.items()})


def corridor() -> Corridor:
    """The current dataset. Treat it as read-only: it is shared by every session."""
    return _derived(store().last_change_id())
