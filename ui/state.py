"""The store and the derived dataset, cached across reruns and sessions.

The derived dataset follows the store's change log: an edit made on the data desk shows on every
page at the next rerun, where only the records it changed are read and re-derived, while an
unchanged store costs one small query.

Setting CORRIDOR_DATASET_DIR to a folder of table CSVs (for instance one written by
scripts/synthetic.py) starts the app read-only on that dataset instead of the store: the
files are validated once and derived once per process.
"""
from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import streamlit as st

from analysis.datafiles import read_data_dir, typed
from analysis.access import AccessPolicy
from analysis.dataset import Corridor, derive
from analysis.refresh import current
from analysis.store import Store, open_default
from analysis.validate import check_dataset
from ui.access import policy


def dataset_dir() -> str | None:
    """The read-only dataset folder, when the app was started on one."""
    return os.environ.get("CORRIDOR_DATASET_DIR") or None


def stop_if_read_only(desk: str) -> None:
    """On a server started read-only on a dataset folder, say that `desk` is closed and stop."""
    if dataset_dir():
        st.warning(f"This server was started read-only on a dataset folder (CORRIDOR_DATASET_DIR), so the "
                   f"{desk} is closed: nothing could be written.", icon=":material/lock:")
        st.stop()


def store() -> Store:
    """The shared store, created and seeded from data/ on first start; with sign-in on, every
    write is checked against the access lists of the secrets (read at each call, so that a store
    opened before the server read its settings never writes unchecked)."""
    return open_store(policy())


@st.cache_resource(show_spinner="Opening the store…")
def open_store(rules: AccessPolicy | None) -> Store:
    """The store, opened once per access policy."""
    return open_default(rules)


def _typed_and_derived(frames) -> Corridor:
    return derive({name: typed(name, frame) for name, frame in frames.items()})


class _Reader:
    """The store's derived dataset and the change-log id it includes, shared by every session."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.store: Store | None = None  # the store `data` was read from
        self.data: Corridor | None = None
        self.change_id = -1


@st.cache_resource
def _reader() -> _Reader:
    return _Reader()


def _from_store() -> Corridor:
    """The store's dataset, brought up to date with any change since the last rerun (only the
    changed records are read and re-derived: `analysis.refresh`)."""
    reader, db = _reader(), store()
    latest = db.last_change_id()
    if reader.change_id != latest or reader.store is not db:
        with reader.lock, st.spinner("Reconciling reports…"):
            if reader.store is not db:
                reader.store, reader.data, reader.change_id = db, None, -1
            if reader.change_id < latest:
                reader.data, reader.change_id = current(db, reader.data, reader.change_id)
    return reader.data


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
    return _from_store()
