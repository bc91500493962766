"""The store and the derived dataset, cached across reruns and sessions.

The derived dataset is keyed on the store's latest change id, so an edit made on the data desk
shows on every page at the next rerun, while an unchanged store costs one small query.

Setting CORRIDOR_DATASET_DIR to a folder of table CSVs (for instance one written by
scripts/synthetic.py) starts the app read-only on that dataset instead of the store: the
files are validated once and derived once per process.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import streamlit as st

from analysis.datafiles import read_data_dir, typed
from analysis.dataset import Corridor, derive
from analysis.store import Store, open_default
from analysis.validate import check_dataset


def dataset_dir() -> str | None:
    """The read-only dataset folder, when the app was started on one."""
    return os.environ.get("CORRIDOR_DATASET_DIR") or None


@st.cache_resource(show_spinner="Opening the store…")
def store() -> Store:
    """The shared store, created and seeded from data/ on first start."""
    return open_default()


def _typed_and_derived(frames) -> Corridor:
    return derive({name: typed(name, frame) for name, frame in frames.items()})


@st.cache_resource(max_entries=2, show_spinner="Reconciling reports…")
def _derived(change_id: int) -> Corridor:
    return _typed_and_derived(store().read_all())


@st.cache_resource(max_entries=1, show_spinner="Loading and checking the dataset…")
def _from_files(folder: str) -> Corridor:
    frames = read_data_dir(folder)
    with ThreadPoolExecutor(1) as pool:  # check and derive at once: both leave the text frames alone
        checked = pool.submit(check_dataset, frames)
        data = _typed_and_derived(frames)
        checked.result()  # a dataset that fails its checks is never shown
    return data


def corridor() -> Corridor:
    """The current dataset. Treat it as read-only: it is shared by every session."""
    folder = dataset_dir()
    if folder:
        return _from_files(folder)
    return _derived(store().last_change_id())
