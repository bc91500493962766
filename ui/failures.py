"""An unexpected error on a page, shown to the reader as a short message with an error id; the
traceback goes to the server log under that id, never to the browser (stack traces name server
paths, queries and stored values)."""
from __future__ import annotations

import logging
import secrets

import streamlit as st

LOG = logging.getLogger("corridor.errors")


class Error(Exception):
    """What the reader is told about an unexpected error: no traceback, no detail. (Its name is
    what the browser shows before the message.)"""


def show_failure(error: BaseException, page: str) -> str:
    """Log `error` with its traceback under a new error id, show the reader a short message
    naming that id, and return the id."""
    error_id = secrets.token_hex(4)
    LOG.error("error id %s on page %s", error_id, page, exc_info=error)
    # st.exception of an exception never raised shows its type and message only: it has no trace.
    st.exception(Error(f"This page could not be drawn because of an unexpected error. Error id {error_id}: "
                       "give it to whoever runs Corridor, who will find the details in the server log. "
                       "Reloading the page may help."))
    return error_id
