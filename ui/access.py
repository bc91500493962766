"""Who can reach this server, said plainly on every page.

Without sign-in, Corridor is a single-user local session: it serves on 127.0.0.1 only
(.streamlit/config.toml), and edits carry whatever name the editor types. Served on another
interface, anyone who can open the link could edit, so a server started that way shows no page
unless CORRIDOR_OPEN_EDITING=1 says that is intended, and then every page carries a banner saying
so.
"""
from __future__ import annotations

import os

import streamlit as st

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
OPEN_EDITING = "CORRIDOR_OPEN_EDITING"


def local_only() -> bool:
    """True when the server listens on this computer's loopback interface only."""
    return (st.get_option("server.address") or "") in LOOPBACK


def show_access() -> None:
    """The sidebar note on a local session; on another interface, the banner that anyone with the
    link can edit, or (without CORRIDOR_OPEN_EDITING=1) a refusal, and the run stops."""
    if local_only():
        st.sidebar.caption("Single-user local session: only this computer can open Corridor, and edits "
                           "are recorded under the name typed on the Data desk.")
        return
    if os.environ.get(OPEN_EDITING) == "1":
        st.warning("Anyone who can open this link can add, correct, delete and import records, under any "
                   "name they type: this server has no sign-in.", icon=":material/lock_open:")
        return
    st.error("This server listens on another interface than this computer's and has no sign-in, so anyone "
             "who can reach it could change the data. Serve it on 127.0.0.1, or set "
             f"{OPEN_EDITING}=1 where everyone who can reach it may edit.", icon=":material/lock:")
    st.stop()
