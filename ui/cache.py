"""Keeping pages quick on a large dataset: derived views computed once per dataset version and
filter values, tables capped at MAX_ROWS rows, CSV downloads built only when asked for.

A dataset version is one Corridor object (ui.state.corridor() returns a new one after every
change to the store), so a cached view can never outlive the data it was computed from.
"""
from __future__ import annotations

import dataclasses
import threading
import uuid
import weakref
from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st

from analysis.dataset import Corridor
from analysis.export import to_csv_bytes

MAX_ROWS = 1_000  # rows a table sends to the browser at once

# Objects by id: a dataset's version token, or a cached result's key. The weak reference tells
# a live object from a dead one whose id has been reused.
_NAMES: dict[int, tuple[weakref.ref, object]] = {}
_LOCK = threading.Lock()


def _named(obj) -> object | None:
    with _LOCK:
        known = _NAMES.get(id(obj))
        return known[1] if known is not None and known[0]() is obj else None


def _name(obj, name: object) -> None:
    try:
        ref = weakref.ref(obj)
    except TypeError:  # a tuple or a number: it cannot be passed on to cached(), nor needs to be
        return
    with _LOCK:
        for key in [k for k, (r, _) in _NAMES.items() if r() is None]:
            del _NAMES[key]
        _NAMES[id(obj)] = (ref, name)


def version(data: Corridor) -> str:
    """A token naming this dataset object, new for every object."""
    token = _named(data)
    if token is None:
        token = uuid.uuid4().hex
        _name(data, token)
    return token


@st.cache_resource(max_entries=128, ttl=3600, show_spinner=False)
def _computed(dataset: str, key: tuple, _call: Callable):
    return _call()


def _key_part(value, parts: dict[int, str]):
    if id(value) in parts:
        return ("dataset", parts[id(value)])
    earlier = _named(value)
    if earlier is not None:
        return ("cached", earlier)
    if isinstance(value, (pd.DataFrame, pd.Series, pd.Index, dict, Corridor)):
        raise TypeError("cached() takes the dataset, its parts and results of cached(), "
                        "not other frames")
    return tuple(value) if isinstance(value, (list, set, frozenset)) else value


def cached(data: Corridor, fn: Callable, *args, **kwargs):
    """fn(*args, **kwargs), computed once per dataset version and argument values and shared by
    every session: treat the result as read-only. Frames among the arguments must be `data`
    itself, its parts (tables, cargoes, orders, ledger), or results of cached() on it (a
    dataclass result's fields too); other arguments are plain values (dates, units, tuples of
    ids, an Assumptions scenario). At most 128 results are kept, each for an hour at most."""
    parts = {id(data): "corridor", id(data.tables): "tables", id(data.cargoes): "cargoes",
             id(data.orders): "orders", id(data.ledger): "ledger",
             **{id(frame): name for name, frame in data.tables.items()}}
    key = (f"{fn.__module__}.{fn.__qualname__}", tuple(_key_part(a, parts) for a in args),
           tuple((name, _key_part(v, parts)) for name, v in sorted(kwargs.items())))
    result = _computed(version(data), key, partial(fn, *args, **kwargs))
    _name(result, (version(data), key))
    if dataclasses.is_dataclass(result):  # its frames may be passed on too
        for field in dataclasses.fields(result):
            _name(getattr(result, field.name), (version(data), key, field.name))
    return result


def first_rows(frame: pd.DataFrame, what: str, total: int | None = None, limit: int | None = None) -> pd.DataFrame:
    """At most `limit` (else MAX_ROWS) rows of `frame` for a table; when there are more (`total`,
    else the frame's length), a caption says how many and that the CSV download holds them all."""
    total = len(frame) if total is None else total
    limit = MAX_ROWS if limit is None else limit
    if total > limit:
        st.caption(f"Showing the first {limit:,} of {total:,} {what}; the CSV download below has "
                   "every one of them.")
    return frame.head(limit)


def download_later(make: pd.DataFrame | Callable[[], pd.DataFrame], name: str, key: str,
                   label: str = "Download CSV") -> None:
    """A CSV download (cells escaped against formula injection) built only when it is clicked,
    so a rerun never writes a large file nobody asked for. `make` is the frame, or a function
    of no arguments returning it (for a frame worth computing only on that click)."""
    frame = make if callable(make) else (lambda: make)
    st.download_button(label, lambda: to_csv_bytes(frame()), file_name=f"{name}.csv", mime="text/csv",
                       key=key, icon=":material/download:", on_click="ignore")
