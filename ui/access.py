"""Who is reading and what they may do, said plainly on every page.

With an [auth] section in the secrets, sign-in is on (Streamlit's `st.login`, OpenID Connect):
nothing is shown before it, a sign-in older than the [access] section's `session_hours` is asked
for again, an account no access list admits is refused, and the sidebar names the account and
its role. The roles (analysis/access.py) decide which write controls a page draws; the store
checks them again on every write.

Without sign-in, Corridor is a single-user local session: it serves on 127.0.0.1 only
(.streamlit/config.toml), and edits carry whatever name the editor types. Served on another
interface, anyone who can open the link could edit, so a server started that way shows no page
unless CORRIDOR_OPEN_EDITING=1 says that is intended, and then every page carries a banner saying
so.
"""
from __future__ import annotations

import os
import time

import streamlit as st

from analysis.access import ROLES, AccessPolicy, Writer

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
OPEN_EDITING = "CORRIDOR_OPEN_EDITING"


def local_only() -> bool:
    """True when the server listens on this computer's loopback interface only."""
    return (st.get_option("server.address") or "") in LOOPBACK


def sign_in_on() -> bool:
    """Whether the secrets configure sign-in (an [auth] section)."""
    return st.secrets.load_if_toml_exists() and "auth" in st.secrets


def policy() -> AccessPolicy | None:
    """The access lists of the secrets' [access] section when sign-in is on (ValueError when it is
    malformed), else None: a local session, where no write is checked."""
    if not sign_in_on():
        return None
    return AccessPolicy.from_mapping(st.secrets.get("access", {}))


def writer() -> Writer | None:
    """Who this session writes as when signed in; None without sign-in or before it."""
    rules = policy()
    if rules is None or not st.user.get("is_logged_in", False):
        return None
    return Writer.from_claims(st.user.to_dict(), rules.group_claim)


def role() -> str:
    """This session's role (one of analysis.access.ROLES); "admin" in a local session, where the
    one user may do everything."""
    rules, who = policy(), writer()
    if rules is None:
        return "admin"
    return "refused" if who is None else rules.role(who)


def may(least: str) -> bool:
    """Whether this session's role is at least `least` ("editor", "admin")."""
    return ROLES.index(role()) >= ROLES.index(least)


def who_writes(viewer_note: str, before: str) -> Writer | str:
    """Who this session's writes are recorded as, said on the page: with sign-in, the account the
    provider vouched for (a viewer is told `viewer_note`); without it, the name typed in this
    single-user local session ("" until one is typed, with a warning to type it before `before`).
    The name field is shared by every page that writes."""
    if sign_in_on():
        user = writer()
        if may("editor"):
            st.text(f"Signed in as {user.name} ({role()}): your changes are recorded under this account.")
        else:
            st.info(viewer_note, icon=":material/visibility:")
        return user
    user = (st.text_input("Your name", key="desk_user", persist_state="session", max_chars=80,
                          placeholder="e.g. Ayesha Khan",
                          help="Recorded with every change you make, so colleagues know whom to ask.") or "").strip()
    if not user:
        st.warning(f"Type your name above before {before}: every change records who made it.",
                   icon=":material/badge:")
    return user


def _expired(rules: AccessPolicy) -> bool:
    issued = st.user.get("iat")
    return isinstance(issued, (int, float)) and time.time() - issued > rules.session_hours * 3600


def _ask_to_sign_in(message: str) -> None:
    st.title("Corridor")
    st.info(message, icon=":material/login:")
    if st.button("Sign in", type="primary", icon=":material/login:", key="access_sign_in"):
        st.login()
    st.stop()


def show_access() -> None:
    """Sign-in, the refusal of an account without access, and who is signed in; without sign-in,
    the note on a local session, or on another interface the banner that anyone with the link can
    edit (a refusal without CORRIDOR_OPEN_EDITING=1). Stops the run where nothing may be shown."""
    if sign_in_on():
        _show_sign_in()
        return
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


def _show_sign_in() -> None:
    try:
        rules = policy()
    except ValueError as err:
        st.error(f"Sign-in is set up, but the access lists cannot be read: {err}. Nothing is shown until "
                 "the secrets are corrected.", icon=":material/lock:")
        st.stop()
    if not st.user.get("is_logged_in", False):
        _ask_to_sign_in("Sign in with your organisation's account to open Corridor.")
    if _expired(rules):
        _ask_to_sign_in(f"Your sign-in is more than {rules.session_hours:g} hours old. Sign in again to go on.")
    who, held = writer(), role()
    if held == "refused":
        st.title("Corridor")
        st.error("This account has no access to Corridor. Ask whoever runs it to add you, or sign out and "
                 "sign in with another account.", icon=":material/block:")
        st.text(f"Signed in as {who.name}")  # the provider's text, never read as Markdown
        if st.button("Sign out", key="access_sign_out_refused", icon=":material/logout:"):
            st.logout()
        st.stop()
    with st.sidebar:
        st.text(f"Signed in as {who.name} · {held}")
        if st.button("Sign out", key="access_sign_out", icon=":material/logout:"):
            st.logout()
